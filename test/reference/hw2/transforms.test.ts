/**
 * hw2's transforms against their naive definitions: a flip reverses the last axis and
 * flipping twice is the identity; a crop with padding P shifts by (dy, dx) ∈ [−P, P]² and
 * zero-fills, written as a plain loop; each apply makes exactly the pinned draws (one
 * uniform, two integers), whatever p or the padding is; no input is modified.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { array, arrayEqual, Generator, ShapeError, ValueError, type NDArray } from "#ndarray";
import { RandomCrop, RandomFlipHorizontal } from "../../../reference/hw2/index.js";

const f64 = { dtype: "float64" } as const;

/** out[c, i, j] = x[c, i + dy, j + dx], 0 outside: the crop's definition, element by element. */
function shifted(x: NDArray, dy: number, dx: number): NDArray {
  const v = x.toArray() as number[][][];
  const [C, H, W] = x.shape;
  const at = (c: number, i: number, j: number) => (i >= 0 && i < H && j >= 0 && j < W ? v[c][i][j] : 0);
  return array(
    [...Array(C)].map((_, c) => [...Array(H)].map((_, i) => [...Array(W)].map((_, j) => at(c, i + dy, j + dx)))),
    f64,
  );
}

/** x with its last axis reversed, element by element. */
function mirrored(x: NDArray): NDArray {
  return array((x.toArray() as number[][][]).map((plane) => plane.map((row) => [...row].reverse())), f64);
}

/** The next uniform of a generator that has made `draws` draws since `seed`. */
function uniformAfter(seed: number, draws: number): number {
  const g = new Generator(seed);
  for (let k = 0; k < draws; k++) g.uniformDouble();
  return g.uniformDouble();
}

describe("hw2 RandomFlipHorizontal", () => {
  it("flips the last axis exactly when its one uniform is below p, and flipping twice is the identity", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 5 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer(), (H, W, p, seed) => {
        const x = new Generator(seed).rand([2, H, W], f64);
        const u = new Generator(seed + 1).uniformDouble();
        const y = new RandomFlipHorizontal(p, new Generator(seed + 1)).apply(x);
        expect(arrayEqual(y, u < p ? mirrored(x) : x)).toBe(true);
        const always = new RandomFlipHorizontal(1, new Generator(seed));
        expect(arrayEqual(always.apply(always.apply(x)), x)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it("draws one uniform per image even at p = 0 and p = 1, and leaves its input alone", () => {
    for (const p of [0, 0.5, 1]) {
      const rng = new Generator(9);
      const flip = new RandomFlipHorizontal(p, rng);
      const x = new Generator(3).rand([1, 2, 3], f64);
      const before = x.clone();
      for (let k = 0; k < 5; k++) flip.apply(x);
      expect(rng.uniformDouble()).toBe(uniformAfter(9, 5));
      expect(arrayEqual(x, before)).toBe(true);
    }
  });

  it("refuses p outside [0, 1] and an image that is not (C, H, W)", () => {
    expect(() => new RandomFlipHorizontal(1.5, new Generator(0))).toThrow(ValueError);
    expect(() => new RandomFlipHorizontal(0.5, new Generator(0)).apply(new Generator(0).rand([1, 1, 2, 2]))).toThrow(ShapeError);
  });
});

describe("hw2 RandomCrop", () => {
  it("is the zero-filled shift by the two drawn integers (dy first), each in [−P, P]", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.integer(), (P, H, W, seed) => {
        const x = new Generator(seed).rand([2, H, W], f64).rsub(1);
        const [dy, dx] = new Generator(seed + 1).randint(-P, P + 1, [2]).toTypedArray();
        expect(Math.abs(dy)).toBeLessThanOrEqual(P);
        expect(Math.abs(dx)).toBeLessThanOrEqual(P);
        expect(arrayEqual(new RandomCrop(P, new Generator(seed + 1)).apply(x), shifted(x, dy, dx))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it("reaches every shift in [−P, P]² over many images, keeps the shape, and is the identity at padding 0", () => {
    const P = 2;
    const crop = new RandomCrop(P, new Generator(4));
    const x = new Generator(5).rand([1, 5, 5], f64).rsub(1);
    const seen = new Set<string>();
    const draws = new Generator(4);
    for (let k = 0; k < 200; k++) {
      const y = crop.apply(x);
      expect(y.shape).toEqual([1, 5, 5]);
      seen.add(Array.from(draws.randint(-P, P + 1, [2]).toTypedArray()).join(","));
    }
    expect(seen.size).toBe((2 * P + 1) ** 2);
    const identity = new RandomCrop(0, new Generator(6));
    expect(arrayEqual(identity.apply(x), x)).toBe(true);
  });

  it("draws two integers per image even at padding 0, and leaves its input alone", () => {
    const rng = new Generator(11);
    const crop = new RandomCrop(0, rng);
    const x = new Generator(1).rand([2, 3, 3], f64);
    const before = x.clone();
    for (let k = 0; k < 4; k++) crop.apply(x);
    expect(rng.uniformDouble()).toBe(uniformAfter(11, 8));
    expect(arrayEqual(x, before)).toBe(true);
  });

  it("refuses a negative or fractional padding", () => {
    expect(() => new RandomCrop(-1, new Generator(0))).toThrow(ValueError);
    expect(() => new RandomCrop(1.5, new Generator(0))).toThrow(ValueError);
  });
});
