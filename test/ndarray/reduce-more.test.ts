/**
 * The reductions and along-an-axis functions added for students: prod, std, any, all
 * (every axis form, keepdims), cumsum and argsort (one axis, or the flattened array), each
 * against a naive definition over the multi-indices, on strided inputs of every dtype.
 * prod, cumsum and argsort are kernels of their own (reduceProd, cumsum, argsort); the
 * cuda-emulated run of this file checks the CUDA versions against the same definitions.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { AxisError, arange, array, zeros, type DType } from "#ndarray";
import {
  arrayArb,
  axesOf,
  axisArb,
  castTo,
  dtypeArb,
  expectElements,
  f32tol,
  get,
  groups,
  range,
  shapeArb,
  valueArbWithNaN,
  values,
  type Case,
} from "./arbitrary.js";

/** prod and cumsum: as sum, int32 and bool give int32. std: as mean, integers give float64. */
const SUM_DTYPE: Record<DType, DType> = { bool: "int32", int32: "int32", float32: "float32", float64: "float64" };
const FLOAT_DTYPE: Record<DType, DType> = { bool: "float64", int32: "float64", float32: "float32", float64: "float64" };

/** Small values, so that products of up to 27 of them stay exact in float64 and int32. */
const small = (d: DType): fc.Arbitrary<number> =>
  d === "bool" ? fc.constantFrom(0, 1) : d === "int32" ? fc.integer({ min: -2, max: 2 }) : fc.oneof(valueArbWithNaN(d), fc.constantFrom(0.5, -2, 1.5));

/**
 * How far a float64 product may be from the naive one, which multiplies left to right (the
 * cuda device multiplies in tree order): a few ulps relatively; and where a partial product
 * falls below the normal range (fc.double draws subnormals such as -5.4e-323), up to half a
 * subnormal step at each rounding, which the later factors can magnify by at most their
 * magnitudes.
 */
const prodTol64 = (e: number, factors: readonly number[]): number =>
  1e-14 * Math.abs(e) + 2 * factors.length * Number.MIN_VALUE * factors.reduce((p, x) => p * Math.max(1, Math.abs(x)), 1);

const caseArb = (values: (d: DType) => fc.Arbitrary<number>, maxDim = 4) =>
  fc.tuple(shapeArb({ maxDims: 3, maxDim }), dtypeArb()).chain(([shape, dtype]) => arrayArb(shape, dtype, values(dtype)));

describe("prod, std, any, all", () => {
  it("match a naive reduction for every axis form, keepdims true and false", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("prod", "std", "any", "all"),
        caseArb(small, 3).chain((c) => fc.tuple(fc.constant(c), axisArb(c.n.shape.length), fc.boolean(), fc.constantFrom(0, 1))),
        (op, [c, axis, keepdims, ddof]) => {
          const shape = c.n.shape;
          const { outShape, members } = groups(shape, axesOf(axis, shape.length), keepdims);
          const d = c.n.dtype;
          const xs = (idx: number[]) => members(idx).map((m) => get(c.n, m));
          if (op === "prod") {
            const out = SUM_DTYPE[d];
            const naive = (idx: number[]) => castTo(out, xs(idx).reduce((p, x) => p * x, 1));
            expectElements(c.x.prod(axis, keepdims), outShape, out, naive, (e, idx) => (out === "float32" ? f32tol(e, 1) : prodTol64(e, xs(idx))));
          } else if (op === "std") {
            const out = FLOAT_DTYPE[d];
            const naive = (idx: number[]) => {
              const v = xs(idx);
              const mean = v.reduce((s, x) => s + x, 0) / v.length;
              return Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (v.length - ddof));
            };
            expectElements(c.x.std(axis, keepdims, ddof), outShape, out, naive, (e) => (out === "float32" ? 1e-5 * (1 + Math.abs(e)) : 1e-11 * (1 + Math.abs(e))));
          } else {
            const naive = (idx: number[]) => +(op === "any" ? xs(idx).some((x) => x !== 0) : xs(idx).every((x) => x !== 0));
            expectElements(c.x[op](axis, keepdims), outShape, "bool", naive);
          }
          c.unchanged();
        },
      ),
      { numRuns: 250 },
    );
  });

  it("over an empty axis: prod is 1, any false, all true; NaN counts as true", () => {
    expect(values(zeros([2, 0]).prod(1))).toEqual([1, 1]);
    expect(zeros([2, 0]).any(1).toArray()).toEqual([false, false]);
    expect(zeros([2, 0]).all(1).toArray()).toEqual([true, true]);
    expect(array([NaN, 0]).any().item()).toBe(1);
    expect(array([NaN, 1]).all().item()).toBe(1);
  });
});

/** The logical elements of `c` along `axis` (the flattened array when undefined) at each position of the other axes. */
function lines(c: Case, axis: number | undefined): { shape: number[]; at: (idx: number[]) => { line: number[]; k: number } } {
  if (axis === undefined) return { shape: [c.n.data.length], at: (idx) => ({ line: c.n.data, k: idx[0] }) };
  const ax = axis < 0 ? axis + c.n.shape.length : axis;
  return {
    shape: c.n.shape,
    at: (idx) => ({ line: range(c.n.shape[ax]).map((j) => get(c.n, idx.map((v, i) => (i === ax ? j : v)))), k: idx[ax] }),
  };
}

/** An axis of `c` (maybe negative), or undefined for the flattened array. */
const oneAxisArb = (c: Case) =>
  c.n.shape.length === 0 ? fc.constant(undefined) : fc.oneof(fc.constant(undefined), fc.integer({ min: -c.n.shape.length, max: c.n.shape.length - 1 }));

describe("cumsum", () => {
  it("is the running sum along the axis (of the flattened array without one), in sum's dtype", () => {
    fc.assert(
      fc.property(caseArb(small).chain((c) => fc.tuple(fc.constant(c), oneAxisArb(c))), ([c, axis]) => {
        const out = SUM_DTYPE[c.n.dtype];
        const { shape, at } = lines(c, axis);
        expectElements(c.x.cumsum(axis), shape, out, (idx) => {
          const { line, k } = at(idx);
          return castTo(out, line.slice(0, k + 1).reduce((s, x) => s + x, 0));
        });
        c.unchanged();
      }),
      { numRuns: 200 },
    );
  });

  it("ends each line with that line's sum", () => {
    const x = arange(24, "float32").div(7).reshape(2, 3, 4);
    expect(values(x.cumsum(1).slice(":, -1"))).toEqual(values(x.sum(1)));
  });
});

describe("argsort", () => {
  /** Ties, NaN and signed zeros, so stability and NaN-last are exercised. */
  const tied = (d: DType): fc.Arbitrary<number> =>
    d === "bool" ? fc.constantFrom(0, 1) : d === "int32" ? fc.integer({ min: -2, max: 2 }) : fc.oneof(fc.constantFrom(0, -0, 1, -1, 2.5, NaN, Infinity), valueArbWithNaN(d));

  it("gives, along the axis, the indices of a stable ascending sort with NaN last (int32)", () => {
    fc.assert(
      fc.property(caseArb(tied, 5).chain((c) => fc.tuple(fc.constant(c), oneAxisArb(c))), ([c, axis]) => {
        const { shape, at } = lines(c, axis);
        const order = (line: number[]) =>
          range(line.length).sort((p, q) => {
            const [u, w] = [line[p], line[q]];
            if (Number.isNaN(u) || Number.isNaN(w)) return Number.isNaN(u) === Number.isNaN(w) ? p - q : Number.isNaN(u) ? 1 : -1;
            return u < w ? -1 : u > w ? 1 : p - q;
          });
        const result = c.x.argsort(axis ?? null);
        expectElements(result, shape, "int32", (idx) => {
          const { line, k } = at(idx);
          return order(line)[k];
        });
        c.unchanged();
      }),
      { numRuns: 200 },
    );
  });

  it("sorts the last axis by default, and take along it gives the sorted values", () => {
    const x = array([[3, 1, 2], [0, -1, -1]]);
    expect(x.argsort().toArray()).toEqual([[1, 2, 0], [1, 2, 0]]);
    const flat = x.flatten();
    expect(values(flat.take(flat.argsort()))).toEqual([-1, -1, 0, 1, 2, 3]);
  });

  it("names the axis it cannot find", () => {
    expect(() => arange(3).argsort(1)).toThrow(AxisError);
    expect(() => arange(3).cumsum(-2)).toThrow("cumsum: axis -2 is out of range for an array of 1 dimension");
  });
});

describe("sizes over several CUDA blocks (rows longer than a block, more rows than a grid row)", () => {
  it("prod, cumsum and argsort of long rows and many rows", () => {
    const n = 700;
    const ramp = arange(n, "float64").mul(0.001).add(1);
    let p = 1;
    for (let i = 0; i < n; i++) p *= 1 + i * 0.001;
    expect(Math.abs(ramp.prod().item() - p)).toBeLessThan(1e-12 * p);
    const many = arange(3 * n, "int32").reshape(n, 3);
    expect(values(many.cumsum(1).slice(":, -1"))).toEqual(values(many.sum(1)));
    const reversed = arange(n, "float32").flip();
    expect(values(reversed.argsort())).toEqual(range(n).reverse());
  });
});
