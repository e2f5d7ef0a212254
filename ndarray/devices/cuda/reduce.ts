/**
 * Reductions: `reduceSum`, `reduceProd`, `reduceMax`, `reduceMin` into `out` of the input's
 * dtype, `reduceArgmax`/`reduceArgmin` into int32. The input is read where it lies through
 * the NDArray class's view (its last `reduced` axes are reduced), so a sum over axis 0 or
 * over a transposed array copies nothing first; the kept and the reduced axes each reach
 * the addon merged where they walk memory as one.
 */
import type { Device, DeviceBuffer, ReduceKernel, ReduceView } from "../../device.js";
import type { DType } from "../../dtype.js";
import { ValueError } from "../../errors.js";
import { DTYPE_CODES } from "./buffer.js";
import { checkDType, checkReach, checkSize, prod, type CudaContext } from "./context.js";
import { mergeRuns } from "./strided.js";

/** At most this many kept and this many reduced axes, after merging (KIT_MAX_DIMS). */
const MAX_DIMS = 8;

/** The axes merged where they walk memory as one (strided.ts), at most MAX_DIMS of them. */
function merged(op: string, shape: readonly number[], strides: readonly number[]): [number[], number[]] {
  const [s, st] = mergeRuns(shape, strides);
  if (s.length > MAX_DIMS) throw new ValueError(op, `the cuda device reduces views of at most ${MAX_DIMS} kept and ${MAX_DIMS} reduced axes after merging; shape [${shape.join(",")}] has more; compact() it first`);
  return [s, st];
}

/** The reduction kernels of the device behind `ctx`. */
export function reduceKernels(ctx: CudaContext) {
  const reduce = (op: ReduceKernel, outDType: (a: DType) => DType) => (a: DeviceBuffer, out: DeviceBuffer, r: number, view?: ReduceView): void => {
    const m = ctx.memory();
    const [pa, po] = [m.read(op, a), m.write(op, out)];
    checkDType(op, out, outDType(a.dtype), "out");
    const v = view ?? { shape: [out.size, r], strides: [r, 1], offset: 0, reduced: 1 };
    const split = v.shape.length - v.reduced;
    checkSize(op, out, prod(v.shape.slice(0, split)), "out");
    if (prod(v.shape.slice(split)) !== r) throw new ValueError(op, `the view reduces ${prod(v.shape.slice(split))} elements a row, not ${r}`);
    if (!view) checkSize(op, a, out.size * r, "a");
    if (out.size === 0) return;
    if (r > 0) checkReach(op, a, v.shape, v.strides, v.offset);
    const [keptShape, keptStrides] = merged(op, v.shape.slice(0, split), v.strides.slice(0, split));
    const [reducedShape, reducedStrides] = r === 0 ? [[0], [1]] : merged(op, v.shape.slice(split), v.strides.slice(split));
    m.addon[op](pa, po, DTYPE_CODES[a.dtype], keptShape, keptStrides, reducedShape, reducedStrides, v.offset);
    ctx.done();
  };
  const same = (dtype: DType) => dtype;
  const index = (): DType => "int32";
  return {
    reduceSum: reduce("reduceSum", same),
    reduceProd: reduce("reduceProd", same),
    reduceMax: reduce("reduceMax", same),
    reduceMin: reduce("reduceMin", same),
    reduceArgmax: reduce("reduceArgmax", index),
    reduceArgmin: reduce("reduceArgmin", index),
  } satisfies Pick<Device, ReduceKernel>;
}
