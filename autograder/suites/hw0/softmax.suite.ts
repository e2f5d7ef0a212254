/**
 * §4 The softmax loss and its gradient. One case's logits are of size ±100, where e^z
 * without the max shift is ∞ in float32.
 */
import type { Generator, NDArray } from "#ndarray";
import { defineCase, type CaseSpec, type Size } from "../../src/suite.js";
import { num } from "./draw.js";
import type { HW0 } from "./types.js";

function logits(rng: Generator, size: Size): Record<string, NDArray> {
  const [N, k] = [num(size, "N"), num(size, "k")];
  return { Z: rng.randn([N, k]).mul(num(size, "scale")), y: rng.randint(0, k, [N], { dtype: "int32" }) };
}

const sizes = {
  public: [
    { N: 4, k: 3, scale: 1 },
    { N: 8, k: 10, scale: 3 },
  ],
  hidden: [
    { N: 1, k: 2, scale: 1 },
    { N: 13, k: 7, scale: 2 },
  ],
};

export const cases: CaseSpec<HW0>[] = [
  defineCase<HW0>({
    id: "softmax.loss",
    number: "4.1",
    section: "softmax",
    title: "softmaxLoss",
    points: 5,
    sizes,
    inputs: logits,
    run: ({ hw, inputs: { Z, y } }) => ({ loss: hw.softmaxLoss(Z, y) }),
    failureHint: "ℓ = mean over rows of (log Σ_c e^Z[n,c] − Z[n, y[n]]): divide by N, not by N·k.",
  }),
  defineCase<HW0>({
    id: "softmax.loss_stable",
    number: "4.2",
    section: "softmax",
    title: "softmaxLoss on large logits",
    points: 3,
    sizes: {
      public: [
        { N: 5, k: 4, scale: 100 },
        { N: 3, k: 10, scale: 60 },
      ],
      hidden: [
        { N: 9, k: 3, scale: 100 },
        { N: 2, k: 6, scale: 200 },
      ],
    },
    inputs: logits,
    run: ({ hw, inputs: { Z, y } }) => ({ loss: hw.softmaxLoss(Z, y) }),
    failureHint: "Shift by the row maximum before exp: log Σ e^z = m + log Σ e^(z − m).",
  }),
  defineCase<HW0>({
    id: "softmax.gradient",
    number: "4.3",
    section: "softmax",
    title: "softmaxLossGradient",
    points: 6,
    sizes: {
      public: [...sizes.public, { N: 5, k: 4, scale: 100 }],
      hidden: sizes.hidden,
    },
    inputs: logits,
    run: ({ hw, inputs: { Z, y } }) => ({ dLdZ: hw.softmaxLossGradient(Z, y) }),
    failureHint: "dLdZ = (softmax(Z) − onehot(y)) / N; each row of softmax(Z) sums to 1.",
  }),
];
