/**
 * Reductions over the last axis of a compact (outer × reduceSize) buffer: out[i] reduces
 * a[i·r … (i+1)·r). Sums and products accumulate in float64 whatever the dtype (a product
 * of an empty row is 1). Max and min propagate
 * NaN, and argmax/argmin return the first index of the extreme value (or of the first
 * NaN), as numpy does. The NDArray class rejects empty max/min/arg reductions before here.
 */
import type { DeviceBuffer } from "../../device.js";
import { data } from "./buffer.js";

export function reduceSum(a: DeviceBuffer, out: DeviceBuffer, r: number): void {
  const x = data(a);
  const o = data(out);
  for (let i = 0, base = 0; i < o.length; i++, base += r) {
    let s = 0;
    for (let j = 0; j < r; j++) s += x[base + j];
    o[i] = s;
  }
}

export function reduceProd(a: DeviceBuffer, out: DeviceBuffer, r: number): void {
  const x = data(a);
  const o = data(out);
  for (let i = 0, base = 0; i < o.length; i++, base += r) {
    let p = 1;
    for (let j = 0; j < r; j++) p *= x[base + j];
    o[i] = p;
  }
}

/** Index (within its row) of the first element that `better` prefers; NaN always wins. */
function argBest(x: ArrayLike<number>, base: number, r: number, better: (v: number, best: number) => boolean): number {
  let best = 0;
  let bv = x[base];
  if (Number.isNaN(bv)) return 0;
  for (let j = 1; j < r; j++) {
    const v = x[base + j];
    if (Number.isNaN(v)) return j;
    if (better(v, bv)) {
      bv = v;
      best = j;
    }
  }
  return best;
}

const greater = (v: number, b: number) => v > b;
const less = (v: number, b: number) => v < b;

function reduceArg(better: (v: number, b: number) => boolean, returnIndex: boolean) {
  return (a: DeviceBuffer, out: DeviceBuffer, r: number): void => {
    const x = data(a);
    const o = data(out);
    for (let i = 0, base = 0; i < o.length; i++, base += r) {
      const j = argBest(x, base, r, better);
      o[i] = returnIndex ? j : x[base + j];
    }
  };
}

export const reduceMax = reduceArg(greater, false);
export const reduceMin = reduceArg(less, false);
export const reduceArgmax = reduceArg(greater, true);
export const reduceArgmin = reduceArg(less, true);
