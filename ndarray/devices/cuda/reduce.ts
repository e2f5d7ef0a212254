/**
 * Reductions over the last axis of a compact (outer × r) buffer: `reduceSum`, `reduceProd`,
 * `reduceMax`, `reduceMin` into `out` of the input's dtype, `reduceArgmax`/`reduceArgmin` into int32.
 */
import type { Device, DeviceBuffer, ReduceKernel } from "../../device.js";
import type { DType } from "../../dtype.js";
import { DTYPE_CODES } from "./buffer.js";
import { checkDType, checkSize, type CudaContext } from "./context.js";

/** The reduction kernels of the device behind `ctx`. */
export function reduceKernels(ctx: CudaContext) {
  const reduce = (op: ReduceKernel, outDType: (a: DType) => DType) => (a: DeviceBuffer, out: DeviceBuffer, r: number): void => {
    const m = ctx.memory();
    const [pa, po] = [m.read(op, a), m.write(op, out)];
    checkDType(op, out, outDType(a.dtype), "out");
    checkSize(op, a, out.size * r, "a");
    if (out.size === 0) return;
    m.addon[op](pa, po, DTYPE_CODES[a.dtype], out.size, r);
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
