/**
 * cuda buffers: device memory behind a `DeviceBuffer`, its release, and the buffer kernels
 * (alloc, the host copies, free, fill).
 *
 * `alloc` promises a zero-filled buffer, but nearly every buffer it makes is the output of
 * the kernel called next, which writes all of it: a zero-fill there would only add a third
 * to an add's memory traffic. So the zeros are owed, not written: a buffer fresh from
 * `alloc` is `zeroOwed`, and the first use pays the debt or cancels it. A kernel that reads
 * it (`read`), or writes only part of it (`readWrite`: a set-item into a view), fills it
 * with zeros first; a kernel that writes every element (`write`) cancels the debt; a host
 * copy of it is zeros without touching the device.
 *
 * Release is deterministic when asked for (`device.free(buf)` or `buf.dispose()`) and
 * otherwise happens when the garbage collector reclaims the buffer object (a
 * FinalizationRegistry calls the addon's free). The addon reports every allocation to V8
 * as external memory, so device memory in use pushes the collector to run.
 */
import type { Device, DeviceBuffer } from "../../device.js";
import { dtypeOfTypedArray, typedArrayFor, type DType, type TypedArray } from "../../dtype.js";
import { ValueError } from "../../errors.js";
import type { CudaAddon, DTypeCode, Ptr } from "./addon.js";
import type { CudaContext } from "./context.js";

export const DTYPE_CODES: Record<DType, DTypeCode> = { float32: 0, float64: 1, int32: 2, bool: 3 };
export const ITEM_BYTES: Record<DType, number> = { float32: 4, float64: 8, int32: 4, bool: 1 };

export class CudaBuffer implements DeviceBuffer {
  /** The device pointer (0n for an empty buffer); meaningless once `freed`. */
  ptr: Ptr;
  freed = false;
  /** Holds whatever the allocator's block held, where `alloc` promised zeros (see the file comment). */
  zeroOwed = false;

  constructor(
    readonly dtype: DType,
    readonly size: number,
    ptr: Ptr,
    readonly memory: CudaMemory,
  ) {
    this.ptr = ptr;
  }

  get bytes(): number {
    return this.size * ITEM_BYTES[this.dtype];
  }

  /** Releases the device memory now; using the buffer afterwards is an error. Idempotent. */
  dispose(): void {
    this.memory.free(this);
  }
}

interface Held {
  readonly addon: CudaAddon;
  readonly ptr: Ptr;
  readonly bytes: number;
}

/** The memory of one device (one loaded addon): allocation, copies, release, checks. */
export class CudaMemory {
  private readonly registry = new FinalizationRegistry<Held>((held) => {
    try {
      held.addon.free(held.ptr, held.bytes);
    } catch {
      // A finalizer has nobody to report to; the error would surface on the next kernel.
    }
  });

  constructor(
    readonly deviceName: string,
    readonly addon: CudaAddon,
  ) {}

  private track(buf: CudaBuffer): CudaBuffer {
    if (buf.bytes > 0) this.registry.register(buf, { addon: this.addon, ptr: buf.ptr, bytes: buf.bytes }, buf);
    return buf;
  }

  alloc(size: number, dtype: DType): CudaBuffer {
    if (!Number.isInteger(size) || size < 0) throw new ValueError("alloc", `size must be a non-negative integer, got ${size}`);
    const buf = this.track(new CudaBuffer(dtype, size, this.addon.alloc(size * ITEM_BYTES[dtype]), this));
    buf.zeroOwed = size > 0;
    return buf;
  }

  fromTypedArray(data: TypedArray): CudaBuffer {
    return this.track(new CudaBuffer(dtypeOfTypedArray(data), data.length, this.addon.fromTypedArray(data), this));
  }

  toTypedArray(buf: DeviceBuffer): TypedArray {
    const src = this.ptr("toTypedArray", buf);
    const out = typedArrayFor(buf.dtype, buf.size);
    if (buf.size > 0 && !this.own("toTypedArray", buf).zeroOwed) this.addon.toTypedArray(src, out);
    return out;
  }

  free(buf: DeviceBuffer): void {
    const b = this.own("free", buf);
    if (b.freed) return;
    b.freed = true;
    this.registry.unregister(b);
    if (b.bytes > 0) this.addon.free(b.ptr, b.bytes);
  }

  private own(op: string, buf: DeviceBuffer): CudaBuffer {
    if (!(buf instanceof CudaBuffer) || buf.memory !== this) {
      throw new ValueError(op, `expected a buffer of device ${this.deviceName}, got ${buf instanceof CudaBuffer ? `one of ${buf.memory.deviceName}` : "a buffer of another device"}; move arrays with .to(device)`);
    }
    return buf;
  }

  /** The device pointer of a live buffer of this device (the check every kernel makes). */
  ptr(op: string, buf: DeviceBuffer): Ptr {
    return this.live(op, buf).ptr;
  }

  private live(op: string, buf: DeviceBuffer): CudaBuffer {
    const b = this.own(op, buf);
    if (b.freed) throw new ValueError(op, `the ${b.dtype} buffer of ${b.size} elements was freed (device.free or dispose()); it cannot be used any more`);
    return b;
  }

  /** The pointer of a buffer a kernel reads (or writes only part of): owed zeros are written first. */
  read(op: string, buf: DeviceBuffer): Ptr {
    const b = this.live(op, buf);
    if (b.zeroOwed) {
      b.zeroOwed = false;
      this.addon.fill(b.ptr, DTYPE_CODES[b.dtype], b.size, 0);
    }
    return b.ptr;
  }

  /** The pointer of a buffer a kernel writes every element of: owed zeros are no longer owed. */
  write(op: string, buf: DeviceBuffer): Ptr {
    const b = this.live(op, buf);
    b.zeroOwed = false;
    return b.ptr;
  }
}

/** The buffer kernels of the device behind `ctx`. */
export function bufferKernels(ctx: CudaContext) {
  return {
    alloc: (size: number, dtype: DType) => ctx.memory().alloc(size, dtype),
    fromTypedArray: (data: TypedArray) => ctx.memory().fromTypedArray(data),
    toTypedArray: (buf: DeviceBuffer) => ctx.memory().toTypedArray(buf),
    free: (buf: DeviceBuffer) => ctx.memory().free(buf),
    fill(out: DeviceBuffer, value: number): void {
      const m = ctx.memory();
      const po = m.write("fill", out);
      if (out.size === 0) return;
      m.addon.fill(po, DTYPE_CODES[out.dtype], out.size, value);
      ctx.done();
    },
  } satisfies Pick<Device, "alloc" | "fromTypedArray" | "toTypedArray" | "free" | "fill">;
}
