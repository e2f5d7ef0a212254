/**
 * Running a WebAssembly kernel when some operands are ordinary typed arrays (buffers made
 * while the heap was at its budget, buffer.ts): for each such operand, the elements the
 * call reaches (its span: a minibatch slice of a large dataset is only that slice) are
 * copied into a scratch block, the output's copied back after the call (and copied in
 * first only when the kernel keeps some of it, as ewiseSetitem does), then the blocks are
 * released. A span over STAGE_LIMIT bytes, or a heap that cannot grow, makes `staged`
 * return false, and the caller runs the cpu-js kernel instead. That fallback is exact for
 * copies, sums and arithmetic, but float32 matmul (cpu-js accumulates in float64) and exp,
 * log, tanh and erf (V8's Math, not musl's) may then differ in the last bits: the limit is
 * set so that only arrays of tens of millions of elements ever take it (budget 256 MiB plus
 * three spans of 64 MiB still fit the module's 512 MiB).
 */
import type { DeviceBuffer } from "../../device.js";
import { CpuBuffer } from "../cpu-js/buffer.js";
import { BYTES, heapBlock, WasmBuffer } from "./buffer.js";
import { wasm } from "./module.js";

const STAGE_LIMIT = 64 * 2 ** 20;

/** The elements [from, to) of a buffer that a call reads or writes. */
export interface Span {
  readonly buf: DeviceBuffer;
  readonly from: number;
  readonly to: number;
}

/** The whole buffer. */
export const whole = (buf: DeviceBuffer): Span => ({ buf, from: 0, to: buf.size });

/** The elements a view (shape, strides, offset) reaches; empty for a view of no elements. */
export function spanOf(buf: DeviceBuffer, shape: readonly number[], strides: readonly number[], offset: number): Span {
  let from = offset;
  let to = offset + 1;
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] === 0) return { buf, from: offset, to: offset };
    const reach = (shape[i] - 1) * strides[i];
    if (reach < 0) from += reach;
    else to += reach;
  }
  return { buf, from, to };
}

/** Byte address of element `index` of a buffer, as `staged` hands it to the kernel call. */
export type Address = (buf: DeviceBuffer, index: number) => number;

interface Block {
  readonly ptr: number;
  readonly from: number;
  readonly to: number;
}

const bytesOf = (buf: CpuBuffer, from: number, to: number) => {
  const d = buf.data;
  return new Uint8Array(d.buffer, d.byteOffset + from * d.BYTES_PER_ELEMENT, (to - from) * d.BYTES_PER_ELEMENT);
};

/** The address of an element of a buffer in the module's heap, where every buffer of the common case lies. */
const inPlace: Address = (buf, index) => (buf instanceof WasmBuffer ? buf.at(index) : 0);

/** Each typed-array buffer's span, merged when a buffer is named twice. */
function merged(spans: readonly Span[]): Map<CpuBuffer, [number, number]> {
  const out = new Map<CpuBuffer, [number, number]>();
  for (const { buf, from, to } of spans) {
    if (!(buf instanceof CpuBuffer)) continue;
    const seen = out.get(buf);
    out.set(buf, seen ? [Math.min(seen[0], from), Math.max(seen[1], to)] : [from, to]);
  }
  return out;
}

/** Runs `call` with every buffer addressable in the module's memory; false (nothing run) when that cannot be. */
export function staged(inputs: readonly Span[], out: Span, call: (at: Address) => void, keepsOut = false): boolean {
  if (out.buf instanceof WasmBuffer && inputs.every((s) => s.buf instanceof WasmBuffer)) {
    call(inPlace);
    return true;
  }
  if (![...inputs, out].every((s) => s.buf instanceof WasmBuffer || s.buf instanceof CpuBuffer)) return false;
  const blocks = new Map<DeviceBuffer, Block>();
  for (const [buf, [from, to]] of merged([...inputs, out])) {
    const bytes = (to - from) * BYTES[buf.dtype];
    const ptr = bytes <= STAGE_LIMIT ? heapBlock(bytes, true) : undefined;
    if (ptr === undefined) return releaseAll(blocks);
    blocks.set(buf, { ptr, from, to });
    if (buf !== out.buf || keepsOut || inputs.some((s) => s.buf === buf)) new Uint8Array(wasm.memory.buffer, ptr, bytes).set(bytesOf(buf, from, to));
  }
  try {
    call((buf, index) => {
      if (buf instanceof WasmBuffer) return buf.at(index);
      const block = blocks.get(buf);
      return block === undefined ? 0 : block.ptr + (index - block.from) * BYTES[buf.dtype];
    });
    const back = blocks.get(out.buf);
    if (out.buf instanceof CpuBuffer && back !== undefined) {
      bytesOf(out.buf, back.from, back.to).set(new Uint8Array(wasm.memory.buffer, back.ptr, (back.to - back.from) * BYTES[out.buf.dtype]));
    }
  } finally {
    releaseAll(blocks);
  }
  return true;
}

function releaseAll(blocks: Map<DeviceBuffer, Block>): false {
  for (const { ptr } of blocks.values()) wasm.release(ptr);
  return false;
}
