/**
 * compact and ewiseSetitem in WebAssembly: one strided copy (ndarray/wasm/strided.ts) when
 * source and destination share a dtype and both live in the module's memory; a cast, a
 * write into bool from another dtype, or an ordinary typed-array buffer uses the cpu-js
 * kernel. scalarSetitem is the cpu-js kernel (a fill, already one tight loop).
 */
import type { DeviceBuffer } from "../../device.js";
import { compactStrides } from "../../shape.js";
import * as js from "../cpu-js/strided.js";
import { WasmBuffer } from "./buffer.js";
import { mergeAxes } from "./layout.js";
import { MAX_DIMS, wasm, writeArgs } from "./module.js";

const COPY = { 1: wasm.copy8, 4: wasm.copy32, 8: wasm.copy64 } as const;

/** Copies `shape` from src (strides s, byte address from) to dst (strides d, address to); false when it cannot. */
function copy(src: WasmBuffer, from: number, s: readonly number[], to: number, d: readonly number[], shape: readonly number[]): boolean {
  const merged = mergeAxes(shape, [s, d], 2);
  const nd = merged.shape.length;
  if (nd > MAX_DIMS) return false;
  writeArgs("shape", merged.shape);
  writeArgs("a", merged.strides[0]);
  writeArgs("out", merged.strides[1]);
  const bytes = src.dtype === "bool" ? 1 : src.dtype === "float64" ? 8 : 4;
  COPY[bytes](from, to, nd);
  return true;
}

export function compact(a: DeviceBuffer, out: DeviceBuffer, shape: readonly number[], strides: readonly number[], offset: number): void {
  if (out.size === 0) return;
  if (a instanceof WasmBuffer && out instanceof WasmBuffer && a.dtype === out.dtype) {
    if (copy(a, a.at(offset), strides, out.at(0), compactStrides(shape), shape)) return;
  }
  js.compact(a, out, shape, strides, offset);
}

export function ewiseSetitem(a: DeviceBuffer, out: DeviceBuffer, shape: readonly number[], strides: readonly number[], offset: number): void {
  if (a.size === 0) return;
  if (a instanceof WasmBuffer && out instanceof WasmBuffer && a.dtype === out.dtype) {
    if (copy(a, a.at(0), compactStrides(shape), out.at(offset), strides, shape)) return;
  }
  js.ewiseSetitem(a, out, shape, strides, offset);
}

export const scalarSetitem = js.scalarSetitem;
