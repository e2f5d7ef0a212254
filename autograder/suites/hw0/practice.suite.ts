/**
 * §1 NDArray practice: oneHot, standardize, pairwiseSquaredDistances, errorRate (the
 * worked example squaredNorms is not graded).
 */
import { defineCase, type CaseSpec } from "../../src/suite.js";
import { num } from "./draw.js";
import type { HW0 } from "./types.js";

export const cases: CaseSpec<HW0>[] = [
  defineCase<HW0>({
    id: "practice.onehot",
    number: "1.1",
    section: "practice",
    title: "oneHot",
    points: 3,
    sizes: {
      public: [
        { N: 4, k: 3 },
        { N: 7, k: 10 },
      ],
      hidden: [
        { N: 1, k: 1 },
        { N: 12, k: 5 },
      ],
    },
    inputs: (rng, size) => ({ y: rng.randint(0, num(size, "k"), [num(size, "N")], { dtype: "int32" }) }),
    run: ({ hw, inputs: { y }, size }) => ({ Y: hw.oneHot(y, num(size, "k")) }),
    failureHint: "Compare y as a column (N, 1) with arange(k) as a row, then cast the booleans to float32 (a comparison alone returns bool).",
  }),
  defineCase<HW0>({
    id: "practice.standardize",
    number: "1.2",
    section: "practice",
    title: "standardize (columns to mean 0, variance 1)",
    points: 4,
    sizes: {
      public: [
        { N: 5, D: 3 },
        { N: 8, D: 6 },
      ],
      hidden: [
        { N: 2, D: 1 },
        { N: 16, D: 4 },
      ],
    },
    // Columns with their own offsets and scales, so that a mean or variance over the wrong axis shows.
    inputs: (rng, size) => {
      const D = num(size, "D");
      return { X: rng.randn([num(size, "N"), D]).mul(rng.uniform(0.5, 3, [D])).add(rng.uniform(-2, 2, [D])) };
    },
    run: ({ hw, inputs: { X } }) => ({ out: hw.standardize(X) }),
    failureHint: "Reduce over axis 0 (the rows) with keepdims, use the biased variance (divide by N) and add eps inside the square root.",
  }),
  defineCase<HW0>({
    id: "practice.distances",
    number: "1.3",
    section: "practice",
    title: "pairwiseSquaredDistances",
    points: 5,
    sizes: {
      public: [
        { N: 3, M: 4, D: 2 },
        { N: 6, M: 5, D: 7 },
      ],
      hidden: [
        { N: 1, M: 1, D: 1 },
        { N: 9, M: 3, D: 8 },
      ],
    },
    inputs: (rng, size) => ({ A: rng.randn([num(size, "N"), num(size, "D")]), B: rng.randn([num(size, "M"), num(size, "D")]) }),
    run: ({ hw, inputs: { A, B } }) => ({ out: hw.pairwiseSquaredDistances(A, B) }),
    // The expansion ‖a‖² − 2a·b + ‖b‖² cancels in float32; this absorbs it.
    tolerance: { out: { atol: 1e-4, rtol: 1e-4 } },
    failureHint: "The result is (N, M): row i of A against row j of B. In the expansion ‖a‖² − 2a·b + ‖b‖², ‖a‖² is a column, ‖b‖² a row, and the cross term keeps its factor 2.",
  }),
  defineCase<HW0>({
    id: "practice.error_rate",
    number: "1.4",
    section: "practice",
    title: "errorRate",
    points: 4,
    // N = k first: Z is square, so an argmax over the wrong axis still has N entries and shows in the value.
    sizes: {
      public: [
        { N: 7, k: 7 },
        { N: 6, k: 3 },
        { N: 20, k: 10 },
      ],
      hidden: [
        { N: 1, k: 2 },
        { N: 33, k: 4 },
      ],
    },
    // Labels drawn so that some predictions are right and some wrong.
    inputs: (rng, size) => ({
      Z: rng.randn([num(size, "N"), num(size, "k")]),
      y: rng.randint(0, num(size, "k"), [num(size, "N")], { dtype: "int32" }),
    }),
    run: ({ hw, inputs: { Z, y } }) => ({ error: hw.errorRate(Z, y) }),
    failureHint: "argmax over axis 1 (the classes), not axis 0, gives one prediction per row; the error is the fraction of rows where it differs from y.",
  }),
];
