/**
 * §6 LayerNorm on (N, T, E) input: forward, dLdX, and dLdW/dLdb. Each position gets its
 * own mean and spread so that normalising over the wrong axis fails, and W, b come from
 * inputs (the initial ones and zeros would hide a missing scale or shift). In `flat`
 * variants position (0, 0) is nearly constant (spread 1e-3 around 0, variance below
 * eps = 1e-5), where √(σ² + eps) and √σ² + eps differ by a factor of three.
 */
import type { Generator, NDArray } from "#ndarray";
import { defineCase, type CaseSpec, type Inputs, type Size } from "../../src/suite.js";
import type { HW4 } from "./types.js";

function inputs(rng: Generator, size: Size): Record<string, NDArray> {
  const [N, T, E] = ["N", "T", "E"].map((k) => size[k] as number);
  const spread = rng.uniform(0.5, 3, [N, T, 1]);
  const shift = rng.randn([N, T, 1]).mul(2);
  if (size.flat === true) {
    spread.slice(0, 0).assign(1e-3);
    shift.slice(0, 0).assign(0);
  }
  return {
    X: rng.randn([N, T, E]).mul(spread).add(shift),
    W: rng.randn([E]),
    b: rng.randn([E]),
    dLdY: rng.randn([N, T, E]),
  };
}

function layer(hw: HW4, inputs: Inputs) {
  const ln = new hw.LayerNorm(inputs.W.shape[0]);
  ln.W = inputs.W;
  ln.b = inputs.b;
  ln.forward(inputs.X);
  return ln;
}

const sizes: { public: Size[]; hidden: Size[] } = {
  public: [
    { N: 2, T: 3, E: 4 },
    { N: 3, T: 5, E: 8 },
    { N: 2, T: 2, E: 6, flat: true },
  ],
  hidden: [
    { N: 1, T: 1, E: 2 },
    { N: 4, T: 6, E: 16 },
    { N: 2, T: 7, E: 5 },
  ],
};

export const cases: CaseSpec<HW4>[] = [
  defineCase<HW4>({
    id: "layernorm.forward",
    number: "6.1",
    section: "layernorm",
    title: "LayerNorm forward",
    points: 3,
    sizes,
    inputs,
    run: ({ hw, inputs }) => {
      const ln = new hw.LayerNorm(inputs.W.shape[0]);
      ln.W = inputs.W;
      ln.b = inputs.b;
      return { Y: ln.forward(inputs.X) };
    },
    failureHint: "Normalise each position over the LAST axis with the biased variance (divide by E, not E − 1) and eps = 1e-5 INSIDE the square root, √(σ² + eps) (√σ² + eps fails the flat variant), then W ⊙ NX + b.",
  }),
  defineCase<HW4>({
    id: "layernorm.backward",
    number: "6.2",
    section: "layernorm",
    title: "LayerNorm backward: dLdX",
    points: 4,
    sizes,
    inputs,
    run: ({ hw, inputs }) => ({ dLdX: layer(hw, inputs).backward(inputs.dLdY) }),
    failureHint: "μ and σ² depend on every entry of the position: dLdX = (dLdNX − mean(dLdNX) − NX ⊙ mean(dLdNX ⊙ NX)) / √(σ² + eps), means over the last axis.",
  }),
  defineCase<HW4>({
    id: "layernorm.param_grads",
    number: "6.3",
    section: "layernorm",
    title: "LayerNorm backward: dLdW and dLdb",
    points: 2,
    sizes,
    inputs,
    run: ({ hw, inputs }) => {
      const ln = layer(hw, inputs);
      ln.backward(inputs.dLdY);
      return { dLdW: ln.dLdW as NDArray, dLdb: ln.dLdb as NDArray };
    },
    failureHint: "dLdW = Σ dLdY ⊙ NX and dLdb = Σ dLdY, summed over every axis but the last: shape (E).",
  }),
];
