import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { array, Generator } from "#ndarray";
import { errorRate, oneHot, pairwiseSquaredDistances, squaredNorms, standardize } from "../../../reference/hw0/index.js";

const f64 = { dtype: "float64" } as const;
const dims = fc.record({ N: fc.integer({ min: 1, max: 6 }), M: fc.integer({ min: 1, max: 6 }), D: fc.integer({ min: 1, max: 5 }), seed: fc.nat() });

describe("hw0 practice", () => {
  it("squaredNorms sums the squares of each row", () => {
    expect(squaredNorms(array([[3, 4], [1, 2]])).toArray()).toEqual([25, 5]);
  });

  it("oneHot puts a single 1 at each label, in float32", () => {
    const Y = oneHot(array([2, 0, 1], { dtype: "int32" }), 4);
    expect(Y.dtype).toBe("float32");
    expect(Y.toArray()).toEqual([[0, 0, 1, 0], [1, 0, 0, 0], [0, 1, 0, 0]]);
  });

  it("standardize gives columns of mean 0 and biased variance 1 (up to eps)", () => {
    fc.assert(
      fc.property(dims, ({ N, D, seed }) => {
        fc.pre(N > 1);
        const rng = new Generator(seed);
        const X = rng.randn([N, D], f64).mul(3).add(1);
        const out = standardize(X, 0);
        expect(Math.max(...Array.from(out.mean(0).abs().toTypedArray()))).toBeLessThan(1e-9);
        const v = out.var(0).toTypedArray();
        v.forEach((x) => expect(x).toBeCloseTo(1, 8));
      }),
      { numRuns: 30 },
    );
  });

  it("pairwiseSquaredDistances equals the naive double loop", () => {
    fc.assert(
      fc.property(dims, ({ N, M, D, seed }) => {
        const rng = new Generator(seed);
        const A = rng.randn([N, D], f64);
        const B = rng.randn([M, D], f64);
        const out = pairwiseSquaredDistances(A, B).toArray() as number[][];
        const [a, b] = [A.toArray() as number[][], B.toArray() as number[][]];
        for (let i = 0; i < N; i++) {
          for (let j = 0; j < M; j++) expect(out[i][j]).toBeCloseTo(a[i].reduce((s, v, d) => s + (v - b[j][d]) ** 2, 0), 9);
        }
      }),
      { numRuns: 30 },
    );
  });

  it("errorRate counts the rows whose argmax misses the label (ties to the first maximum)", () => {
    const Z = array([[0.1, 0.9], [2, 1], [5, 5], [0, 3]]);
    expect(errorRate(Z, array([1, 0, 1, 0], { dtype: "int32" }))).toBe(0.5);
  });
});
