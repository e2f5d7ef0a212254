/**
 * Strided kernels through the NDArray class: compact (and astype, which casts through it),
 * assign of arrays and scalars into strided views (steps, negative steps, permuted views),
 * the in-place ops iadd/isub/imul/idiv, and take. Writes are checked position by position
 * in the base buffer: covered positions get the value, every other position keeps its own.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DTypeError, IndexError, NDArray, ShapeError, ValueError, arange, array, zeros, type DType, type Slice } from "#ndarray";
import {
  DTYPES,
  anyArrayArb,
  arrayArb,
  castTo,
  compactOf,
  dtypeArb,
  expectElements,
  f32tol,
  flatIndex,
  get,
  indices,
  naive,
  naiveSlice,
  range,
  shapeArb,
  shrinkToBroadcast,
  sizeOf,
  sliceArb,
  valueArb,
  values,
  type Naive,
  PROMOTE,
} from "./arbitrary.js";

const RUNS = { numRuns: 80 };

/** numpy's "same_kind" rule restated: may a `from` value be written into a `to` array in place? */
const SAME_KIND: Record<DType, Record<DType, boolean>> = {
  bool: { bool: true, int32: true, float32: true, float64: true },
  int32: { bool: false, int32: true, float32: true, float64: true },
  float32: { bool: false, int32: false, float32: true, float64: true },
  float64: { bool: false, int32: false, float32: true, float64: true },
};

/**
 * A writable view of a compact base: one slice per axis, then maybe a permutation and a
 * flip. `toBase(vidx)` is the base multi-index a view index lands on, computed naively.
 */
interface Target {
  base: Naive;
  slices: Slice[];
  perm: number[];
  flipAxes: number[];
  shape: number[];
  toBase(vidx: readonly number[]): number[];
  make(): { B: NDArray; V: NDArray };
  toString(): string;
}

function targetArb(dtypes: readonly DType[] = DTYPES): fc.Arbitrary<Target> {
  return fc
    .tuple(shapeArb({ maxDims: 3, maxDim: 5 }), dtypeArb(dtypes))
    .chain(([shape, dtype]) =>
      fc.tuple(
        fc.array(valueArb(dtype), { minLength: sizeOf(shape), maxLength: sizeOf(shape) }),
        fc.array(fc.option(sliceArb), { minLength: shape.length, maxLength: shape.length }),
        fc.shuffledSubarray(range(shape.length), { minLength: shape.length, maxLength: shape.length }),
        fc.subarray(range(shape.length)),
      ).map(([vals, sl, perm, flipAxes]): Target => {
        const base = naive(shape, dtype, vals);
        const slices = sl.map((s) => s ?? {});
        const picks = shape.map((d, i) => naiveSlice(slices[i], d));
        const sliced = picks.map((p) => p.length);
        const vshape = perm.map((a) => sliced[a]);
        return {
          base,
          slices,
          perm,
          flipAxes,
          shape: vshape,
          toBase(vidx) {
            const b = new Array<number>(shape.length);
            perm.forEach((a, i) => {
              const j = flipAxes.includes(i) ? vshape[i] - 1 - vidx[i] : vidx[i];
              b[a] = picks[a][j];
            });
            return b;
          },
          make() {
            const B = compactOf(base);
            const V = B.slice(...slices).permute(perm).flip(flipAxes);
            return { B, V };
          },
          toString: () => `target ${JSON.stringify({ shape, dtype, slices, perm, flipAxes })}`,
        };
      }),
    );
}

/** Expected base contents after writing `value(vidx)` at every view index. */
function expectedBase(t: Target, value: (vidx: number[]) => number): number[] {
  const want = [...t.base.data];
  for (const vidx of indices(t.shape)) want[flatIndex(t.base.shape, t.toBase(vidx))] = castTo(t.base.dtype, value(vidx));
  return want;
}

describe("compact and astype (the compact kernel, casting)", () => {
  it("astype(dtype) of any view casts every element as numpy does", () => {
    fc.assert(
      fc.property(anyArrayArb(DTYPES, {}, (d) => fc.oneof(valueArb(d), fc.constantFrom(2.5, -2.5, 0.75, -0.75))), dtypeArb(), (c, to) => {
        const y = c.x.astype(to);
        expectElements(y, c.n.shape, to, (idx) => castTo(to, get(c.n, idx)));
        expect(y.offset).toBe(0);
        expect(y.buffer.size).toBe(sizeOf(c.n.shape));
        if (to !== c.n.dtype) expect(y.buffer).not.toBe(c.x.buffer);
        c.unchanged();
      }),
      RUNS,
    );
  });

  it("astype with copy always gives a fresh buffer; without, a dense same-dtype array is returned as is", () => {
    const a = arange(6, undefined, 1, { dtype: "float64" });
    expect(a.astype("float64")).toBe(a);
    expect(a.astype("float64", true).buffer).not.toBe(a.buffer);
    expect(values(a.astype("bool"))).toEqual([0, 1, 1, 1, 1, 1]);
    expect(values(array([0.5, -0.5, NaN, 0], { dtype: "float64" }).astype("bool"))).toEqual([1, 1, 1, 0]);
    expect(values(array([2.9, -2.9], { dtype: "float64" }).astype("int32"))).toEqual([2, -2]);
  });
});

describe("assign (ewiseSetitem / scalarSetitem into strided views)", () => {
  it("an array value, broadcast and same-kind cast, lands at the naive positions only", () => {
    fc.assert(
      fc.property(
        targetArb().chain((t) =>
          fc.tuple(
            fc.constant(t),
            fc
              .tuple(shrinkToBroadcast(t.shape), dtypeArb(DTYPES.filter((d) => SAME_KIND[d][t.base.dtype])))
              .chain(([vs, vd]) => arrayArb(vs, vd)),
          ),
        ),
        ([t, v]) => {
          const { B, V } = t.make();
          expect(V.buffer).toBe(B.buffer);
          const r = V.assign(v.x);
          expect(r).toBe(V);
          const want = expectedBase(t, (vidx) => {
            const lead = vidx.length - v.n.shape.length;
            return get(v.n, v.n.shape.map((d, i) => (d === 1 ? 0 : vidx[lead + i])));
          });
          expect(values(B)).toEqual(want);
          v.unchanged();
        },
      ),
      { numRuns: 120 },
    );
  });

  it("a scalar lands at the naive positions only", () => {
    fc.assert(
      fc.property(targetArb(), fc.constantFrom(0, 1, -3, 2.5, -0.25), (t, s) => {
        const dtype = t.base.dtype;
        const fits = dtype === "bool" ? s === 0 || s === 1 : dtype === "int32" ? Number.isInteger(s) : true;
        const { B, V } = t.make();
        if (!fits) {
          expect(() => V.assign(s)).toThrow(DTypeError);
          expect(values(B)).toEqual(t.base.data);
          return;
        }
        V.assign(s);
        expect(values(B)).toEqual(expectedBase(t, () => s));
      }),
      { numRuns: 120 },
    );
  });

  it("overlapping source and target read the source as it was (numpy copies first)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }).chain((n) =>
          fc.tuple(
            fc.array(fc.integer({ min: -9, max: 9 }), { minLength: n, maxLength: n }),
            fc.integer({ min: 0, max: n }),
            fc.integer({ min: 0, max: n }),
            fc.integer({ min: 0, max: n }),
            fc.boolean(),
          ),
        ),
        ([data, a, b, len0, reverse]) => {
          const n = data.length;
          const len = Math.min(len0, n - a, n - b);
          const x = compactOf(naive([n], "float64", data));
          const src = x.slice({ start: b, stop: b + len });
          x.slice({ start: a, stop: a + len }).assign(reverse ? src.flip() : src);
          const want = [...data];
          for (let i = 0; i < len; i++) want[a + i] = data[reverse ? b + len - 1 - i : b + i];
          expect(values(x)).toEqual(want);
          // a dense source written into a reversed view of its own buffer
          const y = compactOf(naive([n], "float64", data));
          y.flip().assign(y);
          expect(values(y)).toEqual([...data].reverse());
          // a square matrix written into its own transpose
          const q = Math.floor(Math.sqrt(n));
          const sq = compactOf(naive([q, q], "float64", data.slice(0, q * q)));
          sq.T.assign(sq);
          expectElements(sq, [q, q], "float64", ([i, j]) => data[j * q + i]);
        },
      ),
      RUNS,
    );
  });

  it("assigning into a size-0 array is a no-op (zeros([2,0]) has strides [0,1], not a broadcast)", () => {
    const e = zeros([2, 0]);
    expect(() => e.assign(1)).not.toThrow();
    expect(() => e.assign(zeros([0]))).not.toThrow();
    expect(e.shape).toEqual([2, 0]);
  });

  it("errors: dtype (same-kind), shape, broadcast view", () => {
    const i = zeros([2, 3], { dtype: "int32" });
    const b = zeros([3], { dtype: "bool" });
    expect(() => i.assign(zeros([3], { dtype: "float32" }))).toThrow(DTypeError);
    expect(() => i.assign(zeros([3], { dtype: "float32" }))).toThrow(
      'assign: cannot write float32 values into an array of dtype int32 in place (a same-kind cast is required); use .astype("int32") explicitly',
    );
    expect(() => b.assign(zeros([3], { dtype: "int32" }))).toThrow("assign: cannot write int32 values into an array of dtype bool in place");
    expect(() => i.assign(0.5)).toThrow("assign: cannot write 0.5 into an array of dtype int32 in place (a same-kind cast is required)");
    expect(() => b.assign(2)).toThrow("assign: cannot write 2 into an array of dtype bool in place");
    expect(() => i.assign(zeros([4], { dtype: "int32" }))).toThrow(ShapeError);
    expect(() => i.assign(zeros([4], { dtype: "int32" }))).toThrow(
      "assign: value of shape [4] cannot be broadcast to the target shape [2,3]",
    );
    expect(() => zeros([3]).broadcastTo([2, 3]).assign(1)).toThrow(ValueError);
    expect(values(i)).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

type InPlace = "iadd" | "isub" | "imul" | "idiv";
const IN_PLACE: Record<InPlace, { f: (x: number, y: number) => number; div: boolean }> = {
  iadd: { f: (x, y) => x + y, div: false },
  isub: { f: (x, y) => x - y, div: false },
  imul: { f: (x, y) => x * y, div: false },
  idiv: { f: (x, y) => x / y, div: true },
};

function resultDType(a: DType, b: DType, div: boolean): DType {
  const p = PROMOTE[a][b];
  if (div) return p === "float32" || p === "float64" ? p : "float64";
  return p === "bool" ? "int32" : p;
}

describe("in-place arithmetic (iadd, isub, imul, idiv) on strided views", () => {
  it("updates exactly the view's positions, or refuses a cast that is not same-kind", () => {
    fc.assert(
      fc.property(
        targetArb().chain((t) =>
          fc.tuple(
            fc.constant(t),
            fc.tuple(shrinkToBroadcast(t.shape), dtypeArb()).chain(([vs, vd]) => arrayArb(vs, vd)),
            fc.constantFrom<InPlace>("iadd", "isub", "imul", "idiv"),
          ),
        ),
        ([t, v, op]) => {
          const { B, V } = t.make();
          const T = t.base.dtype;
          const rd = resultDType(T, v.n.dtype, IN_PLACE[op].div);
          if (!SAME_KIND[rd][T]) {
            expect(() => V[op](v.x)).toThrow(DTypeError);
            expect(() => V[op](v.x)).toThrow(
              `${op}: result dtype ${rd} cannot be stored in place into an array of dtype ${T} (operand dtype ${v.n.dtype}); use the out-of-place op instead`,
            );
            expect(values(B)).toEqual(t.base.data);
            return;
          }
          expect(V[op](v.x)).toBe(V);
          const want = expectedBase(t, (vidx) => {
            const lead = vidx.length - v.n.shape.length;
            const y = get(v.n, v.n.shape.map((d, i) => (d === 1 ? 0 : vidx[lead + i])));
            const x = get(t.base, t.toBase(vidx));
            return castTo(rd, IN_PLACE[op].f(castTo(rd, x), castTo(rd, y)));
          });
          const got = values(B);
          want.forEach((w, k) => {
            const tol = T === "float32" ? f32tol(w) : 0;
            if (!(got[k] === w || (Number.isNaN(got[k]) && Number.isNaN(w)) || Math.abs(got[k] - w) <= tol)) {
              throw new Error(`base element ${k}: expected ${w}, got ${got[k]}`);
            }
          });
          v.unchanged();
        },
      ),
      { numRuns: 120 },
    );
  });

  it("with a number operand (weak scalar): int32 += 2 stays int32, int32 += 0.5 is refused", () => {
    const a = arange(6, undefined, 1, { dtype: "int32" }).reshape([2, 3]);
    a.T.slice("::-1").iadd(10);
    expect(a.toArray()).toEqual([[10, 11, 12], [13, 14, 15]]);
    a.slice(null, "::2").imul(-1);
    expect(a.toArray()).toEqual([[-10, 11, -12], [-13, 14, -15]]);
    expect(() => a.iadd(0.5)).toThrow(
      "iadd: result dtype float64 cannot be stored in place into an array of dtype int32 (operand dtype number 0.5); use the out-of-place op instead",
    );
    expect(() => a.idiv(2)).toThrow("idiv: result dtype float64 cannot be stored in place into an array of dtype int32");
    const f = array([1, 2, 4], { dtype: "float32" });
    f.flip().idiv(2);
    expect(values(f)).toEqual([0.5, 1, 2]);
    f.isub(f.slice("::-1"));
    expect(values(f)).toEqual([-1.5, 0, 1.5]);
  });

  it("errors: the result must keep the target's shape", () => {
    const a = zeros([3]);
    expect(() => a.iadd(zeros([2, 3]))).toThrow(ShapeError);
    expect(() => a.iadd(zeros([2, 3]))).toThrow("iadd: in-place result has shape [2,3], but the target has shape [3]");
    expect(() => a.iadd(zeros([4]))).toThrow(ShapeError);
    expect(() => a.iadd(zeros([4]))).toThrow("shapes [3] and [4] cannot be broadcast together (axis -1: 3 ≠ 4)");
  });
});

describe("take", () => {
  it("picks indices (negative from the end) along an axis of any view", () => {
    fc.assert(
      fc.property(
        anyArrayArb(DTYPES, { minDims: 1 }).chain((c) =>
          fc.integer({ min: 0, max: c.n.shape.length - 1 }).chain((axis) => {
            const d = c.n.shape[axis];
            return fc.tuple(
              fc.constant(c),
              fc.constant(axis),
              d === 0 ? fc.constant<number[]>([]) : fc.array(fc.integer({ min: -d, max: d - 1 }), { maxLength: 5 }),
              fc.boolean(),
              fc.boolean(),
            );
          }),
        ),
        ([c, axis, list, negAxis, asArray]) => {
          const nd = c.n.shape.length;
          const idxArg = asArray ? array(list, { dtype: "int32" }) : list;
          const r = c.x.take(idxArg, negAxis ? axis - nd : axis);
          const shape = [...c.n.shape];
          shape[axis] = list.length;
          expectElements(r, shape, c.n.dtype, (idx) => {
            const src = [...idx];
            const i = list[idx[axis]];
            src[axis] = i < 0 ? i + c.n.shape[axis] : i;
            return get(c.n, src);
          });
          if (sizeOf(shape) > 0) expect(r.buffer).not.toBe(c.x.buffer);
          c.unchanged();
        },
      ),
      RUNS,
    );
  });

  it("gathers runs of every length: whole rows of 40 (past the row-copy threshold) and single elements of a wide array", () => {
    const x = arange(3 * 40).reshape([3, 40]);
    expect(x.take([2, 0, 2, -1], 0).toArray()).toEqual([2, 0, 2, 2].map((r) => Array.from({ length: 40 }, (_, j) => r * 40 + j)));
    expect(x.take([39, 0, 17, -40], 1).toArray()).toEqual([0, 1, 2].map((r) => [39, 0, 17, 0].map((j) => r * 40 + j)));
    const cube = arange(2 * 3 * 20).reshape([2, 3, 20]);
    expect(cube.take([1, 1], 1).toArray()).toEqual([0, 1].map((o) => [1, 1].map((k) => Array.from({ length: 20 }, (_, j) => (o * 3 + k) * 20 + j))));
  });

  it("errors: index out of bounds, axis out of range", () => {
    const a = zeros([2, 3]);
    expect(() => a.take([0, 3], 1)).toThrow(IndexError);
    expect(() => a.take([0, 3], 1)).toThrow("take: index 3 is out of bounds for axis 1 with size 3");
    expect(() => a.take([-3], 0)).toThrow("take: index -3 is out of bounds for axis 0 with size 2");
    expect(() => a.take([0], 2)).toThrow("take: axis 2 is out of range for an array of 2 dimensions (valid: -2 to 1)");
  });
});
