/**
 * The kernel table: the closed list of operations a device runs over flat buffers.
 *
 * The NDArray class does every piece of shape and stride logic; a device never sees a
 * view, only buffers plus the plain numbers a kernel needs (sizes, shapes, strides,
 * offsets). Unless a kernel says otherwise, its inputs are compact (row-major, no gaps)
 * and of the same dtype as `out`; the NDArray class casts and compacts before calling.
 * Kernels always write into `out`, which the caller allocated.
 *
 * A device may read some kernels' inputs in place instead: those named in its
 * `readsViews` get, after their usual arguments, the view of each input (shape, strides,
 * offset), so a broadcast, transposed or permuted operand is never copied first. The
 * NDArray class passes views only to those kernels; every other call is as above.
 *
 * Naming chain: `a.add(b)` → `ewiseAdd`, `a.add(2)` → `scalarAdd`, `a.sum(axis)` →
 * `reduceSum`, `a.cumsum(axis)` → `cumsum`, `a.argsort(axis)` → `argsort`, `a.take(i, axis)`
 * → `take`; the CUDA addon exports the same names (C++ `EwiseAdd` → `EwiseAddKernel`,
 * `Cumsum` → `CumsumKernel`, `Take` → `TakeKernel`).
 */
import type { DType, TypedArray } from "./dtype.js";

/** A block of device memory holding `size` elements of `dtype`. */
export interface DeviceBuffer {
  readonly dtype: DType;
  readonly size: number;
}

/** Binary element-wise ops: `out[i] = a[i] op b[i]` (`ewise*`) or `out[i] = a[i] op s` (`scalar*`). */
export const BINARY_OPS = [
  "Add",
  "Sub",
  "Mul",
  "Div",
  "Pow",
  "Maximum",
  "Minimum",
] as const;
/** Comparisons: like binary ops, but `out` is a bool buffer (1 where true, 0 where false). */
export const COMPARE_OPS = ["Eq", "Ne", "Lt", "Le", "Gt", "Ge"] as const;
/** Unary element-wise ops: `out[i] = f(a[i])`. */
export const UNARY_OPS = [
  "Neg",
  "Abs",
  "Sign",
  "Exp",
  "Log",
  "Sqrt",
  "Tanh",
  "Sin",
  "Cos",
  "Erf",
] as const;
/** Reductions over the last axis of a compact (outer × reduceSize) input. */
export const REDUCE_OPS = ["Sum", "Prod", "Max", "Min", "Argmax", "Argmin"] as const;

export type BinaryOp = (typeof BINARY_OPS)[number];
export type CompareOp = (typeof COMPARE_OPS)[number];
export type UnaryOp = (typeof UNARY_OPS)[number];
export type ReduceOp = (typeof REDUCE_OPS)[number];

export type EwiseBinaryKernel = `ewise${BinaryOp | CompareOp}`;
export type ScalarBinaryKernel = `scalar${BinaryOp | CompareOp}`;
export type EwiseUnaryKernel = `ewise${UnaryOp}`;
export type ReduceKernel = `reduce${ReduceOp}`;

const prefixed = <P extends string, S extends string>(p: P, names: readonly S[]) =>
  names.map((n) => `${p}${n}` as `${P}${S}`);

/** Every kernel a device must implement, in the order the CUDA addon exports them. */
export const KERNELS = [
  "alloc",
  "fromTypedArray",
  "toTypedArray",
  "free",
  "fill",
  "compact",
  "ewiseSetitem",
  "scalarSetitem",
  "take",
  ...prefixed("ewise", [...BINARY_OPS, ...COMPARE_OPS]),
  ...prefixed("scalar", [...BINARY_OPS, ...COMPARE_OPS]),
  ...prefixed("ewise", UNARY_OPS),
  "ewiseWhere",
  ...prefixed("reduce", REDUCE_OPS),
  "cumsum",
  "argsort",
  "matmul",
  "matmulBatched",
] as const;
export type KernelName = (typeof KERNELS)[number];

/**
 * How a kernel reads an input in place: element (i₀, …, iₖ) of `shape` is at
 * `offset + Σ iⱼ·strides[j]` of the buffer (a stride 0 repeats, a negative one reverses).
 */
export interface InputView {
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
}

/** A reduction's input view: its last `reduced` axes are the ones reduced, the others index `out`. */
export interface ReduceView extends InputView {
  readonly reduced: number;
}

/** A matmul operand in place: element (t, i, j) of the batch of matrices is at `offset + t·batch + i·row + j·col`. */
export interface MatrixView {
  readonly batch: number;
  readonly row: number;
  readonly col: number;
  readonly offset: number;
}

type EwiseBinaryFn = (a: DeviceBuffer, b: DeviceBuffer, out: DeviceBuffer, views?: readonly [InputView, InputView]) => void;
type ScalarBinaryFn = (a: DeviceBuffer, value: number, out: DeviceBuffer, view?: InputView) => void;
type UnaryFn = (a: DeviceBuffer, out: DeviceBuffer, view?: InputView) => void;
type ReduceFn = (a: DeviceBuffer, out: DeviceBuffer, reduceSize: number, view?: ReduceView) => void;

/**
 * The devices by name: `cpu` and `cuda` are the ones a user picks (`--device`); `cpu-js`
 * runs the plain-TypeScript reference kernels (what `cpu` runs in WebAssembly) and
 * `cuda-emulated` the CUDA kernels as CPU loops, for the kit's own tests and benchmarks.
 */
export type DeviceName = "cpu" | "cpu-js" | "cuda" | "cuda-emulated";

/**
 * A device: a name, whether it can run here (and why not), and one function per kernel.
 * Arithmetic kernels take `a`, `b` and `out` of one dtype; comparisons write a bool `out`;
 * `reduceArgmax`/`reduceArgmin` write an int32 `out`.
 */
export type Device = {
  readonly name: DeviceName;
  /** False when the device cannot run here; `reason` then says why. */
  readonly enabled: boolean;
  readonly reason?: string;
  /** The kernels that take their inputs' views (see the file comment); none when absent. */
  readonly readsViews?: ReadonlySet<KernelName>;

  /** A fresh buffer of `size` elements of `dtype`, zero-filled. */
  alloc(size: number, dtype: DType): DeviceBuffer;
  /**
   * A fresh buffer for a kernel to overwrite entirely, its contents unspecified until then
   * (clearing memory every element of which is about to be written costs as much as a
   * cheap kernel). Optional: `alloc` serves when a device has none.
   */
  allocResult?(size: number, dtype: DType): DeviceBuffer;
  /** A fresh buffer holding a copy of `data` (its dtype is the typed array's). */
  fromTypedArray(data: TypedArray): DeviceBuffer;
  /** A host copy of the whole buffer. */
  toTypedArray(buf: DeviceBuffer): TypedArray;
  /** Releases device memory now (a no-op on cpu, where the garbage collector does it). */
  free(buf: DeviceBuffer): void;
  /** out[i] = value for every i. */
  fill(out: DeviceBuffer, value: number): void;
  /**
   * Copies the strided view (shape, strides, offset) of `a` into compact `out`, converting
   * to `out.dtype` when it differs from `a.dtype` (this is also how arrays are cast).
   */
  compact(
    a: DeviceBuffer,
    out: DeviceBuffer,
    shape: readonly number[],
    strides: readonly number[],
    offset: number,
  ): void;
  /** Writes compact `a` into the strided view (shape, strides, offset) of `out`, casting to `out.dtype`. */
  ewiseSetitem(
    a: DeviceBuffer,
    out: DeviceBuffer,
    shape: readonly number[],
    strides: readonly number[],
    offset: number,
  ): void;
  /** Writes `value` into every element of the strided view (shape, strides, offset) of `out`. */
  scalarSetitem(
    value: number,
    out: DeviceBuffer,
    shape: readonly number[],
    strides: readonly number[],
    offset: number,
  ): void;
  /**
   * Gathers along the middle axis of a compact (outer × n × inner) `a`: compact `out`
   * (outer × count × inner, a's dtype) gets out[o, k, j] = a[o, indices[k], j], where
   * `indices` is an int32 buffer of `count` entries, each in [0, n) (the NDArray class
   * checks them and wraps negative ones first). One call for the whole gather.
   */
  take(a: DeviceBuffer, indices: DeviceBuffer, out: DeviceBuffer, n: number, inner: number): void;
  /** out[i] = cond[i] ? a[i] : b[i]; `cond` is bool, `a`, `b` and `out` share one dtype. */
  ewiseWhere(cond: DeviceBuffer, a: DeviceBuffer, b: DeviceBuffer, out: DeviceBuffer): void;
  /**
   * Running sums along the last axis of a compact (outer × r) input: out[i, j] = a[i, 0] + … + a[i, j],
   * accumulated in float64 from the first element whatever the dtype; `out` has the input's shape and dtype.
   */
  cumsum(a: DeviceBuffer, out: DeviceBuffer, r: number): void;
  /**
   * The stable ascending sort permutation of each row of a compact (outer × r) input: int32
   * `out[i, k]` is the index of the k-th smallest element of row i, ties in index order, NaN last.
   */
  argsort(a: DeviceBuffer, out: DeviceBuffer, r: number): void;
  /** out (m×p) = a (m×n) · b (n×p), all compact, row-major (or read through `views`). */
  matmul(a: DeviceBuffer, b: DeviceBuffer, out: DeviceBuffer, m: number, n: number, p: number, views?: readonly [MatrixView, MatrixView]): void;
  /** For each of `batch` stacked matrices: out[t] (m×p) = a[t] (m×n) · b[t] (n×p). */
  matmulBatched(
    a: DeviceBuffer,
    b: DeviceBuffer,
    out: DeviceBuffer,
    batch: number,
    m: number,
    n: number,
    p: number,
    views?: readonly [MatrixView, MatrixView],
  ): void;
} & { readonly [K in EwiseBinaryKernel]: EwiseBinaryFn } & {
  readonly [K in ScalarBinaryKernel]: ScalarBinaryFn;
} & { readonly [K in EwiseUnaryKernel]: UnaryFn } & { readonly [K in ReduceKernel]: ReduceFn };
