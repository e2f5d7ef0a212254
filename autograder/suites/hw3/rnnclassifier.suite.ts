/**
 * §2 The multi-layer RNN classifier: forward (logits), then BPTT split in two cases, the
 * gradients of the inputs (dLdx, dLdh0) and every parameter gradient (each layer's four,
 * named with the layer's index, and the output layer's). A cell that overwrites instead of
 * accumulating keeps only the first step's gradient and fails the parameter case.
 */
import type { Generator, NDArray } from "#ndarray";
import { defineCase, type CaseSpec, type Inputs, type Outputs, type Size } from "../../src/suite.js";
import type { HW3 } from "./types.js";

function inputs(rng: Generator, size: Size): Record<string, NDArray> {
  const [N, T, I, H, L, O] = ["N", "T", "I", "H", "L", "O"].map((k) => size[k] as number);
  const k = 1 / Math.sqrt(H);
  const out: Record<string, NDArray> = { x: rng.randn([N, T, I]), h0: rng.randn([L, N, H]).mul(0.5) };
  for (let l = 0; l < L; l++) {
    out[`W_ih${l}`] = rng.uniform(-k, k, [H, l === 0 ? I : H]);
    out[`W_hh${l}`] = rng.uniform(-k, k, [H, H]);
    out[`b_ih${l}`] = rng.uniform(-k, k, [H]);
    out[`b_hh${l}`] = rng.uniform(-k, k, [H]);
  }
  out.W_out = rng.uniform(-k, k, [O, H]);
  out.b_out = rng.uniform(-k, k, [O]);
  out.dLdlogits = rng.randn([N, O]);
  return out;
}

function build(hw: HW3, inputs: Inputs) {
  const [L, , H] = inputs.h0.shape;
  const model = new hw.RNNClassifier(inputs.x.shape[2], H, L, inputs.W_out.shape[0]);
  model.layers.forEach((cell, l) => {
    cell.W_ih = inputs[`W_ih${l}`];
    cell.W_hh = inputs[`W_hh${l}`];
    cell.b_ih = inputs[`b_ih${l}`];
    cell.b_hh = inputs[`b_hh${l}`];
  });
  model.W_out = inputs.W_out;
  model.b_out = inputs.b_out;
  return model;
}

const sizes = {
  public: [
    { N: 2, T: 3, I: 3, H: 4, L: 1, O: 2 },
    { N: 3, T: 5, I: 2, H: 3, L: 2, O: 4 },
  ],
  hidden: [
    { N: 1, T: 1, I: 4, H: 5, L: 2, O: 3 },
    { N: 4, T: 7, I: 3, H: 4, L: 3, O: 2 },
    { N: 5, T: 4, I: 6, H: 6, L: 2, O: 5 },
  ],
};

export const cases: CaseSpec<HW3>[] = [
  defineCase<HW3>({
    id: "rnnclassifier.forward",
    number: "2.1",
    section: "rnnclassifier",
    title: "RNN classifier forward",
    points: 5,
    sizes,
    inputs,
    run: ({ hw, inputs }) => ({ logits: build(hw, inputs).forward(inputs.x, inputs.h0) }),
    failureHint: "Layer 0 reads x[:, t]; layer l > 0 reads layer l − 1's NEW state at the same step (not its state from the previous step); the logits use the top layer's last state.",
  }),
  defineCase<HW3>({
    id: "rnnclassifier.backward_input",
    number: "2.2",
    section: "rnnclassifier",
    title: "RNN classifier BPTT: dLdx and dLdh0",
    points: 6,
    sizes,
    inputs,
    run: ({ hw, inputs }) => {
      const model = build(hw, inputs);
      model.forward(inputs.x, inputs.h0);
      const dLdx = model.backward(inputs.dLdlogits);
      return { dLdx, dLdh0: model.dLdh0 as NDArray };
    },
    failureHint: "A hidden state feeds the same layer at the next step and the layer above at this step: add both gradients (dh[l − 1] += dInput, not =) before its cell's backward(); dLdx[:, t] belongs to step t (walking back, store it at t, not in reverse order).",
  }),
  defineCase<HW3>({
    id: "rnnclassifier.backward_params",
    number: "2.3",
    section: "rnnclassifier",
    title: "RNN classifier BPTT: parameter gradients",
    points: 6,
    sizes,
    inputs,
    run: ({ hw, inputs }) => {
      const model = build(hw, inputs);
      model.forward(inputs.x, inputs.h0);
      model.backward(inputs.dLdlogits);
      const out: Outputs = { dLdW_out: model.dLdW_out as NDArray, dLdb_out: model.dLdb_out as NDArray };
      model.layers.forEach((cell, l) => {
        out[`dLdW_ih${l}`] = cell.dLdW_ih;
        out[`dLdW_hh${l}`] = cell.dLdW_hh;
        out[`dLdb_ih${l}`] = cell.dLdb_ih;
        out[`dLdb_hh${l}`] = cell.dLdb_hh;
      });
      return out;
    },
    failureHint: "Each cell's parameter gradients are sums over all T steps: zero them once at the start of backward(), then let every step add.",
  }),
];
