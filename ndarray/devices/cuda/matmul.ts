/** Matrix products: `matmul` (one m×n · n×p) and `matmulBatched` (`batch` stacked ones), compact and row-major. */
import type { Device, DeviceBuffer } from "../../device.js";
import { DTYPE_CODES } from "./buffer.js";
import { checkDType, checkSize, type CudaContext } from "./context.js";

/** The matmul kernels of the device behind `ctx`. */
export function matmulKernels(ctx: CudaContext) {
  const matmulBatched = (a: DeviceBuffer, b: DeviceBuffer, out: DeviceBuffer, batch: number, m: number, n: number, p: number): void => {
    const op = batch === 1 ? "matmul" : "matmulBatched";
    const mem = ctx.memory();
    const [pa, pb, po] = [mem.read(op, a), mem.read(op, b), mem.write(op, out)];
    checkDType(op, b, a.dtype, "b");
    checkDType(op, out, a.dtype, "out");
    checkSize(op, a, batch * m * n, "a");
    checkSize(op, b, batch * n * p, "b");
    checkSize(op, out, batch * m * p, "out");
    if (out.size === 0) return;
    if (batch === 1) mem.addon.matmul(pa, pb, po, DTYPE_CODES[a.dtype], m, n, p);
    else mem.addon.matmulBatched(pa, pb, po, DTYPE_CODES[a.dtype], batch, m, n, p);
    ctx.done();
  };
  return {
    matmul: (a: DeviceBuffer, b: DeviceBuffer, out: DeviceBuffer, m: number, n: number, p: number) => matmulBatched(a, b, out, 1, m, n, p),
    matmulBatched,
  } satisfies Pick<Device, "matmul" | "matmulBatched">;
}
