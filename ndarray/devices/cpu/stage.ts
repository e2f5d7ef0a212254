/**
 * Running a WebAssembly kernel when some operands are ordinary typed arrays (buffers made
 * while the heap was at its budget, buffer.ts): each such operand up to STAGE_LIMIT bytes
 * is copied into a scratch block for the call (the output only when the kernel keeps some
 * of it, as ewiseSetitem does), and the output copied back, then the blocks are released. Larger ones, or a heap that cannot grow, make `staged` return false, and
 * the caller runs the cpu-js kernel instead.
 */
import type { DeviceBuffer } from "../../device.js";
import { CpuBuffer } from "../cpu-js/buffer.js";
import { BYTES, heapBlock, WasmBuffer } from "./buffer.js";
import { wasm } from "./module.js";

const STAGE_LIMIT = 16 * 2 ** 20;

/** Byte address of element `index` of a buffer, as `staged` hands it to the kernel call. */
export type Address = (buf: DeviceBuffer, index: number) => number;

const bytesOf = (buf: CpuBuffer) => new Uint8Array(buf.data.buffer, buf.data.byteOffset, buf.data.byteLength);

/** Runs `call` with every buffer addressable in the module's memory; false (nothing run) when that cannot be. */
export function staged(buffers: readonly DeviceBuffer[], out: DeviceBuffer, call: (at: Address) => void, keepsOut = false): boolean {
  const scratch = new Map<DeviceBuffer, number>();
  for (const buf of [...buffers, out]) {
    if (buf instanceof WasmBuffer || scratch.has(buf)) continue;
    if (!(buf instanceof CpuBuffer) || buf.data.byteLength > STAGE_LIMIT) return releaseAll(scratch);
    const ptr = heapBlock(buf.data.byteLength, true);
    if (ptr === undefined) return releaseAll(scratch);
    if (buf !== out || keepsOut || buffers.includes(out)) new Uint8Array(wasm.memory.buffer, ptr, buf.data.byteLength).set(bytesOf(buf));
    scratch.set(buf, ptr);
  }
  try {
    call((buf, index) => (buf instanceof WasmBuffer ? buf.at(index) : (scratch.get(buf) ?? 0) + index * BYTES[buf.dtype]));
    const back = scratch.get(out);
    if (out instanceof CpuBuffer && back !== undefined) bytesOf(out).set(new Uint8Array(wasm.memory.buffer, back, out.data.byteLength));
  } finally {
    releaseAll(scratch);
  }
  return true;
}

function releaseAll(scratch: Map<DeviceBuffer, number>): false {
  for (const ptr of scratch.values()) wasm.release(ptr);
  return false;
}
