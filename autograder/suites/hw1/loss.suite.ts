/**
 * §3 Losses, PyTorch's "mean" reduction: MSELoss forward and backward, CrossEntropyLoss
 * forward and backward with int32 class-index targets, and one case with class-probability
 * targets (both passes: the target kind is one behaviour). A public cross-entropy variant
 * has logits around ±100, where e^A without the max shift is ∞ in float32.
 */
import type { Generator, NDArray } from "#ndarray";
import { defineCase, type CaseSpec, type Size } from "../../src/suite.js";
import type { HW1 } from "./types.js";

function mseInputs(rng: Generator, size: Size): Record<string, NDArray> {
  const shape = [size.N as number, size.C as number];
  return { A: rng.randn(shape), Y: rng.randn(shape) };
}

function indexTargets(rng: Generator, size: Size): Record<string, NDArray> {
  const [N, C] = [size.N as number, size.C as number];
  return {
    A: rng.randn([N, C]).mul(size.scale as number),
    Y: rng.randint(0, C, [N], { dtype: "int32" }),
  };
}

const mseSizes = {
  public: [
    { N: 4, C: 3 },
    { N: 8, C: 5 },
  ],
  hidden: [
    { N: 1, C: 1 },
    { N: 13, C: 16 },
    { N: 5, C: 2 },
  ],
};

const ceSizes = {
  public: [
    { N: 4, C: 3, scale: 1 },
    { N: 8, C: 5, scale: 2 },
    { N: 6, C: 4, scale: 100 },
  ],
  hidden: [
    { N: 1, C: 7, scale: 1 },
    { N: 16, C: 16, scale: 3 },
    { N: 9, C: 2, scale: 100 },
  ],
};

export const cases: CaseSpec<HW1>[] = [
  defineCase<HW1>({
    id: "mse.forward",
    number: "3.1",
    section: "loss",
    title: "MSELoss forward",
    points: 2,
    sizes: mseSizes,
    inputs: mseInputs,
    run: ({ hw, inputs: { A, Y } }) => ({ L: new hw.MSELoss().forward(A, Y) }),
    failureHint: "The mean runs over all N·C elements, not only over the batch.",
  }),
  defineCase<HW1>({
    id: "mse.backward",
    number: "3.2",
    section: "loss",
    title: "MSELoss backward",
    points: 2,
    sizes: mseSizes,
    inputs: mseInputs,
    run: ({ hw, inputs: { A, Y } }) => {
      const loss = new hw.MSELoss();
      loss.forward(A, Y);
      return { dLdA: loss.backward() };
    },
    failureHint: "dLdA = 2·(A − Y) / (N·C): keep the factor 2 and the same divisor as forward.",
  }),
  defineCase<HW1>({
    id: "crossentropy.forward",
    number: "3.3",
    section: "loss",
    title: "CrossEntropyLoss forward (class indices)",
    points: 3,
    sizes: ceSizes,
    inputs: indexTargets,
    run: ({ hw, inputs: { A, Y } }) => ({ L: new hw.CrossEntropyLoss().forward(A, Y) }),
    failureHint: "Use the max-shifted log-softmax A − m − log Σ e^(A − m), not the log of a softmax (for logits near ±100 a probability underflows to 0 and its log is −∞), and divide by N only.",
  }),
  defineCase<HW1>({
    id: "crossentropy.backward",
    number: "3.4",
    section: "loss",
    title: "CrossEntropyLoss backward (class indices)",
    points: 3,
    sizes: ceSizes,
    inputs: indexTargets,
    run: ({ hw, inputs: { A, Y } }) => {
      const loss = new hw.CrossEntropyLoss();
      loss.forward(A, Y);
      return { dLdA: loss.backward() };
    },
    failureHint: "dLdA = (softmax(A) − onehot(Y)) / N: divide by N only, not by N·C.",
  }),
  defineCase<HW1>({
    id: "crossentropy.probabilities",
    number: "3.5",
    section: "loss",
    title: "CrossEntropyLoss with class-probability targets",
    points: 2,
    sizes: {
      public: [
        { N: 4, C: 3, scale: 1 },
        { N: 8, C: 5, scale: 2 },
      ],
      hidden: [
        { N: 1, C: 6, scale: 1 },
        { N: 13, C: 16, scale: 3 },
      ],
    },
    inputs: (rng, size) => {
      const [N, C] = [size.N as number, size.C as number];
      const A = rng.randn([N, C]).mul(size.scale as number);
      const R = rng.rand([N, C]).add(0.05);
      return { A, Y: R.div(R.sum(-1, true)) };
    },
    run: ({ hw, inputs: { A, Y } }) => {
      const loss = new hw.CrossEntropyLoss();
      const L = loss.forward(A, Y);
      return { L, dLdA: loss.backward() };
    },
    failureHint: "A float Y of shape (N, C) is the target distribution T itself: no one-hot; still divide by N.",
  }),
];
