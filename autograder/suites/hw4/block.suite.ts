/**
 * §7 The pre-LN decoder block. Each variant builds `new DecoderBlock(E, H, F, { p, rng })`
 * with rng = new Generator(size.seed): the weights come from the block's own (complete)
 * constructor and the dropout masks from the same generator, so student and reference
 * blocks are identical. Variants with p > 0 test the seeded residual dropout; `padded`
 * ones pass a right-padding keyPaddingMask on top of the causal mask.
 */
import { arange, Generator, type NDArray } from "#ndarray";
import { defineCase, type CaseSpec, type Inputs, type Outputs, type Size } from "../../src/suite.js";
import type { HW4 } from "./types.js";

function inputs(rng: Generator, size: Size): Record<string, NDArray> {
  const [N, T, E] = ["N", "T", "E"].map((k) => size[k] as number);
  const out: Record<string, NDArray> = { X: rng.randn([N, T, E]), dLdY: rng.randn([N, T, E]) };
  if (size.padded) {
    const lengths = rng.randint(1, T + 1, [N], { dtype: "int32" });
    out.keyPaddingMask = arange(T).reshape([1, T]).ge(lengths.reshape([N, 1]));
  }
  return out;
}

function block(hw: HW4, inputs: Inputs, size: Size) {
  const [E, H, F] = ["E", "H", "F"].map((k) => size[k] as number);
  const b = new hw.DecoderBlock(E, H, F, { p: size.p as number, rng: new Generator(size.seed as number) });
  const Y = b.forward(inputs.X, inputs.keyPaddingMask);
  return { b, Y };
}

const sizes = {
  public: [
    { N: 2, T: 4, E: 4, H: 2, F: 8, p: 0, padded: false, seed: 61 },
    { N: 2, T: 5, E: 6, H: 3, F: 12, p: 0.2, padded: true, seed: 62 },
  ],
  hidden: [
    { N: 1, T: 6, E: 8, H: 2, F: 16, p: 0, padded: true, seed: 6101 },
    { N: 3, T: 3, E: 4, H: 1, F: 6, p: 0.5, padded: false, seed: 6102 },
    { N: 2, T: 7, E: 6, H: 2, F: 10, p: 0.1, padded: true, seed: 6103 },
  ],
};

export const cases: CaseSpec<HW4>[] = [
  defineCase<HW4>({
    id: "block.forward",
    number: "7.1",
    section: "block",
    title: "Decoder block forward (pre-LN, causal, residual dropout)",
    points: 5,
    sizes,
    inputs,
    run: ({ hw, inputs, size }) => ({ Y: block(hw, inputs, size).Y }),
    failureHint:
      "Pre-LN: H1 = X + drop1(attn(ln1(X)) with the causal mask), Y = H1 + drop2(ff2(gelu(ff1(ln2(H1))))); the residual adds X itself, and drop1 draws before drop2.",
  }),
  defineCase<HW4>({
    id: "block.backward_input",
    number: "7.2",
    section: "block",
    title: "Decoder block backward: dLdX",
    points: 5,
    sizes,
    inputs,
    run: ({ hw, inputs, size }) => ({ dLdX: block(hw, inputs, size).b.backward(inputs.dLdY) }),
    failureHint: "Each residual passes dLdY on unchanged AND through its branch; ln1(X) feeds query, key and value, so add the three input gradients.",
  }),
  defineCase<HW4>({
    id: "block.param_grads",
    number: "7.3",
    section: "block",
    title: "Decoder block backward: every parameter gradient",
    points: 5,
    sizes,
    inputs,
    run: ({ hw, inputs, size }) => {
      const { b } = block(hw, inputs, size);
      b.backward(inputs.dLdY);
      const layers = {
        ln1: b.ln1,
        q: b.attn.qProj,
        k: b.attn.kProj,
        v: b.attn.vProj,
        o: b.attn.outProj,
        ln2: b.ln2,
        ff1: b.ff1,
        ff2: b.ff2,
      };
      const out: Outputs = {};
      for (const [name, layer] of Object.entries(layers)) {
        out[`dLdW_${name}`] = layer.dLdW as NDArray;
        out[`dLdb_${name}`] = layer.dLdb as NDArray;
      }
      return out;
    },
    failureHint: "If dLdX is right, check the order of the chain: the FFN branch's backward runs first, then the attention branch's on dLdH1.",
  }),
];
