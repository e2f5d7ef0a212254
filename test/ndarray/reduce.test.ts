/**
 * Reductions: sum, mean, var, max, min, argmax, argmin with every axis form (omitted, null,
 * a number, a negative number, a list in any order with negatives, []) and keepdims,
 * against naive reductions over all multi-indices of the reduced axes. Max/min propagate
 * NaN; argmax/argmin return the first index of the extreme (or of the first NaN).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { AxisError, ValueError, arange, array, zeros, type DType } from "#ndarray";
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
  shapeArb,
  sizeOf,
  valueArbWithNaN,
  values,
} from "./arbitrary.js";

/** Restated result dtypes. */
const SUM_DTYPE: Record<DType, DType> = { bool: "int32", int32: "int32", float32: "float32", float64: "float64" };
const MEAN_DTYPE: Record<DType, DType> = { bool: "float64", int32: "float64", float32: "float32", float64: "float64" };

type Op = "sum" | "mean" | "var" | "max" | "min";
const NAIVE: Record<Op, (xs: number[]) => number> = {
  sum: (xs) => xs.reduce((s, v) => s + v, 0),
  mean: (xs) => xs.reduce((s, v) => s + v, 0) / xs.length,
  var: (xs) => {
    const m = xs.reduce((s, v) => s + v, 0) / xs.length;
    return xs.reduce((s, v) => s + (v - m) * (v - m), 0) / xs.length;
  },
  max: (xs) => (xs.some(Number.isNaN) ? NaN : xs.reduce((a, b) => (b > a ? b : a))),
  min: (xs) => (xs.some(Number.isNaN) ? NaN : xs.reduce((a, b) => (b < a ? b : a))),
};

function tolerance(op: Op, dtype: DType, xs: number[]): number {
  const absSum = xs.reduce((s, v) => s + Math.abs(v), 0);
  const maxSq = xs.reduce((s, v) => Math.max(s, v * v), 0);
  const n = Math.max(1, xs.length);
  const f32 = dtype === "float32";
  switch (op) {
    case "sum":
      return f32 ? f32tol(absSum, 2) : 1e-12 * absSum;
    case "mean":
      return f32 ? f32tol(absSum / n, 4) : 1e-12 * (absSum / n);
    case "var":
      return f32 ? 1e-5 * (1 + maxSq) : 1e-11 * (1 + maxSq);
    default:
      return 0;
  }
}

const reduceCaseArb = (ops: readonly string[]) =>
  fc
    .tuple(fc.constantFrom(...ops), shapeArb(), dtypeArb())
    .chain(([op, shape, dtype]) =>
      fc.tuple(fc.constant(op), arrayArb(shape, dtype, valueArbWithNaN(dtype)), axisArb(shape.length), fc.boolean()),
    );

describe("sum / mean / var / max / min", () => {
  it("match a naive reduction for every axis form, keepdims true and false", () => {
    fc.assert(
      fc.property(reduceCaseArb(["sum", "mean", "var", "max", "min"]), ([opName, c, axis, keepdims]) => {
        const op = opName as Op;
        const shape = c.n.shape;
        const axes = axesOf(axis, shape.length);
        const { outShape, count, members } = groups(shape, axes, keepdims);
        const dtype = c.n.dtype;
        if (count === 0 && (op === "max" || op === "min")) {
          expect(() => c.x[op](axis, keepdims)).toThrow(ValueError);
          expect(() => c.x[op](axis, keepdims)).toThrow(`${op}: cannot reduce over a zero-size axis`);
          c.unchanged();
          return;
        }
        const out = op === "sum" ? SUM_DTYPE[dtype] : op === "mean" || op === "var" ? MEAN_DTYPE[dtype] : dtype;
        const r = c.x[op](axis, keepdims);
        const xsOf = (idx: number[]) => members(idx).map((full) => get(c.n, full));
        expectElements(
          r,
          outShape,
          out,
          (idx) => castTo(out, NAIVE[op](xsOf(idx))),
          (_, idx) => tolerance(op, out, xsOf(idx)),
        );
        c.unchanged();
      }),
      { numRuns: 300 },
    );
  });

  it("integer sums are int32 and exact; mean of int32 is float64", () => {
    const a = arange(12, undefined, 1, { dtype: "int32" }).reshape([3, 4]);
    const s = a.sum(0);
    expect(s.dtype).toBe("int32");
    expect(values(s)).toEqual([12, 15, 18, 21]);
    const m = a.T.mean(-1, true);
    expect(m.dtype).toBe("float64");
    expect(m.shape).toEqual([4, 1]);
    expect(values(m)).toEqual([4, 5, 6, 7]);
    expect(array([true, true, false]).sum().dtype).toBe("int32");
    expect(array([true, true, false]).sum().item()).toBe(2);
    expect(zeros([0, 3], { dtype: "int32" }).sum(0).toArray()).toEqual([0, 0, 0]);
  });

  it("var divides by N − ddof", () => {
    const a = array([1, 2, 3, 4], { dtype: "float64" });
    expect(a.var().item()).toBe(1.25);
    expect(a.var(0, false, 1).item()).toBeCloseTo(5 / 3, 14);
  });

  it("max and min propagate NaN", () => {
    const a = array([[1, NaN, 3], [4, 5, 6]], { dtype: "float32" });
    expect(values(a.max(1)).map(Number.isNaN)).toEqual([true, false]);
    expect(values(a.min(0)).map(Number.isNaN)).toEqual([false, true, false]);
    expect(Number.isNaN(a.max().item())).toBe(true);
    expect(values(a.max(1))[1]).toBe(6);
  });
});

describe("argmax / argmin", () => {
  it("first index of the extreme (of the first NaN if any), over an axis or the flattened array", () => {
    fc.assert(
      fc.property(
        fc
          .tuple(fc.constantFrom("argmax" as const, "argmin" as const), shapeArb(), dtypeArb())
          .chain(([op, shape, dtype]) =>
            fc.tuple(
              fc.constant(op),
              // few distinct values, so ties are common
              arrayArb(shape, dtype, dtype === "bool" ? fc.constantFrom(0, 1) : fc.oneof({ weight: 8, arbitrary: fc.integer({ min: -2, max: 2 }) }, { weight: 1, arbitrary: fc.constant(dtype === "int32" ? 0 : NaN) })),
              shape.length === 0
                ? fc.constant<number | undefined>(undefined)
                : fc.oneof(fc.constant(undefined), fc.integer({ min: -shape.length, max: shape.length - 1 })),
              fc.boolean(),
            ),
          ),
        ([op, c, axis, keepdims]) => {
          const shape = c.n.shape;
          const better = op === "argmax" ? (v: number, b: number) => v > b : (v: number, b: number) => v < b;
          const first = (xs: number[]) => {
            let best = 0;
            for (let j = 0; j < xs.length; j++) {
              if (Number.isNaN(xs[j])) return j;
              if (better(xs[j], xs[best])) best = j;
            }
            return best;
          };
          const count = axis === undefined ? sizeOf(shape) : shape[axis < 0 ? axis + shape.length : axis];
          if (count === 0) {
            expect(() => c.x[op](axis, keepdims)).toThrow(ValueError);
            expect(() => c.x[op](axis, keepdims)).toThrow(`${op}: cannot reduce over a zero-size axis`);
            return;
          }
          const r = c.x[op](axis, keepdims);
          if (axis === undefined) {
            expectElements(r, keepdims ? shape.map(() => 1) : [], "int32", () => first(c.n.data));
          } else {
            const ax = axis < 0 ? axis + shape.length : axis;
            const { outShape, members } = groups(shape, [ax], keepdims);
            expectElements(r, outShape, "int32", (idx) => first(members(idx).map((full) => get(c.n, full))));
          }
          c.unchanged();
        },
      ),
      { numRuns: 200 },
    );
  });

  it("ties go to the first index; NaN wins at its first position", () => {
    const a = array([[3, 1, 3], [0, NaN, NaN]], { dtype: "float64" });
    expect(values(a.argmax(1))).toEqual([0, 1]);
    expect(values(a.argmin(1))).toEqual([1, 1]);
    expect(a.argmax().item()).toBe(4);
    expect(a.argmax(undefined, true).shape).toEqual([1, 1]);
    expect(array([2, 2, 2], { dtype: "int32" }).argmin().item()).toBe(0);
  });
});

describe("errors", () => {
  it("axis out of range, repeated axis, empty max/argmax", () => {
    const a = zeros([2, 3]);
    expect(() => a.sum(2)).toThrow(AxisError);
    expect(() => a.sum(2)).toThrow("sum: axis 2 is out of range for an array of 2 dimensions (valid: -2 to 1)");
    expect(() => a.mean([0, -3])).toThrow("mean: axis -3 is out of range for an array of 2 dimensions (valid: -2 to 1)");
    expect(() => a.max([1, -1])).toThrow("max: repeated axis in [1,-1]");
    expect(() => a.argmax(2)).toThrow("argmax: axis 2 is out of range");
    expect(() => zeros([]).sum(0)).toThrow("sum: axis 0 is out of range for an array of 0 dimensions (valid: 0 to -1)");
    const e = zeros([0, 3]);
    expect(() => e.max(0)).toThrow(ValueError);
    expect(() => e.max(0)).toThrow("max: cannot reduce over a zero-size axis (shape [0,3], axis 0): max has no identity");
    expect(() => e.argmin()).toThrow("argmin: cannot reduce over a zero-size axis");
    expect(values(e.max(1))).toEqual([]);
    expect(e.max(1).shape).toEqual([0]);
  });
});
