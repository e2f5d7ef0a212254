/** Pure shape helpers: sizes, row-major strides, broadcasting and axis normalisation. */
import { AxisError, ShapeError } from "./errors.js";
import * as v from "./validate.js";

export type Shape = readonly number[];

/** `[3,4]` → `"[3,4]"`, the form every error message uses. */
export function fmtShape(shape: Shape): string {
  return `[${shape.join(",")}]`;
}

export function prod(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major (C order) strides, in elements. */
export function compactStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

export function checkShape(op: string, shape: Shape): number[] {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new ShapeError(op, `invalid shape ${fmtShape(shape)}: every dimension must be a non-negative integer`);
    }
  }
  return [...shape];
}

/** numpy's broadcasting rule: align trailing axes; each pair must be equal or contain a 1. */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  const ndim = Math.max(...shapes.map((s) => s.length));
  const out = new Array<number>(ndim).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const j = ndim - s.length + i;
      const d = s[i];
      if (out[j] === 1) out[j] = d;
      else if (d !== 1 && d !== out[j]) {
        throw new ShapeError(
          op,
          `shapes ${shapes.map(fmtShape).join(" and ")} cannot be broadcast together (axis ${j - ndim}: ${out[j]} ≠ ${d})`,
        );
      }
    }
  }
  return out;
}

/** Maps an axis in [-ndim, ndim) to [0, ndim). */
export function normalizeAxis(op: string, axis: number, ndim: number): number {
  if (!Number.isInteger(axis) || axis < -ndim || axis >= ndim) {
    throw new AxisError(op, `axis ${axis} is out of range for an array of ${ndim} dimension${ndim === 1 ? "" : "s"} (valid: ${-ndim} to ${ndim - 1})`);
  }
  return axis < 0 ? axis + ndim : axis;
}

/**
 * `undefined`/`null` → every axis; a number or list → sorted distinct axes in [0, ndim).
 * `op` names the caller in errors (the autograd's reductions use it for their own axes).
 */
export function normalizeAxes(op: string, axis: number | readonly number[] | null | undefined, ndim: number): number[] {
  v.arity("normalizeAxes", arguments, ["op", "axis", "ndim"]);
  return sortedAxes(v.string("normalizeAxes", "op", op), v.axes("normalizeAxes", "axis", axis), v.integer("normalizeAxes", "ndim", ndim));
}

/** `normalizeAxes` without the argument checks, for the library's own calls. */
export function sortedAxes(op: string, axis: number | readonly number[] | null | undefined, ndim: number): number[] {
  if (axis === undefined || axis === null) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof axis === "number" ? [axis] : axis;
  const axes = list.map((a) => normalizeAxis(op, a, ndim));
  if (new Set(axes).size !== axes.length) {
    throw new AxisError(op, `repeated axis in [${list.join(",")}]`);
  }
  return axes.sort((a, b) => a - b);
}

/** True when `a` and `b` are the same shape. */
export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
