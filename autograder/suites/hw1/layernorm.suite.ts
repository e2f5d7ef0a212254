/**
 * §11 LayerNorm1d (bonus): torch.nn.LayerNorm over the last axis of (N, D) input, forward and
 * backward, with W and b set from inputs. Rows get offsets of their own (a row mean that is
 * not 0), and N ≠ D in the public variants, so statistics taken over the wrong axis fail on
 * the values; a batch of one is checked too.
 */
import type { Generator, NDArray } from "#ndarray";
import { defineCase, type CaseSpec, type Size } from "../../src/suite.js";
import type { HW1 } from "./types.js";

const section = "layernorm";

const layerNormSizes = {
  public: [
    { N: 4, D: 6 },
    { N: 7, D: 3 },
  ],
  hidden: [
    { N: 1, D: 5 },
    { N: 16, D: 9 },
    { N: 5, D: 5 },
  ],
};

function layerNormInputs(rng: Generator, size: Size): Record<string, NDArray> {
  const [N, D] = [size.N as number, size.D as number];
  return { Z: rng.randn([N, D]).mul(3).add(rng.randn([N, 1]).mul(2)), W: rng.uniform(0.5, 1.5, [D]), b: rng.randn([D]), dLdY: rng.randn([N, D]) };
}

function layerNorm(hw: HW1, inputs: Readonly<Record<string, NDArray>>): InstanceType<HW1["LayerNorm1d"]> {
  const ln = new hw.LayerNorm1d(inputs.W.shape[0]);
  ln.W = inputs.W.clone();
  ln.b = inputs.b.clone();
  return ln;
}

export const cases: CaseSpec<HW1>[] = [
  defineCase<HW1>({
    id: "layernorm.forward",
    number: "11.1",
    section,
    title: "LayerNorm1d forward",
    points: 2,
    bonus: true,
    sizes: layerNormSizes,
    inputs: layerNormInputs,
    run: ({ hw, inputs }) => ({ Y: layerNorm(hw, inputs).forward(inputs.Z) }),
    failureHint: "Normalise each ROW over its D features (axis −1, keepdims), with the biased variance (divide by D) and eps inside the square root, then W ⊙ NZ + b.",
  }),
  defineCase<HW1>({
    id: "layernorm.backward",
    number: "11.2",
    section,
    title: "LayerNorm1d backward: dLdZ, dLdW, dLdb",
    points: 2,
    bonus: true,
    sizes: layerNormSizes,
    inputs: layerNormInputs,
    run: ({ hw, inputs }) => {
      const ln = layerNorm(hw, inputs);
      ln.forward(inputs.Z);
      const dLdZ = ln.backward(inputs.dLdY);
      return { dLdZ, dLdW: ln.dLdW as NDArray, dLdb: ln.dLdb as NDArray };
    },
    failureHint:
      "BatchNorm's training-mode gradient with the means over axis −1: dLdZ = (dLdNZ − mean(dLdNZ) − NZ ⊙ mean(dLdNZ ⊙ NZ)) / √(V + eps), dLdNZ = dLdY ⊙ W; dLdW = Σₙ dLdY ⊙ NZ, dLdb = Σₙ dLdY.",
  }),
];
