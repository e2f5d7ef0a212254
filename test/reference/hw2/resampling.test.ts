import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arrayEqual, Generator, type NDArray } from "#ndarray";
import { BackwardBeforeForwardError, Downsample1d, Downsample2d, Upsample1d, Upsample2d } from "../../../reference/hw2/index.js";

const f64 = { dtype: "float64" } as const;

/** Σ x ⊙ y. */
function dot(x: NDArray, y: NDArray): number {
  return x.mul(y).sum().item();
}

describe("hw2 resampling", () => {
  it("Upsample1d inserts k − 1 zeros between neighbours and none at the end", () => {
    const A = new Generator(1).randn([1, 1, 3], f64);
    const Z = new Upsample1d(3).forward(A).toArray() as number[][][];
    const a = (A.toArray() as number[][][])[0][0];
    expect(Z[0][0]).toEqual([a[0], 0, 0, a[1], 0, 0, a[2]]);
  });

  it("Downsample1d keeps positions 0, k, 2k, … and its backward restores the input length", () => {
    const A = new Generator(2).randn([2, 1, 7], f64);
    const layer = new Downsample1d(2);
    const Z = layer.forward(A);
    expect(Z.shape).toEqual([2, 1, 4]);
    expect((Z.toArray() as number[][][])[1][0]).toEqual([0, 2, 4, 6].map((i) => (A.toArray() as number[][][])[1][0][i]));
    expect(layer.backward(Z).shape).toEqual([2, 1, 7]);
  });

  it("lengths follow k·(n − 1) + 1 and ⌈n/k⌉; down after up is the identity; up and down are adjoint", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 4 }), fc.integer(), (H, W, k, seed) => {
        const rng = new Generator(seed);
        const A = rng.randn([2, 2, H, W], f64);
        const up = new Upsample2d(k);
        const down = new Downsample2d(k);
        const U = up.forward(A);
        expect(U.shape).toEqual([2, 2, k * (H - 1) + 1, k * (W - 1) + 1]);
        expect(arrayEqual(down.forward(U), A)).toBe(true);
        const D = down.forward(A);
        expect(D.shape).toEqual([2, 2, Math.ceil(H / k), Math.ceil(W / k)]);
        // Adjointness <up(A), Y> = <A, up.backward(Y)> is what makes backward the other's forward.
        const Y = rng.randn(U.shape, f64);
        expect(dot(U, Y)).toBeCloseTo(dot(A, up.backward(Y)), 10);
        const G = rng.randn(D.shape, f64);
        expect(dot(D, G)).toBeCloseTo(dot(A, down.backward(G)), 10);
      }),
      { numRuns: 40 },
    );
  });

  it("1-d layers agree with the 2-d ones on a single row", () => {
    const A = new Generator(3).randn([1, 2, 1, 8], f64);
    const row = A.reshape([1, 2, 8]);
    expect(arrayEqual(new Upsample1d(3).forward(row), new Upsample2d(3).forward(A).reshape([1, 2, 22]))).toBe(true);
    expect(arrayEqual(new Downsample1d(3).forward(row), new Downsample2d(3).forward(A).reshape([1, 2, 3]))).toBe(true);
  });

  it("Downsample backward before forward throws", () => {
    expect(() => new Downsample1d(2).backward(new Generator(1).randn([1, 1, 2]))).toThrow(BackwardBeforeForwardError);
  });
});
