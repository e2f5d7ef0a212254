import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allclose, Generator, type NDArray } from "#ndarray";
import { MaxPool2d, MaxPool2dStride1, MeanPool2d, MeanPool2dStride1 } from "../../../reference/hw2/index.js";
import { checkGrad } from "../gradcheck.js";
import { pool2d } from "./naive.js";

const f64 = { dtype: "float64" } as const;

/** Distinct values (a shuffled grid), so no max-pool window holds a tie. */
function distinct(rng: Generator, shape: number[]): NDArray {
  const n = shape.reduce((a, b) => a * b, 1);
  return rng.permutation(n).astype("float64").div(n).reshape(shape);
}

describe("hw2 pooling", () => {
  it("MaxPool2d and MeanPool2d equal the plain-loop definitions (PyTorch's size rule, stride > K included)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }), fc.integer(), (K, s, dh, dw, seed) => {
        const A = distinct(new Generator(seed), [2, 2, K + dh, K + dw]);
        expect(allclose(new MaxPool2d(K, s).forward(A), pool2d(A, K, s, "max"), { rtol: 0, atol: 0 })).toBe(true);
        expect(allclose(new MeanPool2d(K, s).forward(A), pool2d(A, K, s, "mean"), { rtol: 1e-12, atol: 1e-12 })).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it("the stride defaults to the kernel size, as torch.nn.MaxPool2d", () => {
    const A = distinct(new Generator(1), [1, 1, 6, 6]);
    expect(new MaxPool2d(2).forward(A).shape).toEqual([1, 1, 3, 3]);
  });

  it.each([
    ["MaxPool2dStride1", () => new MaxPool2dStride1(2)],
    ["MaxPool2d, overlapping windows", () => new MaxPool2d(3, 2)],
    ["MaxPool2d, stride > K", () => new MaxPool2d(2, 3)],
    ["MeanPool2dStride1", () => new MeanPool2dStride1(3)],
    ["MeanPool2d", () => new MeanPool2d(2, 1)],
  ])("%s backward matches central differences", (_name, make) => {
    const rng = new Generator(60);
    // Distinct values at least 1/n apart: a ±1e-6 nudge never changes an arg-max.
    const A = distinct(rng, [2, 2, 7, 6]);
    const layer = make();
    const G = rng.randn(layer.forward(A).shape, f64);
    checkGrad((a) => make().forward(a), A, G, layer.backward(G), "dLdA");
  });

  it("MaxPool2dStride1 sends each window's gradient to its arg-max only", () => {
    const A = distinct(new Generator(2), [1, 1, 2, 2]);
    const layer = new MaxPool2dStride1(2);
    layer.forward(A);
    const dLdA = layer.backward(distinct(new Generator(3), [1, 1, 1, 1]).add(1)).toArray() as number[][][][];
    const a = (A.toArray() as number[][][][])[0][0].flat();
    const got = dLdA[0][0].flat();
    expect(got.filter((v) => v !== 0)).toHaveLength(1);
    expect(got.indexOf(got.find((v) => v !== 0)!)).toBe(a.indexOf(Math.max(...a)));
  });
});
