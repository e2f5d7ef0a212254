/**
 * Shared fast-check arbitraries and naive index helpers for the ndarray property tests.
 *
 * The tests compare every op with a naive definition: walk every multi-index of the
 * output, compute the expected element from the inputs' elements at their own
 * multi-indices, and read the actual element with `at(x.toArray(), idx)`. The inputs come
 * from `arrayArb`, which builds an array of a wanted shape as one of several kinds of
 * view (compact, transposed, broadcast, sliced with steps or an integer index, flipped),
 * so the kernels see strided and broadcast inputs through the NDArray class. Its `naive`
 * side holds the logical elements in row-major order, computed by hand from the recipe,
 * never by calling the library's view code.
 */
import fc from "fast-check";
import { expect } from "vitest";
import { NDArray, typedArrayFor, type DType, type NestedArray, type Slice } from "#ndarray";

export type Shape = readonly number[];
export const DTYPES: readonly DType[] = ["float32", "float64", "int32", "bool"];

// ------------------------------------------------------------------ naive index helpers

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** `[2,3]` → `"[2,3]"`, as the library's error messages print shapes. */
export function fmt(shape: Shape): string {
  return `[${shape.join(",")}]`;
}

export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Every multi-index of `shape`, in row-major order (one `[]` for a 0-d shape, none for size 0). */
export function indices(shape: Shape): number[][] {
  const total = sizeOf(shape);
  const out: number[][] = [];
  for (let k = 0; k < total; k++) {
    const idx = new Array<number>(shape.length);
    let r = k;
    for (let i = shape.length - 1; i >= 0; i--) {
      idx[i] = r % shape[i];
      r = Math.floor(r / shape[i]);
    }
    out.push(idx);
  }
  return out;
}

/** Row-major position of `idx` in `shape`. */
export function flatIndex(shape: Shape, idx: readonly number[]): number {
  let k = 0;
  for (let i = 0; i < shape.length; i++) k = k * shape[i] + idx[i];
  return k;
}

/** The element at `idx` of a nested array as `toArray()` returns it (booleans read as 0/1). */
export function at(arr: NestedArray, idx: readonly number[]): number {
  let v: NestedArray = arr;
  for (const i of idx) {
    if (!Array.isArray(v)) throw new Error(`at: index [${idx.join(",")}] goes deeper than the array`);
    v = v[i];
  }
  if (Array.isArray(v)) throw new Error(`at: index [${idx.join(",")}] does not reach an element`);
  if (v === undefined) throw new Error(`at: index [${idx.join(",")}] is out of bounds`);
  return typeof v === "boolean" ? (v ? 1 : 0) : v;
}

/** One value converted to `dtype` the way numpy casts it (int32 truncates and wraps, bool is "non-zero"). */
export function castTo(dtype: DType, v: number): number {
  switch (dtype) {
    case "float32":
      return Math.fround(v);
    case "float64":
      return v;
    case "int32":
      return v | 0;
    case "bool":
      return v !== 0 ? 1 : 0;
  }
}

/** numpy's broadcasting rule, written out: align trailing axes; the non-1 size wins. */
export function broadcastResult(...shapes: Shape[]): number[] {
  const nd = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(nd).fill(1);
  for (const s of shapes) {
    s.forEach((d, i) => {
      const j = nd - s.length + i;
      if (d !== 1) {
        if (out[j] !== 1 && out[j] !== d) throw new Error(`naive: ${shapes.map(fmt).join(" and ")} do not broadcast`);
        out[j] = d;
      }
    });
  }
  return out;
}

/** Python's slice semantics, enumerated: the axis positions a slice picks on an axis of n. */
export function naiveSlice(s: Slice, n: number): number[] {
  const step = s.step ?? 1;
  const norm = (v: number) => (v < 0 ? v + n : v);
  const out: number[] = [];
  if (step > 0) {
    const start = s.start === undefined ? 0 : Math.min(Math.max(norm(s.start), 0), n);
    const stop = s.stop === undefined ? n : Math.min(Math.max(norm(s.stop), 0), n);
    for (let i = start; i < stop; i += step) out.push(i);
  } else {
    const start = s.start === undefined ? n - 1 : Math.min(Math.max(norm(s.start), -1), n - 1);
    const stop = s.stop === undefined ? -1 : Math.min(Math.max(norm(s.stop), -1), n - 1);
    for (let i = start; i > stop; i += step) out.push(i);
  }
  return out;
}

// ------------------------------------------------------------------ naive arrays

/** The logical elements of an array: shape, dtype and row-major values (bool as 0/1). */
export interface Naive {
  readonly shape: number[];
  readonly dtype: DType;
  readonly data: number[];
}

export function naive(shape: Shape, dtype: DType, values: readonly number[]): Naive {
  if (values.length !== sizeOf(shape)) throw new Error(`naive: ${values.length} values for shape ${fmt(shape)}`);
  return { shape: [...shape], dtype, data: values.map((v) => castTo(dtype, v)) };
}

/** Element at an exact multi-index. */
export function get(n: Naive, idx: readonly number[]): number {
  if (idx.length !== n.shape.length || idx.some((v, i) => v < 0 || v >= n.shape[i])) {
    throw new Error(`naive get: index [${idx.join(",")}] outside shape ${fmt(n.shape)}`);
  }
  return n.data[flatIndex(n.shape, idx)];
}

/**
 * Element of `n` at an index of a broadcast result: drop the leading output axes `n`
 * does not have, and read index 0 on every axis where `n` has size 1.
 */
export function bget(n: Naive, outIdx: readonly number[]): number {
  const lead = outIdx.length - n.shape.length;
  return get(
    n,
    n.shape.map((d, i) => (d === 1 ? 0 : outIdx[lead + i])),
  );
}

/** A compact NDArray holding these logical values (built with fromTypedArray, no view code). */
export function compactOf(n: Naive): NDArray {
  const t = typedArrayFor(n.dtype, n.data.length);
  n.data.forEach((v, i) => (t[i] = v));
  return NDArray.fromTypedArray(t, n.shape);
}

/** Row-major values of an NDArray as plain numbers (bool as 0/1). */
export function values(x: NDArray): number[] {
  return Array.from(x.toTypedArray(), Number);
}

// ------------------------------------------------------------------ comparing results

/** Both NaN, or equal (0 and -0 equal), or within `tol`. */
export function close(actual: number, expected: number, tol = 0): boolean {
  if (Number.isNaN(expected) || Number.isNaN(actual)) return Number.isNaN(expected) && Number.isNaN(actual);
  if (actual === expected) return true;
  return Math.abs(actual - expected) <= tol;
}

/** A tolerance of `ulps` float32 units in the last place of `e` (plus a tiny absolute floor). */
export function f32tol(e: number, ulps = 2): number {
  return ulps * 2 ** -23 * Math.abs(e) + 1e-37;
}

/**
 * Checks shape, dtype and every element of `actual` against `expected(idx)`, reading the
 * element with `at(actual.toArray(), idx)`. `tol(e, idx)` gives the allowed absolute error.
 */
export function expectElements(
  actual: NDArray,
  shape: Shape,
  dtype: DType,
  expected: (idx: number[]) => number,
  tol: (e: number, idx: number[]) => number = () => 0,
): void {
  expect(actual.shape).toEqual([...shape]);
  expect(actual.dtype).toBe(dtype);
  expect(actual.toTypedArray().length).toBe(sizeOf(shape));
  const arr = actual.toArray();
  for (const idx of indices(shape)) {
    const a = at(arr, idx);
    const e = expected(idx);
    if (!close(a, e, tol(e, idx))) {
      throw new Error(`element [${idx.join(",")}] of ${fmt(shape)} ${dtype}: expected ${e}, got ${a}`);
    }
  }
}

// ------------------------------------------------------------------ arbitraries

export function shapeArb(opts: { minDims?: number; maxDims?: number; minDim?: number; maxDim?: number } = {}): fc.Arbitrary<number[]> {
  const { minDims = 0, maxDims = 4, minDim = 0, maxDim = 4 } = opts;
  return fc.array(fc.integer({ min: minDim, max: maxDim }), { minLength: minDims, maxLength: maxDims });
}

/** A slice object with any of start/stop/step (each maybe left out), steps ±1..3, bounds maybe out of range. */
export const sliceArb: fc.Arbitrary<Slice> = fc.record(
  {
    start: fc.integer({ min: -6, max: 6 }),
    stop: fc.integer({ min: -6, max: 6 }),
    step: fc.constantFrom(1, 2, 3, -1, -2, -3),
  },
  { requiredKeys: [] },
);

export const dtypeArb = (dtypes: readonly DType[] = DTYPES): fc.Arbitrary<DType> => fc.constantFrom(...dtypes);

/**
 * Default element values: small integers, eighths (exact in float32), and for float
 * dtypes also arbitrary doubles in [-10, 10] (rounded for float32 by `naive`).
 */
export function valueArb(dtype: DType): fc.Arbitrary<number> {
  switch (dtype) {
    case "bool":
      return fc.constantFrom(0, 1);
    case "int32":
      return fc.integer({ min: -5, max: 5 });
    case "float32":
    case "float64":
      return fc.oneof(
        fc.integer({ min: -5, max: 5 }),
        fc.integer({ min: -40, max: 40 }).map((k) => k / 8),
        fc.double({ min: -10, max: 10, noNaN: true, noDefaultInfinity: true }),
      );
  }
}

/** valueArb plus an occasional NaN for float dtypes. */
export function valueArbWithNaN(dtype: DType): fc.Arbitrary<number> {
  if (dtype === "float32" || dtype === "float64") {
    return fc.oneof({ weight: 6, arbitrary: valueArb(dtype) }, { weight: 1, arbitrary: fc.constant(NaN) });
  }
  return valueArb(dtype);
}

/** How `arrayArb` lays an array out in memory. */
export type Layout =
  | { kind: "compact" }
  /** Built as the permuted array, then `.permute` back: result axis i is storage axis inv[i]. */
  | { kind: "transposed"; perm: number[] }
  /** Built with the first `lead` axes dropped and the `ones` axes at size 1, then `.broadcastTo`. */
  | { kind: "broadcast"; lead: number; ones: boolean[] }
  /** Sliced from a bigger array (with junk around), one slice per axis, optionally an integer index on an extra leading axis. */
  | { kind: "sliced"; axes: { step: number; lead: number; tail: number }[]; pick: number | null }
  /** Built reversed along `axes`, then `.flip` (axes given as written: maybe negative, maybe "all"). */
  | { kind: "flipped"; axes: number[] | "all" };

export function layoutArb(ndim: number): fc.Arbitrary<Layout> {
  const axes = range(ndim);
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant<Layout>({ kind: "compact" }) },
    {
      weight: 3,
      arbitrary: fc
        .shuffledSubarray(axes, { minLength: ndim, maxLength: ndim })
        .map((perm): Layout => ({ kind: "transposed", perm })),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fc.integer({ min: 0, max: ndim }), fc.array(fc.boolean(), { minLength: ndim, maxLength: ndim }))
        .map(([lead, ones]): Layout => ({ kind: "broadcast", lead, ones })),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          fc.array(
            fc.record({
              step: fc.constantFrom(1, 2, 3, -1, -2),
              lead: fc.integer({ min: 0, max: 2 }),
              tail: fc.integer({ min: 0, max: 2 }),
            }),
            { minLength: ndim, maxLength: ndim },
          ),
          fc.option(fc.integer({ min: -3, max: 2 })),
        )
        .map(([sl, pick]): Layout => ({ kind: "sliced", axes: sl, pick })),
    },
    {
      weight: 2,
      arbitrary: fc.oneof(
        fc.constant<Layout>({ kind: "flipped", axes: "all" }),
        fc
          .tuple(fc.subarray(axes), fc.boolean())
          .map(([sub, negative]): Layout => ({ kind: "flipped", axes: sub.map((a) => (negative ? a - ndim : a)) })),
      ),
    },
  );
}

function describeLayout(l: Layout): string {
  switch (l.kind) {
    case "compact":
      return "compact";
    case "transposed":
      return `transposed(perm [${l.perm.join(",")}])`;
    case "broadcast":
      return `broadcast(lead ${l.lead}, ones [${l.ones.join(",")}])`;
    case "sliced":
      return `sliced(${JSON.stringify(l.axes)}, pick ${l.pick})`;
    case "flipped":
      return `flipped(${l.axes === "all" ? "all" : `[${l.axes.join(",")}]`})`;
  }
}

/** A test input: the logical elements (`n`), the NDArray view (`x`) and its recipe. */
export interface Case {
  readonly n: Naive;
  readonly layout: Layout;
  readonly x: NDArray;
  /** Builds the same view again over a fresh buffer (for tests that write in place). */
  fresh(): NDArray;
  /** Asserts that nothing wrote into `x`'s buffer (junk around slices included). */
  unchanged(): void;
  /** True when `x` is not the plain compact layout. */
  readonly strided: boolean;
  [fc.toStringMethod](): string;
}

const SENTINEL = 7777;

/** The shape of the small array a broadcast layout starts from. */
function broadcastBase(shape: Shape, l: { lead: number; ones: boolean[] }): number[] {
  return shape.slice(l.lead).map((d, i) => (l.ones[l.lead + i] ? 1 : d));
}

function typed(dtype: DType, vals: readonly number[]) {
  const t = typedArrayFor(dtype, vals.length);
  vals.forEach((v, i) => (t[i] = v));
  return t;
}

/** Builds the NDArray for a layout; `vals` are the logical values (for broadcast: the small base array's). */
function build(shape: Shape, dtype: DType, layout: Layout, vals: readonly number[]): NDArray {
  const nd = shape.length;
  const logical = naive(shape, dtype, layout.kind === "broadcast" ? new Array(sizeOf(shape)).fill(0) : vals);
  switch (layout.kind) {
    case "compact":
      return compactOf(logical);
    case "broadcast":
      return compactOf(naive(broadcastBase(shape, layout), dtype, vals)).broadcastTo(shape);
    case "transposed": {
      const { perm } = layout;
      const storeShape = perm.map((p) => shape[p]);
      const store = indices(storeShape).map((j) => {
        const idx = new Array<number>(nd);
        perm.forEach((p, k) => (idx[p] = j[k]));
        return get(logical, idx);
      });
      const inv = new Array<number>(nd);
      perm.forEach((p, k) => (inv[p] = k));
      return NDArray.fromTypedArray(typed(dtype, store), storeShape).permute(inv);
    }
    case "flipped": {
      const flipped = layout.axes === "all" ? range(nd) : layout.axes.map((a) => (a < 0 ? a + nd : a));
      const store = indices(shape).map((j) => get(logical, j.map((v, i) => (flipped.includes(i) ? shape[i] - 1 - v : v))));
      const base = NDArray.fromTypedArray(typed(dtype, store), shape);
      return layout.axes === "all" ? base.flip() : base.flip(layout.axes);
    }
    case "sliced": {
      // Per axis: storage length D, the storage position of logical index i, and the slice.
      const plans = layout.axes.map(({ step, lead, tail }, i) => {
        const d = shape[i];
        const s = Math.abs(step);
        if (d === 0) return { D: lead + tail, pos: (_: number) => -1, slice: { start: 0, stop: 0, step } as Slice };
        if (step > 0) {
          return {
            D: lead + s * (d - 1) + 1 + tail,
            pos: (k: number) => lead + s * k,
            slice: { start: lead, stop: lead + s * d, step } as Slice,
          };
        }
        const start = lead + s * (d - 1);
        return {
          D: start + 1 + tail,
          pos: (k: number) => start - s * k,
          slice: { start, stop: lead - s >= 0 ? lead - s : undefined, step } as Slice,
        };
      });
      const extra = layout.pick === null ? [] : [3];
      const storeShape = [...extra, ...plans.map((p) => p.D)];
      const store = new Array<number>(sizeOf(storeShape)).fill(dtype === "bool" ? 1 : SENTINEL);
      const pickAt = layout.pick === null ? [] : [layout.pick < 0 ? layout.pick + 3 : layout.pick];
      for (const idx of indices(shape)) {
        store[flatIndex(storeShape, [...pickAt, ...idx.map((v, i) => plans[i].pos(v))])] = get(logical, idx);
      }
      const base = NDArray.fromTypedArray(typed(dtype, store), storeShape);
      return base.slice(...(layout.pick === null ? [] : [layout.pick]), ...plans.map((p) => p.slice));
    }
  }
}

function makeCase(shape: Shape, dtype: DType, layout: Layout, vals: readonly number[]): Case {
  let n: Naive;
  if (layout.kind === "broadcast") {
    const baseShape = broadcastBase(shape, layout);
    const base = naive(baseShape, dtype, vals);
    n = naive(shape, dtype, indices(shape).map((idx) => bget(base, idx)));
  } else {
    n = naive(shape, dtype, vals);
  }
  const x = build(shape, dtype, layout, vals);
  const snapshot = Array.from(x.device.toTypedArray(x.buffer));
  return {
    n,
    layout,
    x,
    strided: layout.kind !== "compact",
    fresh: () => build(shape, dtype, layout, vals),
    unchanged() {
      expect(Array.from(x.device.toTypedArray(x.buffer)), `input ${describeLayout(layout)} was modified`).toEqual(snapshot);
    },
    [fc.toStringMethod]: () => `${describeLayout(layout)} ${fmt(shape)} ${dtype} ${JSON.stringify(n.data)}`,
  };
}

/**
 * An array of exactly `shape` and `dtype`, laid out as a random kind of view, with its
 * logical elements. `values` draws the elements (default `valueArb(dtype)`).
 */
export function arrayArb(shape: Shape, dtype: DType, values: fc.Arbitrary<number> = valueArb(dtype)): fc.Arbitrary<Case> {
  return layoutArb(shape.length).chain((layout) => {
    const count = sizeOf(layout.kind === "broadcast" ? broadcastBase(shape, layout) : shape);
    return fc.array(values, { minLength: count, maxLength: count }).map((vals) => makeCase(shape, dtype, layout, vals));
  });
}

/** A shape and an array of it. */
export function anyArrayArb(
  dtypes: readonly DType[] = DTYPES,
  shapeOpts: Parameters<typeof shapeArb>[0] = {},
  values?: (dtype: DType) => fc.Arbitrary<number>,
): fc.Arbitrary<Case> {
  return fc
    .tuple(shapeArb(shapeOpts), dtypeArb(dtypes))
    .chain(([shape, dtype]) => arrayArb(shape, dtype, values ? values(dtype) : undefined));
}

/** A shape derived from `result` by dropping some leading axes and setting some axes to 1. */
export function shrinkToBroadcast(result: Shape): fc.Arbitrary<number[]> {
  return fc
    .tuple(fc.integer({ min: 0, max: result.length }), fc.array(fc.boolean(), { minLength: result.length, maxLength: result.length }))
    .map(([lead, ones]) => result.slice(lead).map((d, i) => (ones[lead + i] ? 1 : d)));
}

/** `k` shapes that broadcast together (each derived from one random result shape). */
export function broadcastShapesArb(k: number, shapeOpts: Parameters<typeof shapeArb>[0] = {}): fc.Arbitrary<number[][]> {
  return shapeArb(shapeOpts).chain((result) =>
    fc.tuple(...Array.from({ length: k }, () => fc.oneof(shrinkToBroadcast(result), fc.constant(result).map((r) => [...r])))),
  );
}

/** numpy result_type for two arrays: bool < int32 < float32 < float64, but int32 with float32 → float64. */
export const PROMOTE: Record<DType, Record<DType, DType>> = {
  bool: { bool: "bool", int32: "int32", float32: "float32", float64: "float64" },
  int32: { bool: "int32", int32: "int32", float32: "float64", float64: "float64" },
  float32: { bool: "float32", int32: "float64", float32: "float32", float64: "float64" },
  float64: { bool: "float64", int32: "float64", float32: "float64", float64: "float64" },
};

// ------------------------------------------------------------------ reductions

export type Axis = number | number[] | null | undefined;

/** Every axis form for an array of `nd` dimensions. */
export function axisArb(nd: number): fc.Arbitrary<Axis> {
  const forms: fc.Arbitrary<Axis>[] = [
    fc.constant(undefined),
    fc.constant(null),
    fc.constant([]),
    fc
      .tuple(fc.shuffledSubarray(range(nd)), fc.array(fc.boolean(), { minLength: nd, maxLength: nd }))
      .map(([axes, neg]) => axes.map((a, i) => (neg[i] ? a - nd : a))),
  ];
  if (nd > 0) forms.push(fc.integer({ min: 0, max: nd - 1 }), fc.integer({ min: -nd, max: -1 }));
  return fc.oneof(...forms);
}

/** Sorted distinct axes in [0, nd) named by an axis form (all when omitted/null). */
export function axesOf(axis: Axis, nd: number): number[] {
  if (axis === undefined || axis === null) return range(nd);
  const list = typeof axis === "number" ? [axis] : axis;
  return list.map((a) => (a < 0 ? a + nd : a)).sort((a, b) => a - b);
}

/** For each output index: the reduced elements in row-major order of the reduced axes. */
export function groups(shape: number[], axes: number[], keepdims: boolean) {
  const kept = range(shape.length).filter((i) => !axes.includes(i));
  const outShape = keepdims ? shape.map((d, i) => (axes.includes(i) ? 1 : d)) : kept.map((i) => shape[i]);
  const reduced = axes.map((i) => shape[i]);
  const members = (outIdx: number[]): number[][] => {
    const keptIdx = keepdims ? kept.map((i) => outIdx[i]) : outIdx;
    return indices(reduced).map((r) => {
      const full = new Array<number>(shape.length);
      kept.forEach((a, k) => (full[a] = keptIdx[k]));
      axes.forEach((a, k) => (full[a] = r[k]));
      return full;
    });
  };
  return { outShape, count: sizeOf(reduced), members };
}
