/**
 * Gathering along the middle axis of a compact (outer × n × inner) buffer: out[o, k, j] =
 * a[o, indices[k], j]. Each (o, k) pair copies one contiguous run of `inner` elements, so an
 * embedding lookup is one block copy per token, and a gather along the last axis (runs of
 * one element) a plain loop.
 */
import type { DeviceBuffer } from "../../device.js";
import { data } from "./buffer.js";

/** Runs shorter than this are copied element by element: a subarray view costs more than the copy. */
const SHORT_RUN = 16;

export function take(a: DeviceBuffer, indices: DeviceBuffer, out: DeviceBuffer, n: number, inner: number): void {
  const x = data(a);
  const idx = data(indices);
  const o = data(out);
  const count = idx.length;
  if (o.length === 0) return;
  const outer = x.length / (n * inner);
  let to = 0;
  for (let row = 0; row < outer; row++) {
    for (let k = 0; k < count; k++) {
      const from = (row * n + idx[k]) * inner;
      if (inner >= SHORT_RUN) o.set(x.subarray(from, from + inner), to);
      else for (let j = 0; j < inner; j++) o[to + j] = x[from + j];
      to += inner;
    }
  }
}
