/** cpu buffers: a typed array of the buffer's dtype, plus the allocation kernels. */
import { dtypeOfTypedArray, newTypedArray, type DType, type TypedArray } from "../../dtype.js";
import type { DeviceBuffer } from "../../device.js";

export class CpuBuffer implements DeviceBuffer {
  readonly dtype: DType;
  constructor(readonly data: TypedArray) {
    this.dtype = dtypeOfTypedArray(data);
  }
  get size(): number {
    return this.data.length;
  }
}

/** The typed array behind a cpu buffer (every cpu kernel starts here). */
export function data(buf: DeviceBuffer): TypedArray {
  return (buf as CpuBuffer).data;
}

export function alloc(size: number, dtype: DType): DeviceBuffer {
  return new CpuBuffer(newTypedArray(dtype, size));
}

export function fromTypedArray(src: TypedArray): DeviceBuffer {
  return new CpuBuffer(src.slice());
}

export function toTypedArray(buf: DeviceBuffer): TypedArray {
  return data(buf).slice();
}

/** Nothing to release: the garbage collector owns cpu memory. */
export function free(): void {}

export function fill(out: DeviceBuffer, value: number): void {
  const o = data(out);
  o.fill(out.dtype === "bool" ? (value !== 0 ? 1 : 0) : value);
}
