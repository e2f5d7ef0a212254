/**
 * A cuda Device over one addon variant: the kernel table of device.ts, each entry checking
 * its buffers (device, dtype, size, not freed) and calling the addon's kernel of the same
 * name. The addon is loaded on first use (when `enabled`, `reason` or a kernel is first
 * touched), so importing the library never loads CUDA.
 *
 * Kernel launches are asynchronous on a GPU: an error inside a kernel (an illegal address)
 * surfaces at the next copy to the host, under that copy's name. KIT_CUDA_SYNC=1 waits
 * after every kernel, so the error names the kernel that caused it.
 */
import {
  BINARY_OPS,
  COMPARE_OPS,
  REDUCE_OPS,
  UNARY_OPS,
  type Device,
  type DeviceBuffer,
  type EwiseBinaryKernel,
  type EwiseUnaryKernel,
  type ReduceKernel,
  type ScalarBinaryKernel,
} from "../../device.js";
import type { DType, TypedArray } from "../../dtype.js";
import { DeviceUnavailableError, DTypeError, ShapeError, ValueError } from "../../errors.js";
import type { CudaAddon, EwiseBinaryFn, ReduceFn, ScalarBinaryFn, UnaryFn } from "./addon.js";
import { CudaMemory, DTYPE_CODES } from "./buffer.js";
import { loadAddon, type AddonState, type Variant } from "./load.js";

/** At most this many axes reach a strided kernel, after merging axes that are contiguous together. */
const MAX_DIMS = 8;

const SYNC = typeof process !== "undefined" && process.env?.KIT_CUDA_SYNC === "1";

/**
 * The view (shape, strides) with size-1 axes dropped and each axis merged into the one
 * before it when the two walk memory as one axis; at most MAX_DIMS axes remain or it throws.
 */
export function mergeAxes(op: string, shape: readonly number[], strides: readonly number[]): [number[], number[]] {
  const s: number[] = [];
  const st: number[] = [];
  shape.forEach((d, i) => {
    if (d === 1) return;
    const last = s.length - 1;
    if (last >= 0 && st[last] === strides[i] * d) {
      s[last] *= d;
      st[last] = strides[i];
    } else {
      s.push(d);
      st.push(strides[i]);
    }
  });
  if (s.length > MAX_DIMS) {
    throw new ValueError(op, `the cuda device takes strided views of at most ${MAX_DIMS} axes after merging contiguous ones; shape [${shape.join(",")}] with strides [${strides.join(",")}] has ${s.length}; compact() it in steps`);
  }
  return [s, st];
}

function prod(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

export function makeCudaDevice(name: Device["name"], variant: Variant): Device {
  let loaded: { state: AddonState; memory?: CudaMemory } | undefined;
  const load = () => {
    if (!loaded) {
      const state = loadAddon(variant);
      loaded = { state, memory: state.addon ? new CudaMemory(name, state.addon) : undefined };
    }
    return loaded;
  };
  const memory = (): CudaMemory => {
    const l = load();
    if (!l.memory) throw new DeviceUnavailableError(name, l.state.reason ?? "unknown reason");
    return l.memory;
  };
  const done = (addon: CudaAddon) => {
    if (SYNC) addon.synchronize();
  };

  const checkDType = (op: string, buf: DeviceBuffer, want: DType, role: string) => {
    if (buf.dtype !== want) throw new DTypeError(op, `${role} must be ${want}, got ${buf.dtype} (the NDArray class casts before calling a kernel)`);
  };
  const checkSize = (op: string, buf: DeviceBuffer, want: number, role: string) => {
    if (buf.size !== want) throw new ShapeError(op, `${role} has ${buf.size} elements, expected ${want}`);
  };
  /** Every element of the view (shape, strides, offset) lies inside `buf`. */
  const checkReach = (op: string, buf: DeviceBuffer, shape: readonly number[], strides: readonly number[], offset: number) => {
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
  };

  const strided = (op: "compact" | "ewiseSetitem") =>
    (a: DeviceBuffer, out: DeviceBuffer, shape: readonly number[], strides: readonly number[], offset: number): void => {
      const m = memory();
      const [pa, po] = [m.ptr(op, a), m.ptr(op, out)];
      const size = prod(shape);
      const view = op === "compact" ? a : out;
      const dense = op === "compact" ? out : a;
      checkReach(op, view, shape, strides, offset);
      checkSize(op, dense, size, op === "compact" ? "out" : "a");
      if (size === 0) return;
      const [s, st] = mergeAxes(op, shape, strides);
      m.addon[op](pa, DTYPE_CODES[a.dtype], po, DTYPE_CODES[out.dtype], s, st, offset, size);
      done(m.addon);
    };

  const ewiseBinary = (op: EwiseBinaryKernel, compare: boolean) => (a: DeviceBuffer, b: DeviceBuffer, out: DeviceBuffer): void => {
    const m = memory();
    const [pa, pb, po] = [m.ptr(op, a), m.ptr(op, b), m.ptr(op, out)];
    checkDType(op, b, a.dtype, "b");
    checkDType(op, out, compare ? "bool" : a.dtype, "out");
    checkSize(op, a, out.size, "a");
    checkSize(op, b, out.size, "b");
    if (out.size === 0) return;
    (m.addon as unknown as Record<string, EwiseBinaryFn>)[op](pa, pb, po, DTYPE_CODES[a.dtype], out.size);
    done(m.addon);
  };

  const scalarBinary = (op: ScalarBinaryKernel, compare: boolean) => (a: DeviceBuffer, value: number, out: DeviceBuffer): void => {
    const m = memory();
    const [pa, po] = [m.ptr(op, a), m.ptr(op, out)];
    checkDType(op, out, compare ? "bool" : a.dtype, "out");
    checkSize(op, a, out.size, "a");
    if (out.size === 0) return;
    (m.addon as unknown as Record<string, ScalarBinaryFn>)[op](pa, value, po, DTYPE_CODES[a.dtype], out.size);
    done(m.addon);
  };

  const unary = (op: EwiseUnaryKernel) => (a: DeviceBuffer, out: DeviceBuffer): void => {
    const m = memory();
    const [pa, po] = [m.ptr(op, a), m.ptr(op, out)];
    checkDType(op, out, a.dtype, "out");
    checkSize(op, a, out.size, "a");
    if (out.size === 0) return;
    (m.addon as unknown as Record<string, UnaryFn>)[op](pa, po, DTYPE_CODES[a.dtype], out.size);
    done(m.addon);
  };

  const reduce = (op: ReduceKernel) => (a: DeviceBuffer, out: DeviceBuffer, r: number): void => {
    const m = memory();
    const [pa, po] = [m.ptr(op, a), m.ptr(op, out)];
    const arg = op === "reduceArgmax" || op === "reduceArgmin";
    checkDType(op, out, arg ? "int32" : a.dtype, "out");
    checkSize(op, a, out.size * r, "a");
    if (out.size === 0) return;
    (m.addon as unknown as Record<string, ReduceFn>)[op](pa, po, DTYPE_CODES[a.dtype], out.size, r);
    done(m.addon);
  };

  const matmulBatched = (a: DeviceBuffer, b: DeviceBuffer, out: DeviceBuffer, batch: number, m: number, n: number, p: number): void => {
    const op = batch === 1 ? "matmul" : "matmulBatched";
    const mem = memory();
    const [pa, pb, po] = [mem.ptr(op, a), mem.ptr(op, b), mem.ptr(op, out)];
    checkDType(op, b, a.dtype, "b");
    checkDType(op, out, a.dtype, "out");
    checkSize(op, a, batch * m * n, "a");
    checkSize(op, b, batch * n * p, "b");
    checkSize(op, out, batch * m * p, "out");
    if (out.size === 0) return;
    if (batch === 1) mem.addon.matmul(pa, pb, po, DTYPE_CODES[a.dtype], m, n, p);
    else mem.addon.matmulBatched(pa, pb, po, DTYPE_CODES[a.dtype], batch, m, n, p);
    done(mem.addon);
  };

  const table = <K extends string, F>(keys: readonly K[], make: (k: K) => F) =>
    Object.fromEntries(keys.map((k) => [k, make(k)])) as Record<K, F>;

  const device: Device = {
    name,
    get enabled() {
      return load().memory !== undefined;
    },
    get reason() {
      return load().state.reason;
    },

    alloc: (size: number, dtype: DType) => memory().alloc(size, dtype),
    fromTypedArray: (data: TypedArray) => memory().fromTypedArray(data),
    toTypedArray: (buf: DeviceBuffer) => memory().toTypedArray(buf),
    free: (buf: DeviceBuffer) => memory().free(buf),
    fill(out: DeviceBuffer, value: number): void {
      const m = memory();
      const po = m.ptr("fill", out);
      if (out.size === 0) return;
      m.addon.fill(po, DTYPE_CODES[out.dtype], out.size, value);
      done(m.addon);
    },

    compact: strided("compact"),
    ewiseSetitem: strided("ewiseSetitem"),
    scalarSetitem(value: number, out: DeviceBuffer, shape: readonly number[], strides: readonly number[], offset: number): void {
      const m = memory();
      const po = m.ptr("scalarSetitem", out);
      checkReach("scalarSetitem", out, shape, strides, offset);
      const size = prod(shape);
      if (size === 0) return;
      const [s, st] = mergeAxes("scalarSetitem", shape, strides);
      m.addon.scalarSetitem(value, po, DTYPE_CODES[out.dtype], s, st, offset, size);
      done(m.addon);
    },

    ...table(BINARY_OPS.map((o) => `ewise${o}` as const), (k) => ewiseBinary(k, false)),
    ...table(COMPARE_OPS.map((o) => `ewise${o}` as const), (k) => ewiseBinary(k, true)),
    ...table(BINARY_OPS.map((o) => `scalar${o}` as const), (k) => scalarBinary(k, false)),
    ...table(COMPARE_OPS.map((o) => `scalar${o}` as const), (k) => scalarBinary(k, true)),
    ...table(UNARY_OPS.map((o) => `ewise${o}` as const), unary),

    ewiseWhere(cond: DeviceBuffer, a: DeviceBuffer, b: DeviceBuffer, out: DeviceBuffer): void {
      const m = memory();
      const [pc, pa, pb, po] = [m.ptr("ewiseWhere", cond), m.ptr("ewiseWhere", a), m.ptr("ewiseWhere", b), m.ptr("ewiseWhere", out)];
      checkDType("ewiseWhere", cond, "bool", "cond");
      checkDType("ewiseWhere", a, out.dtype, "a");
      checkDType("ewiseWhere", b, out.dtype, "b");
      for (const [buf, role] of [[cond, "cond"], [a, "a"], [b, "b"]] as const) checkSize("ewiseWhere", buf, out.size, role);
      if (out.size === 0) return;
      m.addon.ewiseWhere(pc, pa, pb, po, DTYPE_CODES[out.dtype], out.size);
      done(m.addon);
    },

    ...table(REDUCE_OPS.map((o) => `reduce${o}` as const), reduce),

    matmul: (a: DeviceBuffer, b: DeviceBuffer, out: DeviceBuffer, m: number, n: number, p: number) => matmulBatched(a, b, out, 1, m, n, p),
    matmulBatched,
  };
  return device;
}
