/**
 * compact and ewiseSetitem in WebAssembly: one strided copy (ndarray/wasm/strided.ts), of
 * bits when source and destination share a dtype, converting each element as the cpu-js
 * kernel does when they do not (a cast). A buffer that cannot be staged (stage.ts) uses the
 * cpu-js kernel. scalarSetitem is the cpu-js kernel (a fill, already one tight loop).
 */
import type { DeviceBuffer } from "../../device.js";
import type { DType } from "../../dtype.js";
import { compactStrides } from "../../shape.js";
import * as js from "../cpu-js/strided.js";
import { BYTES } from "./buffer.js";
import { mergeAxes } from "./layout.js";
import { MAX_DIMS, wasm, writeArgs } from "./module.js";
import { spanOf, staged } from "./stage.js";

const COPY = { 1: wasm.copy8, 4: wasm.copy32, 8: wasm.copy64 } as const;
/** The dtypes as wasm.castCopy numbers them. */
const CAST_CODE: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

/** Copies `shape` from src (strides s, from element `from`) to dst (strides d, from element `to`); false when it cannot. */
function copy(src: DeviceBuffer, from: number, s: readonly number[], dst: DeviceBuffer, to: number, d: readonly number[], shape: readonly number[], keepsOut: boolean): boolean {
  const merged = mergeAxes(shape, [s, d], 3);
  const nd = merged.shape.length;
  if (nd > MAX_DIMS) return false;
  writeArgs("shape", merged.shape);
  writeArgs("a", merged.strides[0]);
  writeArgs("out", merged.strides[1]);
  const spans = [spanOf(src, shape, s, from), spanOf(dst, shape, d, to)] as const;
  if (src.dtype !== dst.dtype) {
    const [a, b] = [CAST_CODE[src.dtype], CAST_CODE[dst.dtype]];
    return staged([spans[0]], spans[1], (at) => wasm.castCopy(a, b, at(src, from), at(dst, to), nd), keepsOut);
  }
  const run = COPY[BYTES[src.dtype] as 1 | 4 | 8];
  return staged([spans[0]], spans[1], (at) => run(at(src, from), at(dst, to), nd), keepsOut);
}

export function compact(a: DeviceBuffer, out: DeviceBuffer, shape: readonly number[], strides: readonly number[], offset: number): void {
  if (out.size === 0) return;
  if (!copy(a, offset, strides, out, 0, compactStrides(shape), shape, false)) js.compact(a, out, shape, strides, offset);
}

export function ewiseSetitem(a: DeviceBuffer, out: DeviceBuffer, shape: readonly number[], strides: readonly number[], offset: number): void {
  if (a.size === 0) return;
  if (!copy(a, 0, compactStrides(shape), out, offset, strides, shape, true)) js.ewiseSetitem(a, out, shape, strides, offset);
}

export const scalarSetitem = js.scalarSetitem;
