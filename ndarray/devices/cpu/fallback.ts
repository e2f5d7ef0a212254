/**
 * Running a cpu-js kernel for a call that came with views: each viewed input is first
 * compacted into a temporary buffer (freed right after), which is what the NDArray class
 * would have done before calling a kernel that does not read views.
 */
import type { DeviceBuffer, InputView } from "../../device.js";
import { alloc, free } from "./buffer.js";
import { compact } from "./strided.js";

/** Calls `run` with `a` compacted through `view` (as is when there is no view). */
export function withCompact<R>(a: DeviceBuffer, view: InputView | undefined, run: (x: DeviceBuffer) => R): R {
  if (view === undefined) return run(a);
  const tmp = alloc(view.shape.reduce((x, y) => x * y, 1), a.dtype);
  try {
    compact(a, tmp, view.shape, view.strides, view.offset);
    return run(tmp);
  } finally {
    free(tmp);
  }
}
