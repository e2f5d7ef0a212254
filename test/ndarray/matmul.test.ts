/**
 * matmul against a triple loop in float64: 2-D, 1-D on either side (the axis is removed),
 * batched with broadcast batch dims, every dtype pair, size-0 dims, strided inputs, and
 * sizes that are not multiples of 4 so the packed 4×4 kernel's edge panels are exercised.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ShapeError, array, zeros, type DType } from "#ndarray";
import {
  arrayArb,
  broadcastResult,
  broadcastShapesArb,
  castTo,
  compactOf,
  dtypeArb,
  expectElements,
  get,
  naive,
  range,
  sizeOf,
  type Naive,
  PROMOTE,
} from "./arbitrary.js";

/** Result dtype (restated): numpy promotion, except bool · bool → int32. */
const matmulDType = (a: DType, b: DType): DType => (PROMOTE[a][b] === "bool" ? "int32" : PROMOTE[a][b]);

/** Element of the batch-broadcast operand `x` (batch axes first, then the two matrix axes). */
function matGet(x: Naive, batchIdx: number[], i: number, j: number): number {
  const nb = x.shape.length - 2;
  const lead = batchIdx.length - nb;
  const b = x.shape.slice(0, nb).map((d, k) => (d === 1 ? 0 : batchIdx[lead + k]));
  return get(x, [...b, i, j]);
}

/** Textbook triple loop over flat row-major m×n and n×p in float64. */
function tripleLoop(a: number[], b: number[], m: number, n: number, p: number): number[] {
  const c = new Array<number>(m * p).fill(0);
  for (let i = 0; i < m; i++) for (let j = 0; j < p; j++) for (let k = 0; k < n; k++) c[i * p + j] += a[i * n + k] * b[k * p + j];
  return c;
}

/** Deterministic pseudo-random values in [-2, 2) (an LCG; only a data source). */
function lcg(seed: number, count: number, integers = false): number[] {
  let s = seed >>> 0;
  return Array.from({ length: count }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const u = s / 2 ** 32;
    return integers ? Math.floor(u * 9) - 4 : u * 4 - 2;
  });
}

describe("matmul vs a triple loop", () => {
  it("any operand ranks (1-D on either side, batches that broadcast), any dtypes, strided inputs", () => {
    fc.assert(
      fc.property(
        fc
          .record({
            m: fc.integer({ min: 0, max: 6 }),
            n: fc.integer({ min: 0, max: 6 }),
            p: fc.integer({ min: 0, max: 6 }),
            batches: broadcastShapesArb(2, { maxDims: 2, maxDim: 3 }),
            leftVec: fc.boolean(),
            rightVec: fc.boolean(),
            da: dtypeArb(),
            db: dtypeArb(),
          })
          .chain((s) => {
            const sa = s.leftVec ? [s.n] : [...s.batches[0], s.m, s.n];
            const sb = s.rightVec ? [s.n] : [...s.batches[1], s.n, s.p];
            return fc.tuple(fc.constant(s), arrayArb(sa, s.da), arrayArb(sb, s.db));
          }),
        ([s, a, b]) => {
          const { m, n, p, leftVec, rightVec } = s;
          // 1-D operands act as a row / a column with no batch axes
          const A = leftVec ? naive([1, n], a.n.dtype, a.n.data) : a.n;
          const B = rightVec ? naive([n, 1], b.n.dtype, b.n.data) : b.n;
          const batch = broadcastResult(A.shape.slice(0, -2), B.shape.slice(0, -2));
          const out = matmulDType(a.n.dtype, b.n.dtype);
          const shape = [...batch, ...(leftVec ? [] : [m]), ...(rightVec ? [] : [p])];
          const split = (idx: number[]) => {
            const bi = idx.slice(0, batch.length);
            const rest = idx.slice(batch.length);
            const i = leftVec ? 0 : rest[0];
            const j = rightVec ? 0 : rest[leftVec ? 0 : 1];
            return { bi, i, j };
          };
          const terms = (idx: number[]) => {
            const { bi, i, j } = split(idx);
            return range(n).map((k) => [castTo(out, matGet(A, bi, i, k)), castTo(out, matGet(B, bi, k, j))]);
          };
          const r = a.x.matmul(b.x);
          expectElements(
            r,
            shape,
            out,
            (idx) => castTo(out, terms(idx).reduce((acc, [x, y]) => acc + x * y, 0)),
            (_, idx) => {
              const mag = terms(idx).reduce((acc, [x, y]) => acc + Math.abs(x * y), 0);
              return out === "float32" ? 1e-4 * mag + 1e-30 : out === "float64" ? 1e-12 * mag : 0;
            },
          );
          a.unchanged();
          b.unchanged();
        },
      ),
      { numRuns: 200 },
    );
  });

  const SIZES: [number, number, number][] = [
    [13, 7, 9],
    [33, 17, 5],
    [4, 4, 4],
    [8, 8, 8],
    [5, 3, 6],
    [1, 1, 1],
    [1, 9, 1],
    [17, 1, 4],
    [3, 2, 35],
    [8, 0, 3],
    [0, 5, 3],
    [3, 5, 0],
  ];

  it.each(SIZES)("%i×%i · ×%i: float64 equals the triple loop, float32 within 1e-4, int32 exact, batched and transposed", (m, n, p) => {
    const av = lcg(m * 1000 + n, m * n);
    const bv = lcg(n * 1000 + p + 7, n * p);
    const want = tripleLoop(av, bv, m, n, p);
    const mag = tripleLoop(av.map(Math.abs), bv.map(Math.abs), m, n, p);

    const a64 = compactOf(naive([m, n], "float64", av));
    const b64 = compactOf(naive([n, p], "float64", bv));
    const c64 = a64.matmul(b64);
    expect(c64.shape).toEqual([m, p]);
    expect(c64.dtype).toBe("float64");
    Array.from(c64.toTypedArray()).forEach((v, k) => expect(Math.abs(v - want[k])).toBeLessThanOrEqual(1e-12 * mag[k]));

    // b given as the transpose of a compact p×n array: a strided input
    const bT = compactOf(naive([p, n], "float64", range(p * n).map((k) => bv[(k % n) * p + Math.floor(k / n)]))).T;
    expect(bT.strides).toEqual([1, n]);
    Array.from(a64.matmul(bT).toTypedArray()).forEach((v, k) => expect(Math.abs(v - want[k])).toBeLessThanOrEqual(1e-12 * mag[k]));

    const a32 = compactOf(naive([m, n], "float32", av));
    const b32 = compactOf(naive([n, p], "float32", bv));
    const want32 = tripleLoop(av.map(Math.fround), bv.map(Math.fround), m, n, p);
    const c32 = a32.matmul(b32);
    expect(c32.dtype).toBe("float32");
    Array.from(c32.toTypedArray()).forEach((v, k) => expect(Math.abs(v - want32[k])).toBeLessThanOrEqual(1e-4 * mag[k] + 1e-30));

    const ai = lcg(m + 3, m * n, true);
    const bi = lcg(p + 5, n * p, true);
    const ci = compactOf(naive([m, n], "int32", ai)).matmul(compactOf(naive([n, p], "int32", bi)));
    expect(ci.dtype).toBe("int32");
    expect(Array.from(ci.toTypedArray())).toEqual(tripleLoop(ai, bi, m, n, p));

    // two batches (matmulBatched), the second with other values; b broadcast over the batch
    const av2 = lcg(m * 77 + 1, m * n);
    const batched = compactOf(naive([2, m, n], "float64", [...av, ...av2])).matmul(b64);
    expect(batched.shape).toEqual([2, m, p]);
    const want2 = tripleLoop(av2, bv, m, n, p);
    const got = Array.from(batched.toTypedArray());
    const mags = [...mag, ...tripleLoop(av2.map(Math.abs), bv.map(Math.abs), m, n, p)];
    [...want, ...want2].forEach((w, k) => expect(Math.abs(got[k] - w)).toBeLessThanOrEqual(1e-12 * mags[k]));

    expect(Array.from(a64.toTypedArray())).toEqual(av);
    expect(Array.from(b64.toTypedArray())).toEqual(bv);
  });

  it("vector · vector is a 0-d dot product; size-0 inner dims give zeros", () => {
    const v = array([1, 2, 3], { dtype: "float64" });
    const d = v.matmul(v);
    expect(d.shape).toEqual([]);
    expect(d.item()).toBe(14);
    const z = zeros([2, 0]).matmul(zeros([0, 3]));
    expect(z.shape).toEqual([2, 3]);
    expect(Array.from(z.toTypedArray())).toEqual([0, 0, 0, 0, 0, 0]);
    expect(zeros([0]).matmul(zeros([0])).item()).toBe(0);
    expect(sizeOf(zeros([2, 0, 3]).matmul(zeros([3, 4])).shape)).toBe(0);
  });
});

describe("errors", () => {
  it("inner dimensions, 0-d operands, batch dims that do not broadcast", () => {
    expect(() => zeros([3, 4]).matmul(zeros([5, 2]))).toThrow(ShapeError);
    expect(() => zeros([3, 4]).matmul(zeros([5, 2]))).toThrow("matmul: shapes [3,4] and [5,2] do not align (4 ≠ 5)");
    expect(() => zeros([4]).matmul(zeros([3]))).toThrow("matmul: shapes [4] and [3] do not align (4 ≠ 3)");
    expect(() => zeros([2, 3]).matmul(zeros([2]))).toThrow("matmul: shapes [2,3] and [2] do not align (3 ≠ 2)");
    expect(() => zeros([]).matmul(zeros([3]))).toThrow("matmul: shapes [] and [3]: 0-d operands are not allowed; use mul");
    expect(() => zeros([2, 3, 4]).matmul(zeros([3, 4, 5]))).toThrow(ShapeError);
    expect(() => zeros([2, 3, 4]).matmul(zeros([3, 4, 5]))).toThrow("matmul: shapes [2,3,4] and [3,4,5]: batch axes [2] and [3] cannot be broadcast together");
  });
});
