/**
 * Views: reshape, transpose/permute, broadcastTo, unsqueeze/squeeze, slice, flip and
 * asStrided only compute new shape/strides/offset over the same buffer; compact() and
 * clone() copy. Each op is checked against a naive index map, and through writes: a value
 * assigned through a view shows up in the base.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { AxisError, IndexError, NDArray, ShapeError, ValueError, arange, array, zeros } from "#ndarray";
import {
  DTYPES,
  anyArrayArb,
  arrayArb,
  at,
  compactOf,
  dtypeArb,
  expectElements,
  get,
  indices,
  naive,
  naiveSlice,
  range,
  shapeArb,
  sizeOf,
  sliceArb,
  values,
} from "./arbitrary.js";

const RUNS = { numRuns: 80 };

/** Random shapes of the same size as `shape`: its dims shuffled, 1s inserted, or one dim -1. */
function sameSizeShapeArb(shape: readonly number[]): fc.Arbitrary<number[]> {
  return fc
    .tuple(
      fc.shuffledSubarray([...shape], { minLength: shape.length, maxLength: shape.length }),
      fc.integer({ min: 0, max: 2 }),
      fc.boolean(),
      fc.boolean(),
    )
    .map(([dims, ones, merge, infer]) => {
      let t = [...dims, ...new Array<number>(ones).fill(1)];
      if (merge && t.length >= 2) t = [t[0] * t[1], ...t.slice(2)];
      if (infer && t.length > 0 && !t.includes(0)) t[0] = -1;
      return t;
    });
}

describe("arrayArb (every layout reads back as its naive values)", () => {
  it("toArray and toTypedArray agree with the naive elements", () => {
    fc.assert(
      fc.property(anyArrayArb(), (c) => {
        expectElements(c.x, c.n.shape, c.n.dtype, (idx) => get(c.n, idx));
        expect(values(c.x)).toEqual(c.n.data);
      }),
      { numRuns: 150 },
    );
  });
});

describe("reshape", () => {
  it("keeps the row-major order, and is a view of a contiguous array", () => {
    fc.assert(
      fc.property(
        anyArrayArb().chain((c) => fc.tuple(fc.constant(c), sameSizeShapeArb(c.n.shape))),
        ([c, target]) => {
          const r = c.x.reshape(target);
          const resolved = target.includes(-1) ? target.map((d) => (d === -1 ? c.n.data.length / sizeOf(target.filter((e) => e !== -1)) : d)) : target;
          expectElements(r, resolved, c.n.dtype, (idx) => {
            // element k of the result is element k of the input, both row-major
            let k = 0;
            for (let i = 0; i < resolved.length; i++) k = k * resolved[i] + idx[i];
            return c.n.data[k];
          });
          if (c.x.isContiguous()) expect(r.buffer).toBe(c.x.buffer);
          c.unchanged();
        },
      ),
      RUNS,
    );
  });

  it("writes through a reshaped view show up in the base", () => {
    const base = arange(12, undefined, 1, { dtype: "float64" });
    const v = base.reshape([3, 4]);
    expect(v.buffer).toBe(base.buffer);
    v.slice(1, 2).assign(-5);
    v.slice(2).assign(array([10, 20, 30, 40], { dtype: "float64" }));
    expect(values(base)).toEqual([0, 1, 2, 3, 4, 5, -5, 7, 10, 20, 30, 40]);
  });

  it("of a non-contiguous view copies, leaving the base alone", () => {
    const base = arange(6, undefined, 1, { dtype: "int32" }).reshape([2, 3]);
    const r = base.T.reshape([6]);
    expect(values(r)).toEqual([0, 3, 1, 4, 2, 5]);
    expect(r.buffer).not.toBe(base.buffer);
    r.assign(0);
    expect(values(base)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("errors name the shapes and element counts", () => {
    const a = zeros([2, 3]);
    expect(() => a.reshape([4, 2])).toThrow(ShapeError);
    expect(() => a.reshape([4, 2])).toThrow("reshape: cannot reshape array of shape [2,3] (6 elements) into [4,2] (8 elements)");
    expect(() => a.reshape([-1, 4])).toThrow("reshape: cannot reshape array of shape [2,3] (6 elements) into [-1,4]");
    expect(() => a.reshape([-1, -1])).toThrow("reshape: can only infer one dimension, got [-1,-1]");
    expect(() => a.reshape([2, -3])).toThrow(ShapeError);
  });
});

describe("transpose / permute / T", () => {
  it("permute(axes): result[idx] = input[idx placed back through axes]", () => {
    fc.assert(
      fc.property(
        anyArrayArb().chain((c) =>
          fc.tuple(fc.constant(c), fc.shuffledSubarray(range(c.n.shape.length), { minLength: c.n.shape.length, maxLength: c.n.shape.length }), fc.boolean()),
        ),
        ([c, axes, negative]) => {
          const nd = c.n.shape.length;
          const p = c.x.permute(negative ? axes.map((a) => a - nd) : axes);
          expect(p.buffer).toBe(c.x.buffer);
          const outShape = axes.map((a) => c.n.shape[a]);
          expectElements(p, outShape, c.n.dtype, (idx) => {
            const src = new Array<number>(nd);
            axes.forEach((a, i) => (src[a] = idx[i]));
            return get(c.n, src);
          });
          c.unchanged();
        },
      ),
      RUNS,
    );
  });

  it("transpose() and .T reverse every axis; transpose(d0, d1) swaps two", () => {
    fc.assert(
      fc.property(
        anyArrayArb(DTYPES, { minDims: 1 }).chain((c) =>
          fc.tuple(fc.constant(c), fc.integer({ min: 0, max: c.n.shape.length - 1 }), fc.integer({ min: 0, max: c.n.shape.length - 1 })),
        ),
        ([c, d0, d1]) => {
          const shape = c.n.shape;
          const rev = [...shape].reverse();
          for (const t of [c.x.transpose(), c.x.T]) {
            expect(t.buffer).toBe(c.x.buffer);
            expectElements(t, rev, c.n.dtype, (idx) => get(c.n, [...idx].reverse()));
          }
          const swappedShape = [...shape];
          [swappedShape[d0], swappedShape[d1]] = [shape[d1], shape[d0]];
          expectElements(c.x.transpose(d0, d1 - shape.length), swappedShape, c.n.dtype, (idx) => {
            const src = [...idx];
            [src[d0], src[d1]] = [idx[d1], idx[d0]];
            return get(c.n, src);
          });
          c.unchanged();
        },
      ),
      RUNS,
    );
  });

  it("writes through a transposed view land in the base at the swapped index", () => {
    const base = zeros([2, 3], { dtype: "int32" });
    const t = base.T;
    t.slice(2, 0).assign(7);
    t.slice(0).assign(array([1, 2], { dtype: "int32" }));
    expect(base.toArray()).toEqual([[1, 0, 7], [2, 0, 0]]);
  });

  it("errors", () => {
    const a = zeros([2, 3]);
    expect(() => a.permute([0])).toThrow(AxisError);
    expect(() => a.permute([0])).toThrow("permute: axes [0] do not match an array of 2 dimensions (shape [2,3])");
    expect(() => a.permute([0, 0])).toThrow("permute: repeated axis in [0,0]");
    expect(() => a.permute([0, 2])).toThrow("permute: axis 2 is out of range for an array of 2 dimensions (valid: -2 to 1)");
    expect(() => a.transpose(0)).toThrow(ValueError);
    expect(() => a.transpose(0, 2)).toThrow("transpose: axis 2 is out of range");
  });
});

describe("broadcastTo", () => {
  it("result[idx] = input[idx with leading axes dropped and size-1 axes at 0]", () => {
    fc.assert(
      fc.property(
        shapeArb().chain((target) =>
          fc.tuple(
            fc.constant(target),
            fc
              .tuple(fc.integer({ min: 0, max: target.length }), fc.array(fc.boolean(), { minLength: target.length, maxLength: target.length }))
              .map(([lead, ones]) => target.slice(lead).map((d, i) => (ones[lead + i] ? 1 : d))),
            dtypeArb(),
          ),
        ).chain(([target, small, dtype]) => fc.tuple(fc.constant(target), arrayArb(small, dtype))),
        ([target, c]) => {
          const b = c.x.broadcastTo(target);
          expect(b.buffer).toBe(c.x.buffer);
          const lead = target.length - c.n.shape.length;
          target.forEach((d, i) => {
            if (i < lead || (c.n.shape[i - lead] === 1 && d !== 1)) expect(b.strides[i]).toBe(0);
          });
          expectElements(b, target, c.n.dtype, (idx) => get(c.n, c.n.shape.map((d, i) => (d === 1 ? 0 : idx[lead + i]))));
          c.unchanged();
        },
      ),
      RUNS,
    );
  });

  it("a broadcast view cannot be written; its clone can", () => {
    const base = array([1, 2, 3], { dtype: "float64" });
    const b = base.broadcastTo([2, 3]);
    expect(() => b.assign(0)).toThrow(ValueError);
    expect(() => b.assign(0)).toThrow("assign: cannot write into a broadcast view (axis 0 of shape [2,3] has stride 0)");
    const c = b.clone();
    c.slice(0, 0).assign(9);
    expect(c.toArray()).toEqual([[9, 2, 3], [1, 2, 3]]);
    expect(values(base)).toEqual([1, 2, 3]);
  });

  it("a failure names both shapes", () => {
    expect(() => zeros([2, 3]).broadcastTo([3, 3])).toThrow(ShapeError);
    expect(() => zeros([2, 3]).broadcastTo([3, 3])).toThrow("broadcastTo: cannot broadcast shape [2,3] to [3,3]");
    expect(() => zeros([2, 3]).broadcastTo([3])).toThrow("broadcastTo: cannot broadcast shape [2,3] to [3]");
  });
});

describe("unsqueeze / squeeze", () => {
  it("unsqueeze(axis) inserts a size-1 axis (negative axes count from the new end)", () => {
    fc.assert(
      fc.property(
        anyArrayArb().chain((c) => fc.tuple(fc.constant(c), fc.integer({ min: -c.n.shape.length - 1, max: c.n.shape.length }))),
        ([c, axis]) => {
          const nd = c.n.shape.length;
          const ax = axis < 0 ? axis + nd + 1 : axis;
          const u = c.x.unsqueeze(axis);
          expect(u.buffer).toBe(c.x.buffer);
          const shape = [...c.n.shape];
          shape.splice(ax, 0, 1);
          expectElements(u, shape, c.n.dtype, (idx) => get(c.n, idx.filter((_, i) => i !== ax)));
          c.unchanged();
        },
      ),
      RUNS,
    );
  });

  it("squeeze() drops every size-1 axis; squeeze(axes) only those", () => {
    fc.assert(
      fc.property(
        fc
          .tuple(shapeArb({ maxDim: 3 }), dtypeArb())
          .chain(([shape, dtype]) => fc.tuple(arrayArb(shape, dtype), fc.subarray(range(shape.length).filter((i) => shape[i] === 1)))),
        ([c, some]) => {
          const shape = c.n.shape;
          const all = c.x.squeeze();
          expect(all.buffer).toBe(c.x.buffer);
          const keepAll = range(shape.length).filter((i) => shape[i] !== 1);
          const expand = (keep: number[]) => (idx: number[]) => {
            const src = new Array<number>(shape.length).fill(0);
            keep.forEach((a, i) => (src[a] = idx[i]));
            return get(c.n, src);
          };
          expectElements(all, keepAll.map((i) => shape[i]), c.n.dtype, expand(keepAll));
          const keep = range(shape.length).filter((i) => !some.includes(i));
          const s = c.x.squeeze(some.map((a) => a - shape.length));
          expectElements(s, keep.map((i) => shape[i]), c.n.dtype, expand(keep));
          c.unchanged();
        },
      ),
      RUNS,
    );
  });

  it("errors: squeezing a non-1 axis, axis out of range", () => {
    const a = zeros([2, 1, 3]);
    expect(() => a.squeeze(2)).toThrow(ShapeError);
    expect(() => a.squeeze(2)).toThrow("squeeze: cannot squeeze axis 2 of shape [2,1,3]: its size is 3, not 1");
    expect(() => a.squeeze([1, 0])).toThrow("squeeze: cannot squeeze axis 0 of shape [2,1,3]: its size is 2, not 1");
    expect(() => a.squeeze(3)).toThrow(AxisError);
    expect(() => a.unsqueeze(4)).toThrow("unsqueeze: axis 4 is out of range for an array of 4 dimensions (valid: -4 to 3)");
  });
});

describe("slice", () => {
  it("one slice or integer per axis picks the naive positions (Python clamping)", () => {
    fc.assert(
      fc.property(
        anyArrayArb().chain((c) =>
          fc.tuple(
            fc.constant(c),
            fc.tuple(
              ...c.n.shape.map((d) =>
                d > 0
                  ? fc.oneof(sliceArb, fc.integer({ min: -d, max: d - 1 }), fc.constant(null))
                  : fc.oneof(sliceArb, fc.constant(null)),
              ),
            ),
            fc.integer({ min: 0, max: c.n.shape.length }),
          ),
        ),
        ([c, ixs, given]) => {
          // trailing indices may be left out: they mean whole axes
          const passed = ixs.slice(0, given);
          const full = c.n.shape.map((_, i) => (i < given ? ixs[i] : null));
          const picks = full.map((ix, i) =>
            typeof ix === "number" ? [ix < 0 ? ix + c.n.shape[i] : ix] : naiveSlice(ix ?? {}, c.n.shape[i]),
          );
          const kept = range(full.length).filter((i) => typeof full[i] !== "number");
          const v = c.x.slice(...passed);
          expect(v.buffer).toBe(c.x.buffer);
          expectElements(
            v,
            kept.map((i) => picks[i].length),
            c.n.dtype,
            (idx) => get(c.n, full.map((ix, i) => (typeof ix === "number" ? picks[i][0] : picks[i][idx[kept.indexOf(i)]]))),
          );
          c.unchanged();
        },
      ),
      { numRuns: 150 },
    );
  });

  it("string indices: commas, omitted parts, negative steps and the ellipsis", () => {
    const a = arange(24, undefined, 1, { dtype: "int32" }).reshape([2, 3, 4]);
    const n = naive([2, 3, 4], "int32", range(24));
    const check = (v: NDArray, pick: (idx: number[]) => number[]) => {
      const arr = v.toArray();
      for (const idx of indices(v.shape)) expect(at(arr, idx)).toBe(get(n, pick(idx)));
      expect(v.buffer).toBe(a.buffer);
    };
    const s1 = a.slice("1, ::-1, 1:3");
    expect(s1.shape).toEqual([3, 2]);
    check(s1, ([j, k]) => [1, 2 - j, 1 + k]);
    const s2 = a.slice("...", -1);
    expect(s2.shape).toEqual([2, 3]);
    check(s2, ([i, j]) => [i, j, 3]);
    const s3 = a.slice(0, "...", { step: -2 });
    expect(s3.shape).toEqual([3, 2]);
    check(s3, ([j, k]) => [0, j, 3 - 2 * k]);
    const s4 = a.slice(":", "5:10");
    expect(s4.shape).toEqual([2, 0, 4]);
    expect(a.slice(null, 1, "::3").toArray()).toEqual([[4, 7], [16, 19]]);
  });

  it("writes through slices with steps land at the naive positions", () => {
    fc.assert(
      fc.property(shapeArb({ minDims: 1, maxDims: 3 }), fc.array(sliceArb, { minLength: 3, maxLength: 3 }), (shape, sl) => {
        const base = zeros(shape, { dtype: "float64" });
        const v = base.slice(...sl.slice(0, shape.length));
        v.assign(arange(v.size, undefined, 1, { dtype: "float64" }).add(1).reshape(v.shape));
        const picks = shape.map((d, i) => naiveSlice(sl[i], d));
        const want = new Array<number>(sizeOf(shape)).fill(0);
        indices(picks.map((p) => p.length)).forEach((idx, k) => {
          let f = 0;
          idx.forEach((j, i) => (f = f * shape[i] + picks[i][j]));
          want[f] = k + 1;
        });
        expect(values(base)).toEqual(want);
      }),
      RUNS,
    );
  });

  it("errors: bad integer index, too many indices, zero step, unparsable text", () => {
    const a = zeros([3, 4]);
    expect(() => a.slice(3)).toThrow(IndexError);
    expect(() => a.slice(3)).toThrow("slice: index 3 is out of bounds for axis 0 with size 3");
    expect(() => a.slice(0, -5)).toThrow("slice: index -5 is out of bounds for axis 1 with size 4");
    expect(() => a.slice(0, 0, 0)).toThrow("slice: too many indices for array of shape [3,4]: 2 dimensions, 3 indexed");
    expect(() => a.slice("::0")).toThrow("slice: slice step cannot be zero");
    expect(() => a.slice("1:x")).toThrow(IndexError);
    expect(() => a.slice("...", "...")).toThrow('slice: an index can only have a single ellipsis ("...")');
  });
});

describe("flip", () => {
  it("reverses the named axes (all when omitted)", () => {
    fc.assert(
      fc.property(
        anyArrayArb().chain((c) => fc.tuple(fc.constant(c), fc.option(fc.subarray(range(c.n.shape.length))), fc.boolean())),
        ([c, axes, negative]) => {
          const nd = c.n.shape.length;
          const flipped = axes ?? range(nd);
          const f = axes === null ? c.x.flip() : c.x.flip(negative ? axes.map((a) => a - nd) : axes);
          expect(f.buffer).toBe(c.x.buffer);
          expectElements(f, c.n.shape, c.n.dtype, (idx) => get(c.n, idx.map((v, i) => (flipped.includes(i) ? c.n.shape[i] - 1 - v : v))));
          c.unchanged();
        },
      ),
      RUNS,
    );
  });

  it("writes through a flipped view land mirrored in the base", () => {
    const base = zeros([2, 3], { dtype: "int32" });
    base.flip(1).slice(0).assign(array([1, 2, 3], { dtype: "int32" }));
    base.flip().slice(0, 0).assign(9);
    expect(base.toArray()).toEqual([[3, 2, 1], [0, 0, 9]]);
  });

  it("errors: axis out of range, repeated axis", () => {
    expect(() => zeros([2, 3]).flip(2)).toThrow("flip: axis 2 is out of range for an array of 2 dimensions (valid: -2 to 1)");
    expect(() => zeros([2, 3]).flip([1, -1])).toThrow("flip: repeated axis in [1,-1]");
  });
});

describe("asStrided", () => {
  it("sliding windows: element (i, j) is buffer[offset + i·s0 + j·s1]", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }).chain((len) =>
          fc.tuple(
            fc.array(fc.integer({ min: -9, max: 9 }), { minLength: len, maxLength: len }),
            fc.integer({ min: 1, max: len }),
            fc.integer({ min: 1, max: 3 }),
          ),
        ),
        ([data, w, hop]) => {
          const len = data.length;
          const base = compactOf(naive([len], "float64", data));
          const rows = Math.floor((len - w) / hop) + 1;
          const v = base.asStrided([rows, w], [hop, 1], 0);
          expect(v.buffer).toBe(base.buffer);
          expectElements(v, [rows, w], "float64", ([i, j]) => data[i * hop + j]);
          const back = base.asStrided([len], [-1], len - 1);
          expectElements(back, [len], "float64", ([i]) => data[len - 1 - i]);
          expect(values(base)).toEqual(data);
        },
      ),
      RUNS,
    );
  });

  it("refuses to reach outside the buffer", () => {
    const a = zeros([6]);
    expect(() => a.asStrided([3, 3], [2, 1])).toThrow(IndexError);
    expect(() => a.asStrided([3, 3], [2, 1])).toThrow(
      "asStrided: shape [3,3] with strides [2,1] and offset 0 reaches elements 0…6, outside the buffer of 6",
    );
    expect(() => a.asStrided([2], [1, 1])).toThrow("asStrided: shape [2] and strides [1,1] differ in length");
    expect(a.asStrided([0, 5], [100, 100]).size).toBe(0);
  });
});

describe("compact / clone", () => {
  it("compact() of a non-contiguous view is a fresh dense buffer; of a dense array, the array itself", () => {
    fc.assert(
      fc.property(anyArrayArb(), (c) => {
        const k = c.x.compact();
        expectElements(k, c.n.shape, c.n.dtype, (idx) => get(c.n, idx));
        expect(k.offset).toBe(0);
        expect(k.isContiguous()).toBe(true);
        expect(k.buffer.size).toBe(sizeOf(c.n.shape));
        const dense = c.x.offset === 0 && c.x.buffer.size === sizeOf(c.n.shape) && c.x.isContiguous();
        if (dense) expect(k).toBe(c.x);
        else expect(k.buffer).not.toBe(c.x.buffer);
        if (c.layout.kind === "compact") expect(k).toBe(c.x);
        c.unchanged();
      }),
      RUNS,
    );
  });

  it("clone() never shares the buffer: writing the clone leaves the source alone", () => {
    fc.assert(
      fc.property(anyArrayArb(DTYPES, { minDims: 1, minDim: 1 }), (c) => {
        const k = c.x.clone();
        expect(k.buffer).not.toBe(c.x.buffer);
        expectElements(k, c.n.shape, c.n.dtype, (idx) => get(c.n, idx));
        k.assign(c.n.dtype === "bool" ? 0 : 3);
        expectElements(c.x, c.n.shape, c.n.dtype, (idx) => get(c.n, idx));
        c.unchanged();
      }),
      RUNS,
    );
  });
});
