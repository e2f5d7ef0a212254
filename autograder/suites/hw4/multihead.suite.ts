/**
 * §4 Multi-head attention (query (N, L, E), key and value (N, S, E)), with the four
 * projections' W and b set from inputs. Variants cycle through the mask kinds of
 * mask-kinds.ts (except fully masked rows, which §3 covers). The backward cases split
 * the gradients: the inputs', the input projections', the output projection's.
 */
import type { Generator, NDArray } from "#ndarray";
import { defineCase, type CaseSpec, type Inputs, type Outputs, type Size } from "../../src/suite.js";
import { makeMasks } from "./mask-kinds.js";
import type { HW4 } from "./types.js";

const PROJECTIONS = ["q", "k", "v", "o"] as const;

function inputs(rng: Generator, size: Size): Record<string, NDArray> {
  const [N, L, S, E] = ["N", "L", "S", "E"].map((k) => size[k] as number);
  const out: Record<string, NDArray> = {
    query: rng.randn([N, L, E]),
    key: rng.randn([N, S, E]),
    value: rng.randn([N, S, E]),
    dLdY: rng.randn([N, L, E]),
  };
  const k = 1 / Math.sqrt(E);
  for (const p of PROJECTIONS) {
    out[`W${p}`] = rng.uniform(-k, k, [E, E]);
    out[`b${p}`] = rng.uniform(-k, k, [E]);
  }
  return { ...out, ...makeMasks(rng, size) };
}

/** The layer with W and b of every projection from inputs, after one forward. */
function forward(hw: HW4, inputs: Inputs, size: Size) {
  const mha = new hw.MultiheadAttention(size.E as number, size.H as number);
  const projections = { q: mha.qProj, k: mha.kProj, v: mha.vProj, o: mha.outProj };
  for (const p of PROJECTIONS) {
    projections[p].W = inputs[`W${p}`];
    projections[p].b = inputs[`b${p}`];
  }
  const Y = mha.forward(inputs.query, inputs.key, inputs.value, { attnMask: inputs.attnMask, keyPaddingMask: inputs.keyPaddingMask });
  return { mha, projections, Y };
}

const sizes = {
  public: [
    { N: 2, L: 4, S: 4, E: 4, H: 2, mask: "none" },
    { N: 2, L: 5, S: 5, E: 6, H: 3, mask: "both" },
  ],
  hidden: [
    { N: 3, L: 3, S: 5, E: 4, H: 1, mask: "padding" },
    { N: 1, L: 6, S: 6, E: 8, H: 4, mask: "causal" },
    { N: 2, L: 4, S: 3, E: 6, H: 2, mask: "random" },
  ],
};

export const cases: CaseSpec<HW4>[] = [
  defineCase<HW4>({
    id: "multihead.forward",
    number: "4.1",
    section: "multihead",
    title: "Multi-head attention forward",
    points: 5,
    sizes,
    inputs,
    run: ({ hw, inputs, size }) => ({ Y: forward(hw, inputs, size).Y }),
    failureHint: "Split (N, L, E) → (N, L, H, D) → (N, H, L, D), attend per head (scaled by 1/√D), then undo the permute BEFORE merging to (N, L, E).",
  }),
  defineCase<HW4>({
    id: "multihead.backward_input",
    number: "4.2",
    section: "multihead",
    title: "Multi-head attention backward: query, key and value gradients",
    points: 4,
    sizes,
    inputs,
    run: ({ hw, inputs, size }) => {
      const { mha } = forward(hw, inputs, size);
      const { dLdQuery, dLdKey, dLdValue } = mha.backward(inputs.dLdY);
      return { dLdQuery, dLdKey, dLdValue };
    },
    failureHint: "Run the steps in reverse: outProj.backward, split, attention backward, merge each gradient, then each input projection's backward.",
  }),
  defineCase<HW4>({
    id: "multihead.backward_in_proj",
    number: "4.3",
    section: "multihead",
    title: "Multi-head attention backward: input projection gradients",
    points: 4,
    sizes,
    inputs,
    run: ({ hw, inputs, size }) => {
      const { mha, projections } = forward(hw, inputs, size);
      mha.backward(inputs.dLdY);
      const out: Outputs = {};
      for (const p of ["q", "k", "v"] as const) {
        out[`dLdW${p}`] = projections[p].dLdW as NDArray;
        out[`dLdb${p}`] = projections[p].dLdb as NDArray;
      }
      return out;
    },
    failureHint: "Each input projection's backward needs the gradient of ITS output: merge dLdQ, dLdK, dLdV back to (N, ·, E) first.",
  }),
  defineCase<HW4>({
    id: "multihead.backward_out_proj",
    number: "4.4",
    section: "multihead",
    title: "Multi-head attention backward: output projection gradients",
    points: 2,
    sizes,
    inputs,
    run: ({ hw, inputs, size }) => {
      const { mha, projections } = forward(hw, inputs, size);
      mha.backward(inputs.dLdY);
      return { dLdWo: projections.o.dLdW as NDArray, dLdbo: projections.o.dLdb as NDArray };
    },
    failureHint: "outProj.backward(dLdY) stores dLdWo and dLdbo: call it first, on dLdY itself.",
  }),
];
