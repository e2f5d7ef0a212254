/**
 * Strided kernels: `compact` (a strided view into a compact buffer, casting on the way),
 * `ewiseSetitem` and `scalarSetitem` (into a strided view). The view reaches the addon with
 * contiguous axes merged, so most views need one or two axes of index arithmetic.
 */
import type { Device, DeviceBuffer } from "../../device.js";
import { ValueError } from "../../errors.js";
import { DTYPE_CODES } from "./buffer.js";
import { checkReach, checkSize, prod, type CudaContext } from "./context.js";

/** At most this many axes reach a strided kernel, after merging axes that are contiguous together. */
const MAX_DIMS = 8;

/** The view (shape, strides) with size-1 axes dropped and each axis merged into the one before it when the two walk memory as one axis. */
export function mergeRuns(shape: readonly number[], strides: readonly number[]): [number[], number[]] {
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
  return [s, st];
}

/** `mergeRuns`, refusing a view that keeps more than MAX_DIMS axes. */
export function mergeAxes(op: string, shape: readonly number[], strides: readonly number[]): [number[], number[]] {
  const [s, st] = mergeRuns(shape, strides);
  if (s.length > MAX_DIMS) {
    throw new ValueError(op, `the cuda device takes strided views of at most ${MAX_DIMS} axes after merging contiguous ones; shape [${shape.join(",")}] with strides [${strides.join(",")}] has ${s.length}; compact() it in steps`);
  }
  return [s, st];
}

/** Whether the merged view (shape, strides, offset) is every element of `buf` in order, so writing it leaves nothing of what was there. */
function coversAll(buf: DeviceBuffer, shape: readonly number[], strides: readonly number[], offset: number): boolean {
  return offset === 0 && prod(shape) === buf.size && shape.length <= 1 && (shape.length === 0 || strides[0] === 1);
}

/** The strided kernels of the device behind `ctx`. */
export function stridedKernels(ctx: CudaContext) {
  /** `compact` reads the view from `a` into compact `out`; `ewiseSetitem` writes compact `a` into the view of `out`. */
  const copy =
    (op: "compact" | "ewiseSetitem") =>
    (a: DeviceBuffer, out: DeviceBuffer, shape: readonly number[], strides: readonly number[], offset: number): void => {
      const m = ctx.memory();
      m.ptr(op, out);
      const pa = m.read(op, a);
      const size = prod(shape);
      const [view, dense] = op === "compact" ? [a, out] : [out, a];
      checkReach(op, view, shape, strides, offset);
      checkSize(op, dense, size, op === "compact" ? "out" : "a");
      if (size === 0) return;
      const [s, st] = mergeAxes(op, shape, strides);
      const po = op === "compact" || coversAll(out, s, st, offset) ? m.write(op, out) : m.read(op, out);
      m.addon[op](pa, DTYPE_CODES[a.dtype], po, DTYPE_CODES[out.dtype], s, st, offset, size);
      ctx.done();
    };

  return {
    compact: copy("compact"),
    ewiseSetitem: copy("ewiseSetitem"),
    scalarSetitem(value: number, out: DeviceBuffer, shape: readonly number[], strides: readonly number[], offset: number): void {
      const m = ctx.memory();
      m.ptr("scalarSetitem", out);
      checkReach("scalarSetitem", out, shape, strides, offset);
      const size = prod(shape);
      if (size === 0) return;
      const [s, st] = mergeAxes("scalarSetitem", shape, strides);
      const po = coversAll(out, s, st, offset) ? m.write("scalarSetitem", out) : m.read("scalarSetitem", out);
      m.addon.scalarSetitem(value, po, DTYPE_CODES[out.dtype], s, st, offset, size);
      ctx.done();
    },
  } satisfies Pick<Device, "compact" | "ewiseSetitem" | "scalarSetitem">;
}
