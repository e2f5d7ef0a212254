/**
 * cpu buffers in WebAssembly memory, so the kernels read operands where they are.
 *
 * A WasmBuffer owns one block of the module's heap. It is released by `free` (at once,
 * idempotent) or, for buffers nobody freed, by a FinalizationRegistry when the garbage
 * collector reclaims the buffer object. Those callbacks run only when the event loop
 * turns, never inside one synchronous run (a training epoch, a graded case), and the
 * collector does not count wasm memory, so garbage is bounded instead: once the live
 * blocks reach HEAP_BUDGET, new buffers are ordinary typed arrays (cpu-js's CpuBuffer), and
 * kernels stage those through scratch blocks (stage.ts) while blocks come free again. The
 * module's memory can never grow past 512 MiB (compile.ts), whatever the workload, so the
 * sandbox's memory limit holds; an allocation it cannot hold is a typed array too.
 *
 * Each WasmBuffer also holds a share of an ArrayBuffer that nothing touches, its weight:
 * V8 counts ArrayBuffers as external memory, so the collector runs, and the registry frees
 * blocks, at the pace it would for ordinary typed arrays of the same sizes. Buffers take
 * their shares of one WEIGHT_CHUNK after another (a buffer that big gets its own), because
 * an ArrayBuffer per buffer costs as much as the kernel that fills the buffer: the C
 * allocator hands out reused memory and clears it, where a chunk that size is mapped fresh
 * from the system. A chunk is collected with the last buffer that holds it.
 *
 * A WasmBuffer's `data` is a typed-array view re-made whenever memory has grown (growing
 * detaches every earlier view), so cpu-js kernels run on it unchanged.
 */
import type { DeviceBuffer } from "../../device.js";
import { dtypeOfTypedArray, newTypedArray, type DType, type TypedArray } from "../../dtype.js";
import { KitError } from "../../errors.js";
import { CpuBuffer } from "../cpu-js/buffer.js";
import { wasm } from "./module.js";

export const BYTES: Record<DType, number> = { float32: 4, float64: 8, int32: 4, bool: 1 };

/**
 * The most bytes of live buffers the heap holds; past it, buffers are typed arrays (see
 * above). A training step of hw2's CNN on 28×28 digits (minibatches of 100) leaves some
 * 100 MiB of garbage before its trainer yields, on top of what the last step's left.
 */
export const HEAP_BUDGET = 256 * 2 ** 20;
let live = 0;

function release(ptr: number, bytes: number): void {
  wasm.release(ptr);
  live -= bytes;
}

/** The size of the ArrayBuffers whose shares weigh buffers (see the file comment). */
const WEIGHT_CHUNK = 64 * 2 ** 20;
let chunk = new ArrayBuffer(0);
let chunkUsed = 0;

/** The ArrayBuffer that weighs a new buffer of `bytes`, counting its share as taken. */
function weight(bytes: number): ArrayBuffer {
  if (bytes >= WEIGHT_CHUNK) return new ArrayBuffer(bytes);
  if (chunkUsed + bytes > chunk.byteLength) {
    chunk = new ArrayBuffer(WEIGHT_CHUNK);
    chunkUsed = 0;
  }
  chunkUsed += bytes;
  return chunk;
}

const reclaim = new FinalizationRegistry<readonly [number, number]>(([ptr, bytes]) => release(ptr, bytes));

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

/** A buffer used after it was freed: one line saying which buffer (dtype and size). */
export class FreedBufferError extends KitError {
  constructor(buf: DeviceBuffer) {
    super("E_FREED", `the ${buf.dtype} buffer of ${buf.size} elements was freed`);
  }
}

export class WasmBuffer implements DeviceBuffer {
  #view: TypedArray;
  #freed = false;
  /** Only held: the external memory the collector sees for this buffer (see the file comment). */
  readonly #weight: ArrayBuffer;

  constructor(
    readonly dtype: DType,
    readonly size: number,
    /** Byte address of element 0 in the module's memory. */
    readonly ptr: number,
  ) {
    this.#view = viewOf(dtype, ptr, size);
    this.#weight = weight(size * BYTES[dtype]);
    if (size > 0) reclaim.register(this, [ptr, size * BYTES[dtype]], this);
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
      release(this.ptr, this.size * BYTES[this.dtype]);
    }
  }
}

/** A zero-filled buffer on the module's heap, or an ordinary typed array when the heap cannot hold it. */
export function alloc(size: number, dtype: DType): DeviceBuffer {
  return block(size, dtype, false);
}

/** A buffer whose contents are whatever the heap held (device.ts's allocResult): a kernel writes all of it next. */
export function allocResult(size: number, dtype: DType): DeviceBuffer {
  return block(size, dtype, true);
}

function block(size: number, dtype: DType, dirty: boolean): DeviceBuffer {
  const bytes = size * BYTES[dtype];
  if (size === 0) return new WasmBuffer(dtype, 0, 0);
  if (live + bytes <= HEAP_BUDGET) {
    const ptr = heapBlock(bytes, dirty);
    if (ptr !== undefined) {
      live += bytes;
      return new WasmBuffer(dtype, size, ptr);
    }
  }
  return new CpuBuffer(newTypedArray(dtype, size));
}

/** A block of the heap (zero-filled unless `dirty`), or undefined when memory cannot grow to hold it. */
export function heapBlock(bytes: number, dirty = false): number | undefined {
  try {
    return (dirty ? wasm.scratch(bytes) : wasm.alloc(bytes)) >>> 0;
  } catch (e) {
    if (e instanceof WebAssembly.RuntimeError) return undefined;
    throw e;
  }
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
