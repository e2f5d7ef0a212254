/**
 * §7 The numerical gradient checker, on functions built here from NDArray operations (so
 * no other part of the homework can cost these points): a weighted sum of squares and
 * sines, and a softmax loss written out in full. Expected gradients are the reference's
 * central differences, which verify:torch checks against autograd.
 */
import { NDArray } from "#ndarray";
import { defineCase, type CaseSpec, type Inputs, type Size } from "../../src/suite.js";
import { num } from "./draw.js";
import type { HW0 } from "./types.js";

/** The scalar function a variant differentiates, of x with the variant's other inputs fixed. */
function objective(size: Size, inputs: Inputs): (x: NDArray) => number {
  const { c, y } = inputs;
  if (size.fn === "softmax") {
    // Mean softmax loss of the logits x (N, k) on labels y, with the max shift.
    return (x) => {
      const m = x.max(1, true);
      const lse = x.sub(m).exp().sum(1, true).log().add(m).reshape([-1]);
      const picked = x.reshape([-1]).take(Array.from(y.toTypedArray()).map((label, n) => n * x.shape[1] + label), 0);
      return lse.sum().sub(picked.sum()).item() / x.shape[0];
    };
  }
  // Σ c ⊙ x² + Σ sin(x): a gradient 2c⊙x + cos(x) that differs in every element.
  return (x) => x.mul(x).mul(c).sum().item() + x.sin().sum().item();
}

function inputs(rng: Parameters<CaseSpec<HW0>["inputs"]>[0], size: Size) {
  const shape = [num(size, "N"), num(size, "k")];
  const dtype = size.dtype === "float32" ? "float32" : "float64";
  return {
    x: rng.randn(shape, { dtype }),
    c: rng.randn(shape, { dtype: "float64" }),
    y: rng.randint(0, shape[1], [shape[0]], { dtype: "int32" }),
  };
}

export const cases: CaseSpec<HW0>[] = [
  defineCase<HW0>({
    id: "gradcheck.values",
    number: "7.1",
    section: "gradcheck",
    title: "numericalGradient on float64 inputs",
    points: 6,
    sizes: {
      public: [
        { N: 2, k: 3, fn: "squares", dtype: "float64" },
        { N: 4, k: 5, fn: "softmax", dtype: "float64" },
      ],
      hidden: [
        { N: 1, k: 1, fn: "squares", dtype: "float64" },
        { N: 6, k: 3, fn: "softmax", dtype: "float64" },
      ],
    },
    inputs,
    run: ({ hw, inputs: ins, size }) => ({ grad: hw.numericalGradient(objective(size, ins), ins.x) }),
    failureHint: "grad[i] = (f(x + eps·eᵢ) − f(x − eps·eᵢ)) / (2·eps), one flat index i at a time, restoring x[i] after each pair.",
  }),
  defineCase<HW0>({
    id: "gradcheck.float32_input",
    number: "7.2",
    section: "gradcheck",
    title: "numericalGradient on float32 inputs (computes in float64)",
    points: 3,
    sizes: {
      public: [
        { N: 3, k: 2, fn: "squares", dtype: "float32" },
        { N: 2, k: 4, fn: "softmax", dtype: "float32" },
      ],
      hidden: [
        { N: 5, k: 3, fn: "squares", dtype: "float32" },
        { N: 3, k: 3, fn: "softmax", dtype: "float32" },
      ],
    },
    inputs,
    run: ({ hw, inputs: ins, size }) => ({ grad: hw.numericalGradient(objective(size, ins), ins.x) }),
    failureHint: "In float32, x + 1e-6 rounds back to x: copy x to float64 before perturbing it.",
  }),
  defineCase<HW0>({
    id: "gradcheck.input_unchanged",
    number: "7.3",
    section: "gradcheck",
    title: "numericalGradient leaves x unchanged",
    points: 3,
    sizes: {
      public: [
        { N: 2, k: 3, fn: "squares", dtype: "float64" },
        { N: 3, k: 4, fn: "softmax", dtype: "float32" },
      ],
      hidden: [
        { N: 4, k: 2, fn: "squares", dtype: "float32" },
        { N: 2, k: 5, fn: "softmax", dtype: "float64" },
      ],
    },
    inputs,
    // x itself goes in: the grader reports an input the code modified, and the output shows how.
    run: ({ hw, inputs: ins, size }) => {
      hw.numericalGradient(objective(size, ins), ins.x);
      return { x: ins.x };
    },
    // A perturbation left behind is eps = 1e-6 small: only exact equality catches it.
    tolerance: { x: { atol: 0, rtol: 0 } },
    failureHint: "Perturb a float64 copy of x, never x itself (and put each element back after its two evaluations).",
  }),
];
