/**
 * Strided kernels: copy between a strided view and a compact buffer.
 *
 * All three walk the view in row-major order with an odometer over the outer axes and a
 * tight loop over the last one. Writing into a bool buffer stores 1 for any non-zero value
 * (typed-array assignment alone would truncate 0.5 to 0).
 */
import type { DeviceBuffer } from "../../device.js";
import type { TypedArray } from "../../dtype.js";
import { data } from "./buffer.js";

/**
 * Calls `visit(base, k)` once per run of the last axis: `base` is the element index of the
 * run's first element in the strided buffer, `k` the row-major index of that element.
 */
function forEachRun(
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
  visit: (base: number, k: number) => void,
): void {
  const nd = shape.length;
  if (nd === 0) {
    visit(offset, 0);
    return;
  }
  for (const d of shape) if (d === 0) return;
  const inner = shape[nd - 1];
  const idx = new Array<number>(nd).fill(0);
  let base = offset;
  for (let k = 0; ; k += inner) {
    visit(base, k);
    let ax = nd - 2;
    for (; ax >= 0; ax--) {
      idx[ax]++;
      base += strides[ax];
      if (idx[ax] < shape[ax]) break;
      base -= strides[ax] * shape[ax];
      idx[ax] = 0;
    }
    if (ax < 0) return;
  }
}

/** Length and stride of the last axis (a 0-d view is one run of length 1). */
function lastAxis(shape: readonly number[], strides: readonly number[]): [number, number] {
  const nd = shape.length;
  return nd === 0 ? [1, 0] : [shape[nd - 1], strides[nd - 1]];
}

function toBoolArray(src: TypedArray): TypedArray {
  return Uint8Array.from(src, (v) => (v !== 0 ? 1 : 0));
}

export function compact(
  a: DeviceBuffer,
  out: DeviceBuffer,
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
): void {
  const src = data(a);
  const dst = data(out);
  const boolOut = out.dtype === "bool" && a.dtype !== "bool";
  const [inner, step] = lastAxis(shape, strides);
  forEachRun(shape, strides, offset, (base, k) => {
    if (boolOut) for (let j = 0; j < inner; j++) dst[k + j] = src[base + j * step] !== 0 ? 1 : 0;
    else for (let j = 0; j < inner; j++) dst[k + j] = src[base + j * step];
  });
}

export function ewiseSetitem(
  a: DeviceBuffer,
  out: DeviceBuffer,
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
): void {
  const src = out.dtype === "bool" && a.dtype !== "bool" ? toBoolArray(data(a)) : data(a);
  const dst = data(out);
  const [inner, step] = lastAxis(shape, strides);
  forEachRun(shape, strides, offset, (base, k) => {
    for (let j = 0; j < inner; j++) dst[base + j * step] = src[k + j];
  });
}

export function scalarSetitem(
  value: number,
  out: DeviceBuffer,
  shape: readonly number[],
  strides: readonly number[],
  offset: number,
): void {
  const v = out.dtype === "bool" ? (value !== 0 ? 1 : 0) : value;
  const dst = data(out);
  const [inner, step] = lastAxis(shape, strides);
  forEachRun(shape, strides, offset, (base) => {
    for (let j = 0; j < inner; j++) dst[base + j * step] = v;
  });
}
