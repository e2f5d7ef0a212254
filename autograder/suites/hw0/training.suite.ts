/**
 * §5 softmax regression and §6 the two-layer network: their gradients on one batch, and one
 * epoch of minibatch SGD whose last minibatch is smaller than the others. The epoch
 * functions update their weights in place; `run` hands them copies (so the inputs stay as
 * drawn) and returns the copies afterwards.
 */
import { defineCase, type CaseSpec, type Size } from "../../src/suite.js";
import { batch, num, weights } from "./draw.js";
import type { HW0 } from "./types.js";

const EPOCH_TOLERANCE = { atol: 1e-4, rtol: 1e-3 };

function regressionInputs(rng: Parameters<CaseSpec<HW0>["inputs"]>[0], size: Size) {
  const [N, n, k] = [num(size, "N"), num(size, "n"), num(size, "k")];
  return { ...batch(rng, N, n, k), theta: weights(rng, [n, k], n) };
}

function twoLayerInputs(rng: Parameters<CaseSpec<HW0>["inputs"]>[0], size: Size) {
  const [N, n, h, k] = [num(size, "N"), num(size, "n"), num(size, "h"), num(size, "k")];
  return { ...batch(rng, N, n, k), W1: weights(rng, [n, h], n), W2: weights(rng, [h, k], h) };
}

export const regressionCases: CaseSpec<HW0>[] = [
  defineCase<HW0>({
    id: "softmaxreg.gradient",
    number: "5.1",
    section: "regression",
    title: "softmaxRegressionGradient",
    points: 6,
    sizes: {
      public: [
        { N: 4, n: 3, k: 2 },
        { N: 10, n: 6, k: 5 },
      ],
      hidden: [
        { N: 1, n: 1, k: 3 },
        { N: 16, n: 8, k: 10 },
      ],
    },
    inputs: regressionInputs,
    run: ({ hw, inputs: { X, y, theta } }) => ({ dLdtheta: hw.softmaxRegressionGradient(X, y, theta) }),
    failureHint: "∇θ = Xᵀ·(softmax(X·θ) − onehot(y)) / N has θ's shape (n, k).",
  }),
  defineCase<HW0>({
    id: "softmaxreg.epoch",
    number: "5.2",
    section: "regression",
    title: "softmaxRegressionEpoch",
    points: 8,
    sizes: {
      public: [
        { N: 10, n: 4, k: 3, lr: 0.5, batch: 4 },
        { N: 12, n: 5, k: 4, lr: 0.1, batch: 12 },
      ],
      hidden: [
        { N: 7, n: 3, k: 2, lr: 1, batch: 2 },
        { N: 20, n: 6, k: 5, lr: 0.3, batch: 6 },
      ],
    },
    inputs: regressionInputs,
    run: ({ hw, inputs: { X, y, theta }, size }) => {
      const th = theta.clone();
      hw.softmaxRegressionEpoch(X, y, th, { lr: num(size, "lr"), batch: num(size, "batch") });
      return { theta: th };
    },
    tolerance: { theta: EPOCH_TOLERANCE },
    failureHint: "Update θ in place (theta.isub; theta = theta.sub(…) only rebinds a local name), minibatch by minibatch in order, and keep the last, smaller minibatch, its gradient divided by its own size, not by batch.",
  }),
];

export const twoLayerCases: CaseSpec<HW0>[] = [
  defineCase<HW0>({
    id: "twolayer.forward",
    number: "6.1",
    section: "twolayer",
    title: "twoLayerForward",
    points: 4,
    sizes: {
      public: [
        { N: 4, n: 3, h: 5, k: 2 },
        { N: 8, n: 6, h: 4, k: 3 },
      ],
      hidden: [
        { N: 1, n: 2, h: 1, k: 2 },
        { N: 11, n: 7, h: 9, k: 10 },
      ],
    },
    inputs: twoLayerInputs,
    run: ({ hw, inputs: { X, W1, W2 } }) => ({ Z: hw.twoLayerForward(X, W1, W2) }),
    failureHint: "Z = ReLU(X·W1)·W2: W1 is (n, h) and W2 is (h, k); no transposes in the forward pass.",
  }),
  defineCase<HW0>({
    id: "twolayer.gradients",
    number: "6.2",
    section: "twolayer",
    title: "twoLayerGradients",
    points: 8,
    sizes: {
      public: [
        { N: 4, n: 3, h: 5, k: 2 },
        { N: 8, n: 6, h: 4, k: 3 },
      ],
      hidden: [
        { N: 1, n: 2, h: 3, k: 2 },
        { N: 11, n: 7, h: 9, k: 10 },
      ],
    },
    inputs: twoLayerInputs,
    run: ({ hw, inputs: { X, y, W1, W2 } }) => {
      const { dLdW1, dLdW2 } = hw.twoLayerGradients(X, y, W1, W2);
      return { dLdW1, dLdW2 };
    },
    failureHint: "G1 = (G2·W2ᵀ) ⊙ 1[X·W1 > 0]: a 0/1 mask taken from ReLU's input X·W1 (not ReLU's output times anything, not W1, and not left out), and dLdW1 = Xᵀ·G1.",
  }),
  defineCase<HW0>({
    id: "twolayer.epoch",
    number: "6.3",
    section: "twolayer",
    title: "twoLayerEpoch",
    points: 6,
    sizes: {
      public: [
        { N: 10, n: 4, h: 6, k: 3, lr: 0.5, batch: 4 },
        { N: 9, n: 5, h: 3, k: 2, lr: 0.2, batch: 9 },
      ],
      hidden: [
        { N: 7, n: 3, h: 4, k: 2, lr: 1, batch: 3 },
        { N: 16, n: 6, h: 8, k: 5, lr: 0.3, batch: 5 },
      ],
    },
    inputs: twoLayerInputs,
    run: ({ hw, inputs: { X, y, W1, W2 }, size }) => {
      const [w1, w2] = [W1.clone(), W2.clone()];
      hw.twoLayerEpoch(X, y, w1, w2, { lr: num(size, "lr"), batch: num(size, "batch") });
      return { W1: w1, W2: w2 };
    },
    tolerance: { W1: EPOCH_TOLERANCE, W2: EPOCH_TOLERANCE },
    failureHint: "Compute both gradients at the current weights (W2 updated before W1's gradient is computed is wrong), then update W1 and W2 in place; keep the last, smaller minibatch.",
  }),
];
