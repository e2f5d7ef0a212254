/**
 * Running sums along the last axis of a compact (outer × r) buffer: out[i, j] = a[i, 0] + … +
 * a[i, j], accumulated in float64 from the first element, as reduceSum accumulates, so the
 * last entry of a row equals that row's sum.
 */
import type { DeviceBuffer } from "../../device.js";
import { data } from "./buffer.js";

export function cumsum(a: DeviceBuffer, out: DeviceBuffer, r: number): void {
  const x = data(a);
  const o = data(out);
  for (let base = 0; base < o.length; base += r) {
    let s = 0;
    for (let j = 0; j < r; j++) o[base + j] = s += x[base + j];
  }
}
