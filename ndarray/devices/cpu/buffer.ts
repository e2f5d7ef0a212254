/**
 * cpu buffers in WebAssembly memory, so the kernels read operands where they are.
 *
 * A WasmBuffer owns one block of the module's heap. It is released by `free` (at once,
 * idempotent) or, for buffers nobody freed, by a FinalizationRegistry when the garbage
 * collector reclaims the buffer object. Its `data` is a typed-array view re-made whenever
 * memory has grown (growing detaches every earlier view), so cpu-js kernels can run on it
 * unchanged. When the heap cannot grow (wasm32's 4 GiB, or the process's own limit), the
 * buffer is an ordinary typed array instead (cpu-js's CpuBuffer) and every kernel that
 * meets one runs its cpu-js version: slower, never wrong.
 */
import type { DeviceBuffer } from "../../device.js";
import { dtypeOfTypedArray, newTypedArray, type DType, type TypedArray } from "../../dtype.js";
import { KitError } from "../../errors.js";
import { CpuBuffer } from "../cpu-js/buffer.js";
import { wasm } from "./module.js";

const BYTES: Record<DType, number> = { float32: 4, float64: 8, int32: 4, bool: 1 };

/** Blocks above this go to an ordinary typed array at once (wasm32 addresses 4 GiB, the heap needs room). */
const LARGEST = 2 ** 32 - 2 ** 26;

const reclaim = new FinalizationRegistry<number>((ptr) => wasm.release(ptr));

function viewOf(dtype: DType, ptr: number, size: number): TypedArray {
  const memory = wasm.memory.buffer;
  switch (dtype) {
    case "float32":
      return new Float32Array(memory, ptr, size);
    case "float64":
      return new Float64Array(memory, ptr, size);
    case "int32":
      return new Int32Array(memory, ptr, size);
    case "bool":
      return new Uint8Array(memory, ptr, size);
  }
}

/** A buffer that was freed: one line naming the kernel, as the cuda device says it. */
export class FreedBufferError extends KitError {
  constructor(buf: DeviceBuffer) {
    super("E_FREED", `the ${buf.dtype} buffer of ${buf.size} elements was freed`);
  }
}

export class WasmBuffer implements DeviceBuffer {
  #view: TypedArray;
  #freed = false;

  constructor(
    readonly dtype: DType,
    readonly size: number,
    /** Byte address of element 0 in the module's memory. */
    readonly ptr: number,
  ) {
    this.#view = viewOf(dtype, ptr, size);
    if (size > 0) reclaim.register(this, ptr, this);
  }

  /** The elements, as a typed array over the module's memory (valid until memory next grows). */
  get data(): TypedArray {
    if (this.#freed) throw new FreedBufferError(this);
    if (this.#view.buffer !== wasm.memory.buffer) this.#view = viewOf(this.dtype, this.ptr, this.size);
    return this.#view;
  }

  /** Byte address of element `index`; throws once freed. */
  at(index: number): number {
    if (this.#freed) throw new FreedBufferError(this);
    return this.ptr + index * BYTES[this.dtype];
  }

  /** Releases the block now; later uses throw, a second call does nothing. */
  dispose(): void {
    if (this.#freed) return;
    this.#freed = true;
    if (this.size > 0) {
      reclaim.unregister(this);
      wasm.release(this.ptr);
    }
  }
}

/** A zero-filled buffer on the module's heap, or an ordinary typed array when the heap cannot hold it. */
export function alloc(size: number, dtype: DType): DeviceBuffer {
  const bytes = size * BYTES[dtype];
  if (size === 0) return new WasmBuffer(dtype, 0, 0);
  if (bytes <= LARGEST) {
    try {
      return new WasmBuffer(dtype, size, wasm.alloc(bytes) >>> 0);
    } catch (e) {
      if (!(e instanceof WebAssembly.RuntimeError)) throw e;
    }
  }
  return new CpuBuffer(newTypedArray(dtype, size));
}

export function fromTypedArray(src: TypedArray): DeviceBuffer {
  const buf = alloc(src.length, dtypeOfTypedArray(src));
  hostData(buf).set(src);
  return buf;
}

/** The elements of either kind of cpu buffer as a typed array. */
export function hostData(buf: DeviceBuffer): TypedArray {
  if (buf instanceof WasmBuffer || buf instanceof CpuBuffer) return buf.data;
  throw new KitError("E_DEVICE", `expected a buffer of device cpu, got one of another device`);
}

export function toTypedArray(buf: DeviceBuffer): TypedArray {
  return hostData(buf).slice();
}

export function free(buf: DeviceBuffer): void {
  if (buf instanceof WasmBuffer) buf.dispose();
}

export function fill(out: DeviceBuffer, value: number): void {
  hostData(out).fill(out.dtype === "bool" ? (value !== 0 ? 1 : 0) : value);
}
