/**
 * What every cuda kernel family shares for one device: the addon, loaded on first use (when
 * `enabled`, `reason` or a kernel is first touched, so importing the library never loads
 * CUDA), its memory, and the checks each kernel makes on its buffers before the launch.
 *
 * Kernel launches are asynchronous on a GPU: an error inside a kernel (an illegal address)
 * surfaces at the next copy to the host, under that copy's name. KIT_CUDA_SYNC=1 waits
 * after every kernel, so the error names the kernel that caused it.
 */
import type { DeviceBuffer, DeviceName } from "../../device.js";
import type { DType } from "../../dtype.js";
import { DeviceUnavailableError, DTypeError, ShapeError } from "../../errors.js";
import { CudaMemory } from "./buffer.js";
import { loadAddon, type AddonState, type Variant } from "./load.js";

const SYNC = typeof process !== "undefined" && process.env?.KIT_CUDA_SYNC === "1";

/** The device each addon variant makes: `cuda` on a GPU, `cuda-emulated` for the tests. */
export const CUDA_DEVICE_NAMES = { cuda: "cuda", emulated: "cuda-emulated" } as const satisfies Record<Variant, DeviceName>;

export type CudaDeviceName = (typeof CUDA_DEVICE_NAMES)[Variant];

export class CudaContext {
  readonly name: CudaDeviceName;
  private loaded?: { readonly state: AddonState; readonly memory?: CudaMemory };

  constructor(private readonly variant: Variant) {
    this.name = CUDA_DEVICE_NAMES[variant];
  }

  private load(): { readonly state: AddonState; readonly memory?: CudaMemory } {
    if (!this.loaded) {
      const state = loadAddon(this.variant);
      this.loaded = { state, memory: state.addon ? new CudaMemory(this.name, state.addon) : undefined };
    }
    return this.loaded;
  }

  get enabled(): boolean {
    return this.load().memory !== undefined;
  }

  get reason(): string | undefined {
    return this.load().state.reason;
  }

  /** The device's memory (and through it the addon); throws the reason when the device cannot run here. */
  memory(): CudaMemory {
    const l = this.load();
    if (!l.memory) throw new DeviceUnavailableError(this.name, l.state.reason ?? "unknown reason");
    return l.memory;
  }

  /** Called after every launch: waits for the kernel when KIT_CUDA_SYNC=1. */
  done(): void {
    if (SYNC) this.memory().addon.synchronize();
  }
}

export function prod(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function checkDType(op: string, buf: DeviceBuffer, want: DType, role: string): void {
  if (buf.dtype !== want) throw new DTypeError(op, `${role} must be ${want}, got ${buf.dtype} (the NDArray class casts before calling a kernel)`);
}

export function checkSize(op: string, buf: DeviceBuffer, want: number, role: string): void {
  if (buf.size !== want) throw new ShapeError(op, `${role} has ${buf.size} elements, expected ${want}`);
}

/** Every element of the view (shape, strides, offset) lies inside `buf`. */
export function checkReach(op: string, buf: DeviceBuffer, shape: readonly number[], strides: readonly number[], offset: number): void {
  if (shape.length !== strides.length) throw new ShapeError(op, `shape [${shape.join(",")}] and strides [${strides.join(",")}] differ in length`);
  if (prod(shape) === 0) return;
  let lo = offset;
  let hi = offset;
  shape.forEach((d, i) => {
    const reach = (d - 1) * strides[i];
    if (reach < 0) lo += reach;
    else hi += reach;
  });
  if (lo < 0 || hi >= buf.size) throw new ShapeError(op, `the view reaches elements ${lo}…${hi}, outside the buffer of ${buf.size}`);
}
