/**
 * The stable ascending sort permutation of each row of a compact (outer × r) buffer: out[i, k]
 * is the index of the k-th smallest element of row i. Equal elements (0 and −0 included) keep
 * their index order and NaN sorts after every number, as numpy's argsort(kind="stable").
 */
import type { DeviceBuffer } from "../../device.js";
import { data } from "./buffer.js";

/** Ascending order with NaN last; 0 for equal values (the index breaks the tie). */
function order(u: number, w: number): number {
  const un = Number.isNaN(u);
  const wn = Number.isNaN(w);
  if (un || wn) return un === wn ? 0 : un ? 1 : -1;
  return u < w ? -1 : u > w ? 1 : 0;
}

export function argsort(a: DeviceBuffer, out: DeviceBuffer, r: number): void {
  const x = data(a);
  const o = data(out);
  for (let base = 0; base < o.length; base += r) {
    const idx = Array.from({ length: r }, (_, j) => j);
    idx.sort((p, q) => order(x[base + p], x[base + q]) || p - q);
    idx.forEach((j, k) => (o[base + k] = j));
  }
}
