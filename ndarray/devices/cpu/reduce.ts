/**
 * Reductions in WebAssembly for float32 and float64 inputs, reading the input through its
 * view (ndarray/wasm/reduce.ts): the kept axes and the reduced ones are merged apart, and
 * the reduced ones must merge into at most two (otherwise the view is compacted first).
 * int32 and bool inputs, and buffers that cannot be staged, are the cpu-js kernels.
 */
import type { DeviceBuffer, ReduceOp, ReduceView } from "../../device.js";
import * as js from "../cpu-js/reduce.js";
import { withCompact } from "./fallback.js";
import { mergeAxes } from "./layout.js";
import { MAX_DIMS, wasm, writeArgs } from "./module.js";
import { spanOf, staged, whole } from "./stage.js";

const CODE: Record<ReduceOp, number> = { Sum: 0, Prod: 1, Max: 2, Min: 3, Argmax: 4, Argmin: 5 };
const JS: Record<ReduceOp, (a: DeviceBuffer, out: DeviceBuffer, r: number) => void> = {
  Sum: js.reduceSum,
  Prod: js.reduceProd,
  Max: js.reduceMax,
  Min: js.reduceMin,
  Argmax: js.reduceArgmax,
  Argmin: js.reduceArgmin,
};

/** Writes the view's kept and reduced axes (reduced merged to exactly two); the kept count, or -1. */
function writeReduceView(view: ReduceView): number {
  const cut = view.shape.length - view.reduced;
  const kept = mergeAxes(view.shape.slice(0, cut), [view.strides.slice(0, cut)], 0);
  const reduced = mergeAxes(view.shape.slice(cut), [view.strides.slice(cut)], 2);
  if (reduced.shape.length > 2 || kept.shape.length + 2 > MAX_DIMS) return -1;
  writeArgs("shape", [...kept.shape, ...reduced.shape]);
  writeArgs("a", [...kept.strides[0], ...reduced.strides[0]]);
  return kept.shape.length;
}

function reduce(op: ReduceOp) {
  return (a: DeviceBuffer, out: DeviceBuffer, r: number, view?: ReduceView): void => {
    if (out.size === 0) return;
    const float = a.dtype === "float32" || a.dtype === "float64";
    if (float && r > 0) {
      const v = view ?? { shape: [out.size, r], strides: [r, 1], offset: 0, reduced: 1 };
      const kept = writeReduceView(v);
      const run = a.dtype === "float32" ? wasm.reduceF32 : wasm.reduceF64;
      if (kept >= 0 && staged([spanOf(a, v.shape, v.strides, v.offset)], whole(out), (at) => run(CODE[op], at(a, v.offset), at(out, 0), kept))) return;
    }
    withCompact(a, view, (x) => JS[op](x, out, r));
  };
}

export const reduceSum = reduce("Sum");
export const reduceProd = reduce("Prod");
export const reduceMax = reduce("Max");
export const reduceMin = reduce("Min");
export const reduceArgmax = reduce("Argmax");
export const reduceArgmin = reduce("Argmin");
