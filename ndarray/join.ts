/**
 * Joining, splitting and padding: concat, stack, split, pad. Each allocates the result
 * and writes the pieces into views of it (strided set-item), so no kernel beyond the
 * table is needed.
 */
import { resultType, type DType } from "./dtype.js";
import { DeviceMismatchError, DTypeError, ShapeError, ValueError } from "./errors.js";
import { NDArray } from "./ndarray.js";
import type { Index } from "./indexing.js";
import { fmtShape, normalizeAxis } from "./shape.js";
import * as v from "./validate.js";

/** Indices selecting [start, stop) on `axis` and everything on the other axes. */
function along(axis: number, start: number, stop: number): Index[] {
  return [...new Array<Index>(axis).fill(null), { start, stop }];
}

function commonDType(op: string, arrays: readonly NDArray[]): DType {
  if (arrays.length === 0) throw new ValueError(op, "need at least one array");
  const device = arrays[0].device;
  for (const a of arrays) if (a.device !== device) throw new DeviceMismatchError(op, device.name, a.device.name);
  return arrays.map((a) => a.dtype).reduce((a, b) => resultType(a, b));
}

/** A list of NDArrays (`concat([a, b])`, not `concat(a, b)`). */
function arrayList(op: string, arrays: unknown): NDArray[] {
  const hint = arrays instanceof NDArray ? `${op}([a, b, …]) with the arrays in one list` : undefined;
  if (!Array.isArray(arrays)) return v.fail(op, "arrays", arrays, "a list of NDArrays", hint);
  return v.list(op, "arrays", arrays, v.ndarray);
}

/** Joins arrays along an existing axis; every other axis must match. */
export function concat(arrays: readonly NDArray[], axis = 0): NDArray {
  v.arity("concat", arguments, ["arrays", "axis"], "concat([a, b], axis)");
  const list = arrayList("concat", arrays);
  const dtype = commonDType("concat", list);
  const first = list[0];
  const ax = normalizeAxis("concat", v.axis("concat", "axis", axis), first.ndim);
  for (const a of list) {
    if (a.ndim !== first.ndim || a.shape.some((d, i) => i !== ax && d !== first.shape[i])) {
      throw new ShapeError(
        "concat",
        `shapes ${list.map((x) => fmtShape(x.shape)).join(", ")} differ outside axis ${ax}`,
      );
    }
  }
  const shape = [...first.shape];
  shape[ax] = list.reduce((n, a) => n + a.shape[ax], 0);
  const out = NDArray.empty(shape, dtype, first.device);
  let at = 0;
  for (const a of list) {
    out.slice(...along(ax, at, at + a.shape[ax])).assign(a);
    at += a.shape[ax];
  }
  return out;
}

/** Joins equally shaped arrays along a new axis. */
export function stack(arrays: readonly NDArray[], axis = 0): NDArray {
  v.arity("stack", arguments, ["arrays", "axis"], "stack([a, b], axis)");
  const list = arrayList("stack", arrays);
  commonDType("stack", list);
  const first = list[0];
  for (const a of list) {
    if (a.ndim !== first.ndim || a.shape.some((d, i) => d !== first.shape[i])) {
      throw new ShapeError("stack", `all arrays must have the same shape, got ${list.map((x) => fmtShape(x.shape)).join(", ")}`);
    }
  }
  const ax = normalizeAxis("stack", v.axis("stack", "axis", axis), first.ndim + 1);
  return concat(list.map((a) => a.unsqueeze(ax)), ax);
}

/**
 * numpy.split: a number n cuts `axis` into n equal parts (it must divide the length); a
 * list of indices cuts before each of them. Returns views.
 */
export function split(a: NDArray, sections: number | readonly number[], axis = 0): NDArray[] {
  v.arity("split", arguments, ["a", "sections", "axis"]);
  const x = v.ndarray("split", "a", a);
  const ax = normalizeAxis("split", v.axis("split", "axis", axis), x.ndim);
  const n = x.shape[ax];
  let cuts: number[];
  if (typeof sections === "number") {
    if (!Number.isInteger(sections) || sections <= 0 || n % sections !== 0) {
      throw new ShapeError("split", `axis ${ax} of shape ${fmtShape(x.shape)} (length ${n}) does not divide into ${sections} equal sections`);
    }
    cuts = Array.from({ length: sections - 1 }, (_, i) => ((i + 1) * n) / sections);
  } else {
    cuts = Array.isArray(sections) ? v.list("split", "sections", sections, v.integer) : v.fail("split", "sections", sections, "a number of equal sections or a list of indices");
  }
  const bounds = [0, ...cuts, n];
  return bounds.slice(1).map((stop, i) => x.slice(...along(ax, bounds[i], stop)));
}

/**
 * Pads with a constant (numpy.pad's "constant" mode): `widths[i] = [before, after]` for
 * axis i; fewer pairs than axes pad the leading axes listed and leave the rest.
 */
export function pad(a: NDArray, widths: readonly (readonly [number, number])[], value = 0): NDArray {
  v.arity("pad", arguments, ["a", "widths", "value"], "pad(x, [[before, after], …], value)");
  const x = v.ndarray("pad", "a", a);
  const pairs = v.list("pad", "widths", widths, (fn, name, w) =>
    Array.isArray(w) && w.length === 2 ? ([v.integer(fn, `${name}[0]`, w[0]), v.integer(fn, `${name}[1]`, w[1])] as const) : v.fail(fn, name, w, "a pair [before, after]"),
  );
  const fill = v.number("pad", "value", value);
  return padded(x, pairs, fill);
}

function padded(a: NDArray, widths: readonly (readonly [number, number])[], value: number): NDArray {
  if (widths.length > a.ndim) {
    throw new ShapeError("pad", `${widths.length} (before, after) pairs given for an array of shape ${fmtShape(a.shape)}`);
  }
  for (const [before, after] of widths) {
    if (!Number.isInteger(before) || !Number.isInteger(after) || before < 0 || after < 0) {
      throw new ValueError("pad", `widths must be non-negative integers, got [${widths.map((w) => `[${w.join(",")}]`).join(",")}]`);
    }
  }
  if ((a.dtype === "int32" && !Number.isInteger(value)) || (a.dtype === "bool" && value !== 0 && value !== 1)) {
    throw new DTypeError("pad", `the pad value ${value} does not fit an array of dtype ${a.dtype}; cast the array first (astype)`);
  }
  const shape = a.shape.map((d, i) => d + (widths[i] ? widths[i][0] + widths[i][1] : 0));
  const out = NDArray.empty(shape, a.dtype, a.device);
  if (value !== 0) out.assign(value);
  out.slice(...a.shape.map((d, i) => ({ start: widths[i]?.[0] ?? 0, stop: (widths[i]?.[0] ?? 0) + d }))).assign(a);
  return out;
}
