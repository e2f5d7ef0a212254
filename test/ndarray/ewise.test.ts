/**
 * Element-wise ops: binary arithmetic, comparisons, their scalar forms, unary functions
 * and where, against naive per-element definitions, with broadcasting, every dtype pair,
 * and strided/broadcast inputs. Result dtypes are checked against the explicit tables
 * below, which restate ndarray/dtype.ts (promoteTypes, promoteScalar, floatResult) and
 * NDArray.binary (bool arithmetic gives int32).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { NDArray, ShapeError, array, where, zeros, type DType } from "#ndarray";
import {
  DTYPES,
  anyArrayArb,
  arrayArb,
  bget,
  broadcastResult,
  broadcastShapesArb,
  castTo,
  dtypeArb,
  expectElements,
  f32tol,
  get,
  valueArbWithNaN,
  values,
  type Case,
  PROMOTE,
} from "./arbitrary.js";

// ------------------------------------------------------------------ dtype tables (restated, not computed)

/** add sub mul pow maximum minimum: PROMOTE, except that bool arithmetic gives int32. */
const ARITH: Record<DType, Record<DType, DType>> = {
  bool: { bool: "int32", int32: "int32", float32: "float32", float64: "float64" },
  int32: { bool: "int32", int32: "int32", float32: "float64", float64: "float64" },
  float32: { bool: "float32", int32: "float64", float32: "float32", float64: "float64" },
  float64: { bool: "float64", int32: "float64", float32: "float64", float64: "float64" },
};
/** div: true division; integer and bool operands give float64. */
const DIV: Record<DType, Record<DType, DType>> = {
  bool: { bool: "float64", int32: "float64", float32: "float32", float64: "float64" },
  int32: { bool: "float64", int32: "float64", float32: "float64", float64: "float64" },
  float32: { bool: "float32", int32: "float64", float32: "float32", float64: "float64" },
  float64: { bool: "float64", int32: "float64", float32: "float64", float64: "float64" },
};
/** array op number (weak scalar): float arrays keep their dtype; int/bool give int32 for an integer, float64 otherwise. */
const SCALAR: Record<DType, { int: DType; frac: DType }> = {
  bool: { int: "int32", frac: "float64" },
  int32: { int: "int32", frac: "float64" },
  float32: { int: "float32", frac: "float32" },
  float64: { int: "float64", frac: "float64" },
};
/** div by a number. */
const SCALAR_DIV: Record<DType, DType> = { bool: "float64", int32: "float64", float32: "float32", float64: "float64" };
/** exp log sqrt tanh sin cos erf: floats keep their dtype, the rest give float64. */
const FLOAT_UNARY: Record<DType, DType> = { bool: "float64", int32: "float64", float32: "float32", float64: "float64" };
/** neg abs sign: the dtype is kept, except bool → int32. */
const SAME_UNARY: Record<DType, DType> = { bool: "int32", int32: "int32", float32: "float32", float64: "float64" };

// ------------------------------------------------------------------ naive definitions

type BinaryName = "add" | "sub" | "mul" | "div" | "pow" | "maximum" | "minimum";
type CompareName = "eq" | "ne" | "lt" | "le" | "gt" | "ge";
const BINARY: Record<BinaryName, (x: number, y: number) => number> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  pow: (x, y) => x ** y,
  maximum: (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : x >= y ? x : y),
  minimum: (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : x <= y ? x : y),
};
const COMPARE: Record<CompareName, (x: number, y: number) => boolean> = {
  eq: (x, y) => x === y,
  ne: (x, y) => x !== y,
  lt: (x, y) => x < y,
  le: (x, y) => x <= y,
  gt: (x, y) => x > y,
  ge: (x, y) => x >= y,
};
const BINARY_NAMES = Object.keys(BINARY) as BinaryName[];
const COMPARE_NAMES = Object.keys(COMPARE) as CompareName[];

/** erf by Simpson's rule on 2/√π·e^(−t²) (independent of the library's series/continued fraction). */
const erfMemo = new Map<number, number>();
function erfNaive(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const hit = erfMemo.get(x);
  if (hit !== undefined) return hit;
  const n = Math.max(16, 2 * Math.ceil(Math.abs(x) * 200));
  const h = x / n;
  let s = 1 + Math.exp(-x * x);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * Math.exp(-((i * h) ** 2));
  const v = (2 / Math.sqrt(Math.PI)) * (h / 3) * s;
  erfMemo.set(x, v);
  return v;
}

type UnaryName = "neg" | "abs" | "sign" | "exp" | "log" | "sqrt" | "tanh" | "sin" | "cos" | "erf";
const UNARY: Record<UnaryName, { f: (x: number) => number; float: boolean }> = {
  neg: { f: (x) => -x, float: false },
  abs: { f: (x) => (x < 0 ? -x : x), float: false },
  sign: { f: (x) => (Number.isNaN(x) ? NaN : x > 0 ? 1 : x < 0 ? -1 : 0), float: false },
  exp: { f: (x) => Math.E ** x, float: true },
  log: { f: Math.log, float: true },
  sqrt: { f: (x) => (x < 0 ? NaN : x ** 0.5), float: true },
  tanh: { f: (x) => (x > 20 ? 1 : x < -20 ? -1 : (Math.exp(2 * x) - 1) / (Math.exp(2 * x) + 1)), float: true },
  sin: { f: Math.sin, float: true },
  cos: { f: Math.cos, float: true },
  erf: { f: erfNaive, float: true },
};
const UNARY_NAMES = Object.keys(UNARY) as UnaryName[];

/** Values for pow: exponents stay non-negative for integer arrays (numpy refuses negative integer powers). */
function powValues(side: "base" | "exp", dtype: DType): fc.Arbitrary<number> {
  if (side === "base") return dtype === "bool" ? fc.constantFrom(0, 1) : fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(0.5, 1.5, -2.5));
  if (dtype === "bool") return fc.constantFrom(0, 1);
  if (dtype === "int32") return fc.integer({ min: 0, max: 4 });
  return fc.oneof(fc.integer({ min: 0, max: 4 }), fc.constantFrom(0.5, -1, 1.5, -2));
}

/** Absolute tolerance for an element of dtype `d` computed in float64 then rounded (`approx`: not correctly rounded). */
function tolFor(d: DType, approx: boolean): (e: number) => number {
  if (d === "float32") return (e) => f32tol(e, 2) + (approx ? 1e-9 : 0);
  if (d === "float64" && approx) return (e) => 1e-12 * Math.abs(e) + 1e-9;
  return () => 0;
}

// ------------------------------------------------------------------ tests

describe("binary ops with broadcasting (add sub mul div pow maximum minimum)", () => {
  it("every element is the naive op on the broadcast inputs, in the promoted dtype", () => {
    fc.assert(
      fc.property(
        fc
          .tuple(fc.constantFrom(...BINARY_NAMES), dtypeArb(), dtypeArb(), broadcastShapesArb(2))
          .chain(([op, da, db, [sa, sb]]) =>
            fc.tuple(
              fc.constant(op),
              arrayArb(sa, da, op === "pow" ? powValues("base", da) : valueArbWithNaN(da)),
              arrayArb(sb, db, op === "pow" ? powValues("exp", db) : valueArbWithNaN(db)),
            ),
          ),
        ([op, a, b]) => {
          const out = (op === "div" ? DIV : ARITH)[a.n.dtype][b.n.dtype];
          const shape = broadcastResult(a.n.shape, b.n.shape);
          const r = a.x[op](b.x);
          expectElements(
            r,
            shape,
            out,
            (idx) => castTo(out, BINARY[op](castTo(out, bget(a.n, idx)), castTo(out, bget(b.n, idx)))),
            tolFor(out, op === "pow"),
          );
          a.unchanged();
          b.unchanged();
        },
      ),
      { numRuns: 250 },
    );
  });

  it("an array with itself (the same buffer on both sides)", () => {
    fc.assert(
      fc.property(anyArrayArb(["float64", "int32"]), (c) => {
        expectElements(c.x.sub(c.x), c.n.shape, c.n.dtype, () => 0);
        expectElements(c.x.mul(c.x), c.n.shape, c.n.dtype, (idx) => get(c.n, idx) ** 2);
        c.unchanged();
      }),
      { numRuns: 50 },
    );
  });

  it("maximum/minimum propagate NaN from either side", () => {
    const a = array([NaN, 1, 2, NaN], { dtype: "float64" });
    const b = array([1, NaN, 1, NaN], { dtype: "float64" });
    expect(values(a.maximum(b)).map(Number.isNaN)).toEqual([true, true, false, true]);
    expect(values(a.minimum(b)).map(Number.isNaN)).toEqual([true, true, false, true]);
    expect(values(a.maximum(b))[2]).toBe(2);
    expect(values(a.minimum(b))[2]).toBe(1);
    expect(values(a.maximum(0)).map(Number.isNaN)).toEqual([true, false, false, true]);
  });
});

describe("comparisons (eq ne lt le gt ge)", () => {
  it("give bool, comparing in the promoted dtype, with broadcasting", () => {
    fc.assert(
      fc.property(
        fc
          .tuple(fc.constantFrom(...COMPARE_NAMES), dtypeArb(), dtypeArb(), broadcastShapesArb(2))
          .chain(([op, da, db, [sa, sb]]) =>
            fc.tuple(
              fc.constant(op),
              arrayArb(sa, da, fc.oneof(valueArbWithNaN(da), fc.constantFrom(0, 1))),
              arrayArb(sb, db, fc.oneof(valueArbWithNaN(db), fc.constantFrom(0, 1))),
            ),
          ),
        ([op, a, b]) => {
          const cd = PROMOTE[a.n.dtype][b.n.dtype];
          const shape = broadcastResult(a.n.shape, b.n.shape);
          expectElements(a.x[op](b.x), shape, "bool", (idx) =>
            COMPARE[op](castTo(cd, bget(a.n, idx)), castTo(cd, bget(b.n, idx))) ? 1 : 0,
          );
          a.unchanged();
          b.unchanged();
        },
      ),
      { numRuns: 150 },
    );
  });

  it("NaN compares unequal to everything, itself included", () => {
    const a = array([NaN, NaN, 1], { dtype: "float32" });
    const b = array([NaN, 1, NaN], { dtype: "float64" });
    expect(a.eq(b).toArray()).toEqual([false, false, false]);
    expect(a.ne(b).toArray()).toEqual([true, true, true]);
    expect(a.lt(b).toArray()).toEqual([false, false, false]);
    expect(a.ge(b).toArray()).toEqual([false, false, false]);
    expect(a.eq(NaN).toArray()).toEqual([false, false, false]);
  });
});

describe("scalar forms (array op number)", () => {
  it("treat the number as a weak scalar: dtype from the SCALAR table, values naive", () => {
    fc.assert(
      fc.property(
        fc
          .tuple(fc.constantFrom<BinaryName | CompareName>(...BINARY_NAMES, ...COMPARE_NAMES), dtypeArb())
          .chain(([op, d]) =>
            fc.tuple(
              fc.constant(op),
              anyArrayArb([d], {}, op === "pow" ? (dt) => powValues("base", dt) : valueArbWithNaN),
              op === "pow"
                ? fc.constantFrom(0, 1, 2, 3, 0.5, -0.5, 2.5)
                : fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(0.5, -1.5, 2.25, 0.25, -0.125)),
            ),
          ),
        ([op, c, s]) => {
          const d = c.n.dtype;
          const kind = Number.isInteger(s) ? "int" : "frac";
          const r = c.x[op](s);
          if (op in COMPARE) {
            const cd = SCALAR[d][kind];
            expectElements(r, c.n.shape, "bool", (idx) => (COMPARE[op as CompareName](castTo(cd, get(c.n, idx)), s) ? 1 : 0));
          } else {
            const out = op === "div" ? SCALAR_DIV[d] : SCALAR[d][kind];
            expectElements(
              r,
              c.n.shape,
              out,
              (idx) => castTo(out, BINARY[op as BinaryName](castTo(out, get(c.n, idx)), s)),
              tolFor(out, op === "pow"),
            );
          }
          c.unchanged();
        },
      ),
      { numRuns: 250 },
    );
  });

  it("float32 array with a number float32 cannot hold: the number is cast to float32 first (numpy weak scalar)", () => {
    // numpy 2 (NEP 50) and PyTorch: np.array([0.1], np.float32) == 0.1 is True, because the
    // Python float takes the array's dtype; dtype.ts documents the same rule.
    const a = array([0.1], { dtype: "float32" });
    expect(a.eq(0.1).toArray()).toEqual([true]);
    expect(a.gt(0.1).toArray()).toEqual([false]);
    expect(a.le(0.1).toArray()).toEqual([true]);
    // float32(-0.23630376) + float32(0.1) rounds to -0.13630375 (not -0.13630377 as with the double 0.1)
    const x = Math.fround(-0.23630376160144806);
    expect(values(array([x], { dtype: "float32" }).add(0.1))).toEqual([Math.fround(x + Math.fround(0.1))]);
  });
});

describe("unary ops (neg abs sign exp log sqrt tanh sin cos erf)", () => {
  it("every element is the naive function; float functions of int/bool give float64", () => {
    fc.assert(
      fc.property(
        fc
          .tuple(fc.constantFrom(...UNARY_NAMES), dtypeArb())
          .chain(([op, d]) => fc.tuple(fc.constant(op), anyArrayArb([d], {}, valueArbWithNaN))),
        ([op, c]) => {
          const d = c.n.dtype;
          const { f, float } = UNARY[op];
          const out = float ? FLOAT_UNARY[d] : SAME_UNARY[d];
          const r = c.x[op]();
          expectElements(r, c.n.shape, out, (idx) => castTo(out, f(castTo(out, get(c.n, idx)))), tolFor(out, float));
          c.unchanged();
        },
      ),
      { numRuns: 200 },
    );
  });

  it("edge values: sign(0) = 0, sign(NaN) = NaN, log(0) = -Infinity, sqrt(-1) = NaN, erf(±∞) = ±1", () => {
    const x = array([0, -0, NaN, -2, 3], { dtype: "float64" });
    expect(values(x.sign()).slice(0, 2).map((v) => v === 0)).toEqual([true, true]);
    expect(Number.isNaN(values(x.sign())[2])).toBe(true);
    expect(values(x.sign()).slice(3)).toEqual([-1, 1]);
    expect(values(array([0, -1], { dtype: "float64" }).log())).toEqual([-Infinity, NaN]);
    expect(values(array([-1, 4], { dtype: "float64" }).sqrt())).toEqual([NaN, 2]);
    expect(values(array([Infinity, -Infinity, 0], { dtype: "float64" }).erf())).toEqual([1, -1, 0]);
    expect(values(array([true, false]).neg())).toEqual([-1, 0]);
  });
});

describe("where(cond, a, b)", () => {
  /** An array of the given shape, or a number (when allowed). */
  const operandArb = (shape: number[]): fc.Arbitrary<Case | number> =>
    fc.oneof(
      { weight: 3, arbitrary: dtypeArb().chain((d) => arrayArb(shape, d)) },
      { weight: 1, arbitrary: fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(0.5, -2.25)) },
    );

  it("picks a where cond is non-zero, else b; three-way broadcasting; dtype by the tables", () => {
    fc.assert(
      fc.property(
        broadcastShapesArb(3).chain(([sc, sa, sb]) =>
          fc.tuple(
            dtypeArb().chain((d) => arrayArb(sc, d, valueArbWithNaN(d))),
            operandArb(sa),
            operandArb(sb),
            fc.boolean(),
          ),
        ),
        ([cond, a, b, method]) => {
          const ax = typeof a === "number" ? a : a.x;
          const bx = typeof b === "number" ? b : b.x;
          let out: DType;
          if (typeof a !== "number" && typeof b !== "number") out = PROMOTE[a.n.dtype][b.n.dtype];
          else if (typeof a !== "number") out = SCALAR[a.n.dtype][Number.isInteger(b) ? "int" : "frac"];
          else if (typeof b !== "number") out = SCALAR[b.n.dtype][Number.isInteger(a) ? "int" : "frac"];
          else out = Number.isInteger(a) && Number.isInteger(b) ? "int32" : "float32";
          const shapes = [cond.n.shape, ...[a, b].flatMap((o) => (typeof o === "number" ? [] : [o.n.shape]))];
          const r = method && ax instanceof NDArray ? ax.where(cond.x, bx) : where(cond.x, ax, bx);
          const pick = (o: Case | number, idx: number[]) => (typeof o === "number" ? o : bget(o.n, idx));
          expectElements(r, broadcastResult(...shapes), out, (idx) =>
            castTo(out, bget(cond.n, idx) !== 0 ? pick(a, idx) : pick(b, idx)),
          );
          cond.unchanged();
          for (const o of [a, b]) if (typeof o !== "number") o.unchanged();
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("dtype promotion table (every pair, explicit)", () => {
  it("matches the restated tables for every op category", () => {
    for (const da of DTYPES) {
      for (const db of DTYPES) {
        const a = zeros([2], { dtype: da });
        const b = zeros([2], { dtype: db });
        for (const op of ["add", "sub", "mul", "pow", "maximum", "minimum"] as const) expect(a[op](b).dtype, `${da} ${op} ${db}`).toBe(ARITH[da][db]);
        expect(a.div(b).dtype, `${da} div ${db}`).toBe(DIV[da][db]);
        for (const op of COMPARE_NAMES) expect(a[op](b).dtype).toBe("bool");
        expect(where(zeros([2], { dtype: "bool" }), a, b).dtype, `where ${da} ${db}`).toBe(PROMOTE[da][db]);
      }
      const a = zeros([2], { dtype: da });
      expect(a.add(2).dtype, `${da} + 2`).toBe(SCALAR[da].int);
      expect(a.add(2.5).dtype, `${da} + 2.5`).toBe(SCALAR[da].frac);
      expect(a.div(2).dtype, `${da} / 2`).toBe(SCALAR_DIV[da]);
      expect(a.exp().dtype).toBe(FLOAT_UNARY[da]);
      expect(a.neg().dtype).toBe(SAME_UNARY[da]);
    }
  });
});

describe("errors", () => {
  it("a broadcast failure names the op and both shapes", () => {
    const a = zeros([2, 3]);
    const b = zeros([4]);
    expect(() => a.add(b)).toThrow(ShapeError);
    expect(() => a.add(b)).toThrow("add: shapes [2,3] and [4] cannot be broadcast together (axis -1: 3 ≠ 4)");
    expect(() => a.lt(zeros([3, 1]))).toThrow("lt: shapes [2,3] and [3,1] cannot be broadcast together (axis -2: 2 ≠ 3)");
    expect(() => where(zeros([2, 3], { dtype: "bool" }), a, b)).toThrow(
      "where: shapes [2,3] and [2,3] and [4] cannot be broadcast together (axis -1: 3 ≠ 4)",
    );
    expect(values(a)).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
