/**
 * The Node-API addon built from ndarray/native/ (binding.cc lists its exports, in KERNELS
 * order). Device memory is a bigint pointer; dtypes travel as codes (0 float32, 1 float64,
 * 2 int32, 3 bool); sizes in elements unless named `bytes`. Every function throws an Error
 * with `code: "E_CUDA"` and a message naming the kernel and the CUDA error on failure.
 */
import type { EwiseBinaryKernel, EwiseUnaryKernel, ReduceKernel, ScalarBinaryKernel } from "../../device.js";

export type Ptr = bigint;
export type DTypeCode = 0 | 1 | 2 | 3;

/** What `probe()` reports: the CUDA error of cudaGetDeviceCount, or the first device. */
export interface ProbeInfo {
  error: number;
  errorName: string;
  errorString: string;
  count: number;
  name: string;
  major: number;
  minor: number;
  totalMemory: number;
  driverVersion: number;
  runtimeVersion: number;
  /** True for the emulation build (kernels run as CPU loops). */
  emulated: boolean;
}

/** A kernel's launch configuration, and what CUDA says to it ("cudaSuccess" when it is valid). */
export interface LaunchInfo {
  grid: [number, number, number];
  block: [number, number, number];
  sharedBytes: number;
  error: string;
}

/** What the addon has done since it was loaded (ndarray/native/launchers.h, KitMemoryStats). */
export interface AddonStats {
  /** Kernels launched. */
  launches: number;
  /** cudaMalloc and cudaFree calls. */
  mallocs: number;
  frees: number;
  /** Blocks handed out again from the caching allocator, and blocks given back to it. */
  reuses: number;
  releases: number;
  /** Copies between host and device, and those staged through pinned buffers. */
  hostCopies: number;
  stagedCopies: number;
  /** Bytes in blocks handed out now, in free blocks kept for reuse, and the most ever handed out. */
  liveBytes: number;
  cachedBytes: number;
  peakBytes: number;
}

/** The kernels with a signature of their own, and the addon's probes. */
interface AddonFunctions {
  probe(): ProbeInfo;
  /** A block of `bytes` from the caching allocator, not zero-filled (its contents are whatever was there). */
  alloc(bytes: number): Ptr;
  fromTypedArray(data: ArrayBufferView): Ptr;
  toTypedArray(src: Ptr, target: ArrayBufferView): void;
  /** Gives the block back to the caching allocator (`bytes`: what alloc was asked for, for V8's external-memory count). */
  free(ptr: Ptr, bytes: number): void;
  fill(out: Ptr, dtype: DTypeCode, size: number, value: number): void;
  compact(a: Ptr, aDtype: DTypeCode, out: Ptr, outDtype: DTypeCode, shape: number[], strides: number[], offset: number, size: number): void;
  ewiseSetitem(a: Ptr, aDtype: DTypeCode, out: Ptr, outDtype: DTypeCode, shape: number[], strides: number[], offset: number, size: number): void;
  scalarSetitem(value: number, out: Ptr, outDtype: DTypeCode, shape: number[], strides: number[], offset: number, size: number): void;
  /** out[o, k, j] = a[o, indices[k], j] over compact a (outer × n × inner), int32 indices (count, each in [0, n)) and compact out. */
  take(a: Ptr, indices: Ptr, out: Ptr, dtype: DTypeCode, outer: number, n: number, count: number, inner: number): void;
  ewiseWhere(cond: Ptr, a: Ptr, b: Ptr, out: Ptr, dtype: DTypeCode, size: number): void;
  /** Running sums of each of `outer` rows of `r` elements, into `out` of the same dtype. */
  cumsum(a: Ptr, out: Ptr, dtype: DTypeCode, outer: number, r: number): void;
  /** The stable sort permutation of each of `outer` rows of `r` elements, into int32 `out`. */
  argsort(a: Ptr, out: Ptr, dtype: DTypeCode, outer: number, r: number): void;
  /** Operands read in place: each view is [batch, row, col, offset] (element (t, i, j) at offset + t·batch + i·row + j·col). */
  matmul(a: Ptr, b: Ptr, out: Ptr, dtype: DTypeCode, m: number, n: number, p: number, aView: number[], bView: number[]): void;
  matmulBatched(a: Ptr, b: Ptr, out: Ptr, dtype: DTypeCode, batch: number, m: number, n: number, p: number, aView: number[], bView: number[]): void;
  /** cudaDeviceSynchronize: surfaces an asynchronous kernel error now (KIT_CUDA_SYNC=1 calls it after every kernel). */
  synchronize(): void;
  stats(): AddonStats;
  /** Returns every block the caching allocator keeps to CUDA. */
  emptyCache(): void;
  /** The configuration matmul launches for `count` (at most 65535) stacked m×p outputs; it launches nothing. */
  matmulLaunch(dtype: DTypeCode, count: number, m: number, p: number): LaunchInfo;
  /**
   * Emulation build only: runs a kernel of 2 blocks × 64 threads that meets its barriers as
   * `mode` says (0 uniform, 1 half the threads skip, 2 some go round a barrier loop more
   * often, 3 barriers in the two arms of a branch, 4 a barrier in a launch without
   * barriers), writing 128 int32 to `out`; every mode but 0 fails with cudaErrorLaunchFailure.
   */
  divergentBarrier?(mode: number, out: Ptr): void;
  /**
   * Emulation build only: one block of 64 threads writes out[x] = __shfl_down_sync(full mask,
   * x², delta, width) into 64 int32; mode 1 has the odd lanes of the second warp skip the
   * shuffle, which fails with cudaErrorLaunchFailure.
   */
  warpShuffle?(mode: number, delta: number, width: number, out: Ptr): void;
}

/** The families of kernels the addon exports under their KERNELS key (`ewiseAdd`, `scalarLt`, `ewiseExp`, `reduceSum`). */
/** Element-wise inputs are read in place: the output's `shape`, and each input's strides over it and offset (inputs.ts). */
export type EwiseBinaryFn = (a: Ptr, b: Ptr, out: Ptr, dtype: DTypeCode, shape: number[], aStrides: number[], aOffset: number, bStrides: number[], bOffset: number) => void;
export type ScalarBinaryFn = (a: Ptr, value: number, out: Ptr, dtype: DTypeCode, shape: number[], aStrides: number[], aOffset: number) => void;
export type UnaryFn = (a: Ptr, out: Ptr, dtype: DTypeCode, shape: number[], aStrides: number[], aOffset: number) => void;
/** out[o] reduces the elements offset + walk(kept axes, o) + walk(reduced axes, j) of `a` (reduce.ts). */
export type ReduceFn = (a: Ptr, out: Ptr, dtype: DTypeCode, keptShape: number[], keptStrides: number[], reducedShape: number[], reducedStrides: number[], offset: number) => void;

/** The whole addon: one function per KERNELS entry (a family's entries share a signature) and the probes. */
export type CudaAddon = AddonFunctions & { readonly [K in EwiseBinaryKernel]: EwiseBinaryFn } & {
  readonly [K in ScalarBinaryKernel]: ScalarBinaryFn;
} & { readonly [K in EwiseUnaryKernel]: UnaryFn } & { readonly [K in ReduceKernel]: ReduceFn };
