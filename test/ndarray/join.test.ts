/**
 * concat, stack, split and pad against naive definitions: every output element is located
 * in the piece (or the padding) it must come from, by index arithmetic on the inputs'
 * own multi-indices. Inputs are strided/broadcast views of mixed dtypes.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ArgumentTypeError, AxisError, ShapeError, ValueError, arange, concat, pad, split, stack, zeros, type DType } from "#ndarray";
import {
  arrayArb,
  castTo,
  dtypeArb,
  expectElements,
  get,
  naiveSlice,
  range,
  shapeArb,
  values,
  type Case,
  PROMOTE,
} from "./arbitrary.js";

const RUNS = { numRuns: 100 };

const promoteAll = (ds: DType[]) => ds.reduce((a, b) => PROMOTE[a][b]);

describe("concat", () => {
  it("element at position q along the axis comes from the piece whose range holds q", () => {
    fc.assert(
      fc.property(
        fc
          .tuple(shapeArb({ minDims: 1, maxDims: 3 }), fc.integer({ min: 1, max: 4 }))
          .chain(([shape, k]) =>
            fc.integer({ min: 0, max: shape.length - 1 }).chain((axis) =>
              fc.tuple(
                fc.constant(axis),
                fc.boolean(),
                fc.tuple(
                  ...range(k).map(() =>
                    fc
                      .tuple(fc.integer({ min: 0, max: 3 }), dtypeArb())
                      .chain(([len, d]) => arrayArb(shape.map((s, i) => (i === axis ? len : s)), d)),
                  ),
                ),
              ),
            ),
          ),
        ([axis, negative, pieces]) => {
          const nd = pieces[0].n.shape.length;
          const r = concat(
            pieces.map((c) => c.x),
            negative ? axis - nd : axis,
          );
          const starts: number[] = [];
          let total = 0;
          for (const c of pieces) {
            starts.push(total);
            total += c.n.shape[axis];
          }
          const shape = pieces[0].n.shape.map((d, i) => (i === axis ? total : d));
          const out = promoteAll(pieces.map((c) => c.n.dtype));
          expectElements(r, shape, out, (idx) => {
            const q = idx[axis];
            const j = starts.findIndex((s, t) => q >= s && q < s + pieces[t].n.shape[axis]);
            const src = [...idx];
            src[axis] = q - starts[j];
            return castTo(out, get(pieces[j].n, src));
          });
          pieces.forEach((c) => c.unchanged());
        },
      ),
      RUNS,
    );
  });

  it("errors: shapes that differ off the axis, no arrays, axis out of range", () => {
    const a = zeros([2, 3]);
    expect(() => concat([a, zeros([3, 3])], 1)).toThrow(ShapeError);
    expect(() => concat([a, zeros([3, 3])], 1)).toThrow("concat: shapes [2,3], [3,3] differ outside axis 1");
    expect(() => concat([a, zeros([2])])).toThrow("concat: shapes [2,3], [2] differ outside axis 0");
    expect(() => concat([])).toThrow(ValueError);
    expect(() => concat([])).toThrow("concat: need at least one array");
    expect(() => concat([a, a], 2)).toThrow(AxisError);
    expect(() => concat([a, a], 2)).toThrow("concat: axis 2 is out of range for an array of 2 dimensions (valid: -2 to 1)");
  });
});

describe("stack", () => {
  it("element idx comes from array idx[axis] at idx without that axis", () => {
    fc.assert(
      fc.property(
        fc
          .tuple(shapeArb({ maxDims: 3 }), fc.integer({ min: 1, max: 4 }))
          .chain(([shape, k]) =>
            fc.tuple(
              fc.integer({ min: -shape.length - 1, max: shape.length }),
              fc.tuple(...range(k).map(() => dtypeArb().chain((d) => arrayArb(shape, d)))),
            ),
          ),
        ([axis, arrays]) => {
          const nd = arrays[0].n.shape.length;
          const ax = axis < 0 ? axis + nd + 1 : axis;
          const r = stack(
            arrays.map((c) => c.x),
            axis,
          );
          const shape = [...arrays[0].n.shape];
          shape.splice(ax, 0, arrays.length);
          const out = promoteAll(arrays.map((c) => c.n.dtype));
          expectElements(r, shape, out, (idx) => castTo(out, get(arrays[idx[ax]].n, idx.filter((_, i) => i !== ax))));
          arrays.forEach((c) => c.unchanged());
        },
      ),
      RUNS,
    );
  });

  it("errors: unequal shapes, axis out of range", () => {
    expect(() => stack([zeros([2, 3]), zeros([3, 2])])).toThrow(ShapeError);
    expect(() => stack([zeros([2, 3]), zeros([3, 2])])).toThrow("stack: all arrays must have the same shape, got [2,3], [3,2]");
    expect(() => stack([zeros([2])], 2)).toThrow("stack: axis 2 is out of range for an array of 2 dimensions (valid: -2 to 1)");
    expect(() => stack([])).toThrow("stack: need at least one array");
  });
});

describe("split", () => {
  /** Asserts that the pieces are views with the naive ranges [bounds[j], bounds[j+1]) along the axis. */
  function checkPieces(c: Case, pieces: ReturnType<typeof split>, axis: number, bounds: number[]) {
    expect(pieces.length).toBe(bounds.length - 1);
    pieces.forEach((piece, j) => {
      const picked = naiveSlice({ start: bounds[j], stop: bounds[j + 1] }, c.n.shape[axis]);
      const shape = c.n.shape.map((d, i) => (i === axis ? picked.length : d));
      expect(piece.buffer).toBe(c.x.buffer);
      expectElements(piece, shape, c.n.dtype, (idx) => {
        const src = [...idx];
        src[axis] = picked[idx[axis]];
        return get(c.n, src);
      });
    });
    c.unchanged();
  }

  it("into n equal sections", () => {
    fc.assert(
      fc.property(
        fc
          .tuple(shapeArb({ minDims: 1, maxDims: 3, maxDim: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 3 }), dtypeArb())
          .chain(([shape, sections, per, d]) =>
            fc.integer({ min: 0, max: shape.length - 1 }).chain((axis) => {
              const s = shape.map((v, i) => (i === axis ? sections * per : v));
              return fc.tuple(arrayArb(s, d), fc.constant(sections), fc.constant(axis), fc.boolean());
            }),
          ),
        ([c, sections, axis, negative]) => {
          const nd = c.n.shape.length;
          const per = c.n.shape[axis] / sections;
          const pieces = split(c.x, sections, negative ? axis - nd : axis);
          checkPieces(c, pieces, axis, range(sections + 1).map((j) => j * per));
        },
      ),
      RUNS,
    );
  });

  it("at a list of indices (negative, out of range and unsorted ones included, as numpy)", () => {
    fc.assert(
      fc.property(
        fc
          .tuple(shapeArb({ minDims: 1, maxDims: 3 }), dtypeArb())
          .chain(([shape, d]) =>
            fc.tuple(
              arrayArb(shape, d),
              fc.integer({ min: 0, max: shape.length - 1 }),
              fc.array(fc.integer({ min: -6, max: 6 }), { maxLength: 4 }),
            ),
          ),
        ([c, axis, cuts]) => {
          const pieces = split(c.x, cuts, axis);
          checkPieces(c, pieces, axis, [0, ...cuts, c.n.shape[axis]]);
        },
      ),
      RUNS,
    );
  });

  it("pieces are views: writing one writes the source", () => {
    const a = arange(6, undefined, 1, { dtype: "int32" }).reshape([2, 3]);
    const [left, right] = split(a, [1], 1);
    right.assign(0);
    left.iadd(10);
    expect(a.toArray()).toEqual([[10, 0, 0], [13, 0, 0]]);
  });

  it("errors: sections that do not divide the axis", () => {
    expect(() => split(zeros([5]), 2)).toThrow(ShapeError);
    expect(() => split(zeros([5]), 2)).toThrow("split: axis 0 of shape [5] (length 5) does not divide into 2 equal sections");
    expect(() => split(zeros([2, 4]), 0, 1)).toThrow("split: axis 1 of shape [2,4] (length 4) does not divide into 0 equal sections");
    expect(() => split(zeros([2]), 2, 1)).toThrow("split: axis 1 is out of range");
  });
});

describe("pad", () => {
  it("interior holds the input, everything else the constant (pairs for the leading axes only)", () => {
    fc.assert(
      fc.property(
        fc
          .tuple(shapeArb({ maxDims: 3 }), dtypeArb())
          .chain(([shape, d]) =>
            fc.tuple(
              arrayArb(shape, d),
              fc.integer({ min: 0, max: shape.length }).chain((L) =>
                fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })), { minLength: L, maxLength: L }),
              ),
              d === "bool" ? fc.constantFrom(0, 1) : d === "int32" ? fc.integer({ min: -3, max: 3 }) : fc.constantFrom(0, 1.5, -2),
            ),
          ),
        ([c, widths, value]) => {
          const w = (i: number) => widths[i] ?? [0, 0];
          const shape = c.n.shape.map((d, i) => d + w(i)[0] + w(i)[1]);
          const r = pad(c.x, widths as [number, number][], value);
          expectElements(r, shape, c.n.dtype, (idx) => {
            const src = idx.map((v, i) => v - w(i)[0]);
            const inside = src.every((v, i) => v >= 0 && v < c.n.shape[i]);
            return inside ? get(c.n, src) : castTo(c.n.dtype, value);
          });
          c.unchanged();
        },
      ),
      RUNS,
    );
  });

  it("errors: too many pairs, negative or fractional widths", () => {
    expect(() => pad(zeros([2]), [[1, 1], [1, 1]])).toThrow(ShapeError);
    expect(() => pad(zeros([2]), [[1, 1], [1, 1]])).toThrow("pad: 2 (before, after) pairs given for an array of shape [2]");
    expect(() => pad(zeros([2]), [[-1, 1]])).toThrow(ValueError);
    expect(() => pad(zeros([2]), [[-1, 1]])).toThrow("pad: widths must be non-negative integers, got [[-1,1]]");
    expect(() => pad(zeros([2]), [[0.5, 1]])).toThrow(ArgumentTypeError);
    expect(() => pad(zeros([2]), [[0.5, 1]])).toThrow("pad: widths[0][0] must be an integer, got the number 0.5");
    expect(values(pad(zeros([1]), [[1, 0]], 3))).toEqual([3, 0]);
  });
});
