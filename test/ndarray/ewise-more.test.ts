/**
 * The element-wise functions added for students: square, reciprocal, log1p, clip/clamp,
 * the reflected ops (rsub, rdiv, rpow), fill, and the free-function forms of every
 * element-wise op (a number allowed on the left), each against a naive definition on
 * strided and broadcast inputs of every dtype, with the result dtype restated below.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import * as lib from "#ndarray";
import { DTypeError, NDArray, ValueError, arange, array, type DType } from "#ndarray";
import {
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
  valueArb,
  valueArbWithNaN,
  values,
} from "./arbitrary.js";

/** square (as mul): bool gives int32, numeric dtypes are kept. */
const SQUARE: Record<DType, DType> = { bool: "int32", int32: "int32", float32: "float32", float64: "float64" };
/** reciprocal and log1p (as true division and log): floats kept, the rest float64. */
const FLOAT: Record<DType, DType> = { bool: "float64", int32: "float64", float32: "float32", float64: "float64" };
/** array op number, the number weak (as ewise.test.ts's SCALAR table). */
const SCALAR: Record<DType, { int: DType; frac: DType }> = {
  bool: { int: "int32", frac: "float64" },
  int32: { int: "int32", frac: "float64" },
  float32: { int: "float32", frac: "float32" },
  float64: { int: "float64", frac: "float64" },
};
/** maximum/minimum of two arrays (ewise.test.ts's ARITH). */
const ARITH: Record<DType, Record<DType, DType>> = {
  bool: { bool: "int32", int32: "int32", float32: "float32", float64: "float64" },
  int32: { bool: "int32", int32: "int32", float32: "float64", float64: "float64" },
  float32: { bool: "float32", int32: "float64", float32: "float32", float64: "float64" },
  float64: { bool: "float64", int32: "float64", float32: "float64", float64: "float64" },
};

const nanMax = (x: number, y: number) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.max(x, y));
const nanMin = (x: number, y: number) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.min(x, y));
/** Relative tolerance of `ulps` units in the last place of dtype `d`. */
const ulps = (d: DType, n: number) => (e: number) => (d === "float32" ? f32tol(e, n) : n * 2 ** -52 * Math.abs(e) + 1e-300);

describe("square and reciprocal", () => {
  it("square is x·x, reciprocal is 1/x, in their dtypes", () => {
    fc.assert(
      fc.property(anyArrayArb(undefined, {}, valueArbWithNaN), (c) => {
        const d = c.n.dtype;
        expectElements(c.x.square(), c.n.shape, SQUARE[d], (idx) => castTo(SQUARE[d], get(c.n, idx) ** 2));
        expectElements(c.x.reciprocal(), c.n.shape, FLOAT[d], (idx) => castTo(FLOAT[d], 1 / get(c.n, idx)), ulps(FLOAT[d], 1));
        c.unchanged();
      }),
      { numRuns: 120 },
    );
  });
});

describe("log1p", () => {
  /** Values where 1 + x loses digits (tiny |x|), the ordinary range, −1 and below, NaN. */
  const log1pValues = (d: DType): fc.Arbitrary<number> =>
    d === "int32" || d === "bool"
      ? valueArb(d)
      : fc.oneof(
          fc.double({ min: -1e-7, max: 1e-7, noNaN: true }),
          fc.double({ min: -0.999, max: 20, noNaN: true }),
          fc.constantFrom(-1, -2, 0, -0, Infinity, NaN, 1e-30),
        );

  it("is log(1 + x) to a few units in the last place, also where 1 + x rounds to 1", () => {
    fc.assert(
      fc.property(anyArrayArb(undefined, {}, log1pValues), (c) => {
        const out = FLOAT[c.n.dtype];
        expectElements(c.x.log1p(), c.n.shape, out, (idx) => castTo(out, Math.log1p(castTo(out, get(c.n, idx)))), ulps(out, 6));
        c.unchanged();
      }),
      { numRuns: 150 },
    );
  });

  it("keeps a tiny float32 x exactly, where log(1 + x) would give 0", () => {
    const x = array([1e-10, -3e-9], { dtype: "float32" });
    expect(values(x.log1p())).toEqual(values(x));
    expect(values(x.add(1).log())).toEqual([0, 0]);
  });
});

describe("clip and clamp", () => {
  it("are minimum(maximum(x, min), max) with NaN kept, for number, array and null bounds", () => {
    const bound = fc.oneof(fc.constant(null), fc.integer({ min: -4, max: 4 }), fc.constantFrom(-1.5, 0.25, 2.5, NaN));
    fc.assert(
      fc.property(anyArrayArb(undefined, {}, valueArbWithNaN), bound, bound, fc.boolean(), (c, lo, hi, clamp) => {
        if (lo === null && hi === null) {
          expect(() => c.x.clip(lo, hi)).toThrow(ValueError);
          return;
        }
        const d = c.n.dtype;
        const afterLo = lo === null ? d : SCALAR[d][Number.isInteger(lo) ? "int" : "frac"];
        const out = hi === null ? afterLo : SCALAR[afterLo][Number.isInteger(hi) ? "int" : "frac"];
        const r = clamp ? c.x.clamp(lo, hi) : c.x.clip(lo, hi);
        expectElements(r, c.n.shape, out, (idx) => {
          const x = castTo(afterLo, get(c.n, idx));
          const floored = lo === null ? x : castTo(afterLo, nanMax(x, castTo(afterLo, lo)));
          return castTo(out, hi === null ? floored : nanMin(castTo(out, floored), castTo(out, hi)));
        });
        c.unchanged();
      }),
      { numRuns: 150 },
    );
  });

  it("take array bounds that broadcast, promoting as maximum and minimum do", () => {
    fc.assert(
      fc.property(
        fc.tuple(dtypeArb(), dtypeArb(), broadcastShapesArb(2)).chain(([da, db, [sa, sb]]) => fc.tuple(arrayArb(sa, da, valueArbWithNaN(da)), arrayArb(sb, db, valueArbWithNaN(db)))),
        ([x, lo]) => {
          const out = ARITH[x.n.dtype][lo.n.dtype];
          const shape = broadcastResult(x.n.shape, lo.n.shape);
          expectElements(lib.clip(x.x, lo.x, null), shape, out, (idx) => castTo(out, nanMax(castTo(out, bget(x.n, idx)), castTo(out, bget(lo.n, idx)))));
        },
      ),
      { numRuns: 80 },
    );
  });
});

describe("reflected ops: rsub, rdiv, rpow", () => {
  it("s op x with a number s has the dtype of x op s", () => {
    const scalar = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(0.5, -1.5, 2.25));
    const powBase = (d: DType) => (d === "int32" ? fc.integer({ min: 0, max: 4 }) : d === "bool" ? fc.constantFrom(0, 1) : fc.oneof(fc.integer({ min: -2, max: 3 }), fc.constantFrom(0.5, 1.5)));
    fc.assert(
      fc.property(
        fc.constantFrom("rsub", "rdiv", "rpow").chain((op) => fc.tuple(fc.constant(op), anyArrayArb(undefined, {}, op === "rpow" ? powBase : valueArbWithNaN), scalar)),
        ([op, c, s]) => {
          const d = c.n.dtype;
          const base = SCALAR[d][Number.isInteger(s) ? "int" : "frac"];
          const out = op === "rdiv" ? FLOAT[base] : base;
          const sIn = castTo(out, s);
          const f = op === "rsub" ? (x: number) => sIn - x : op === "rdiv" ? (x: number) => sIn / x : (x: number) => sIn ** x;
          expectElements(c.x[op](s), c.n.shape, out, (idx) => castTo(out, f(castTo(out, get(c.n, idx)))), ulps(out, op === "rpow" ? 2 : 1));
          c.unchanged();
        },
      ),
      { numRuns: 150 },
    );
  });

  it("with an array, other.rsub(x) is x.sub(other)", () => {
    const a = arange(6).reshape(2, 3);
    const b = array([0.5, 1, 2]);
    expect(b.rsub(a).toArray()).toEqual(a.sub(b).toArray());
    expect(b.rdiv(a).toArray()).toEqual(a.div(b).toArray());
    expect(b.rpow(a).toArray()).toEqual(a.pow(b).toArray());
  });
});

describe("free functions", () => {
  const binary = ["add", "sub", "mul", "div", "pow", "maximum", "minimum", "eq", "ne", "lt", "le", "gt", "ge"] as const;
  const unary = ["neg", "abs", "sign", "exp", "log", "log1p", "sqrt", "square", "reciprocal", "tanh", "sin", "cos", "erf"] as const;
  const same = (r: NDArray, e: NDArray) => {
    expect(r.shape).toEqual(e.shape);
    expect(r.dtype).toBe(e.dtype);
    expect(values(r)).toEqual(values(e));
  };

  it("f(a, b) is a.f(b) for arrays and for a number on the right", () => {
    fc.assert(
      fc.property(fc.constantFrom(...binary), anyArrayArb(["float64", "int32"], { maxDims: 2 }, valueArb), anyArrayArb(["float32"], { maxDims: 1 }, valueArb), (op, a, b) => {
        fc.pre(b.n.shape.length === 0 || a.n.shape.length === 0 || b.n.shape[0] === a.n.shape[a.n.shape.length - 1] || b.n.shape[0] === 1);
        same(lib[op](a.x, b.x), a.x[op](b.x));
        same(lib[op](a.x, 2), a.x[op](2));
      }),
      { numRuns: 80 },
    );
  });

  it("f(s, x) with a number on the left is s op x, element by element, in x op s's dtype", () => {
    const naive: Record<(typeof binary)[number], (s: number, x: number) => number> = {
      add: (s, x) => s + x,
      sub: (s, x) => s - x,
      mul: (s, x) => s * x,
      div: (s, x) => s / x,
      pow: (s, x) => s ** x,
      maximum: nanMax,
      minimum: nanMin,
      eq: (s, x) => +(s === x),
      ne: (s, x) => +(s !== x),
      lt: (s, x) => +(s < x),
      le: (s, x) => +(s <= x),
      gt: (s, x) => +(s > x),
      ge: (s, x) => +(s >= x),
    };
    fc.assert(
      fc.property(fc.constantFrom(...binary), anyArrayArb(["float64", "float32", "int32"], {}, (d) => (d === "int32" ? fc.integer({ min: 0, max: 3 }) : valueArbWithNaN(d))), fc.integer({ min: -2, max: 3 }), (op, c, s) => {
        const work = SCALAR[c.n.dtype].int;
        const compare = ["eq", "ne", "lt", "le", "gt", "ge"].includes(op);
        const out = op === "div" ? FLOAT[work] : compare ? "bool" : work;
        expectElements(lib[op](s, c.x), c.n.shape, out, (idx) => castTo(out, naive[op](castTo(work, s), castTo(work, get(c.n, idx)))), op === "pow" ? ulps(out, 2) : ulps(out, 1));
      }),
      { numRuns: 150 },
    );
  });

  it("f(x) is x.f() for every element-wise function", () => {
    fc.assert(
      fc.property(fc.constantFrom(...unary), anyArrayArb(undefined, {}, valueArbWithNaN), (op, c) => {
        same(lib[op](c.x), c.x[op]());
      }),
      { numRuns: 80 },
    );
  });

  it("sub(1, x) is 1 − x (no onesLike needed)", () => {
    expect(lib.sub(1, array([0.25, 1, 3])).toArray()).toEqual([0.75, 0, -2]);
  });
});

describe("fill", () => {
  it("writes the value into every element of the view, in place, with assign's casting rule", () => {
    fc.assert(
      fc.property(anyArrayArb(undefined, { minDim: 1 }), fc.constantFrom(0, 1, 3, -2.5), (c, value) => {
        const target = c.fresh();
        const isBroadcast = target.shape.some((d, i) => d > 1 && target.strides[i] === 0);
        const fits = c.n.dtype === "bool" ? value === 0 || value === 1 : c.n.dtype === "int32" ? Number.isInteger(value) : true;
        if (isBroadcast) expect(() => target.fill(value)).toThrow(ValueError);
        else if (!fits) expect(() => target.fill(value)).toThrow(DTypeError);
        else {
          expect(target.fill(value)).toBe(target);
          expectElements(target, c.n.shape, c.n.dtype, () => castTo(c.n.dtype, value));
        }
      }),
      { numRuns: 100 },
    );
  });

  it("leaves the rest of the buffer alone", () => {
    const base = arange(12, "float64").reshape(3, 4);
    base.slice("1:, ::2").fill(-1);
    expect(base.toArray()).toEqual([[0, 1, 2, 3], [-1, 5, -1, 7], [-1, 9, -1, 11]]);
  });
});
