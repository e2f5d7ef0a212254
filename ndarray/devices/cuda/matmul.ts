/**
 * Matrix products: `matmul` (one m×n · n×p) and `matmulBatched` (`batch` stacked ones) into a
 * compact `out`. The operands are read where they lie through the NDArray class's matrix
 * views, so a transposed weight is its strides swapped and a right operand shared by every
 * batch entry has batch stride 0: neither is copied.
 */
import type { Device, DeviceBuffer, MatrixView } from "../../device.js";
import { DTYPE_CODES } from "./buffer.js";
import { checkDType, checkReach, checkSize, type CudaContext } from "./context.js";

/** A compact row-major batch of rows × cols matrices. */
const compactMatrix = (rows: number, cols: number): MatrixView => ({ batch: rows * cols, row: cols, col: 1, offset: 0 });

/** The matmul kernels of the device behind `ctx`. */
export function matmulKernels(ctx: CudaContext) {
  const matmulBatched = (a: DeviceBuffer, b: DeviceBuffer, out: DeviceBuffer, batch: number, m: number, n: number, p: number, views?: readonly [MatrixView, MatrixView]): void => {
    const op = batch === 1 ? "matmul" : "matmulBatched";
    const mem = ctx.memory();
    const [pa, pb, po] = [mem.read(op, a), mem.read(op, b), mem.write(op, out)];
    checkDType(op, b, a.dtype, "b");
    checkDType(op, out, a.dtype, "out");
    if (!views) {
      checkSize(op, a, batch * m * n, "a");
      checkSize(op, b, batch * n * p, "b");
    }
    checkSize(op, out, batch * m * p, "out");
    if (out.size === 0) return;
    const [va, vb] = views ?? [compactMatrix(m, n), compactMatrix(n, p)];
    if (n > 0) {
      checkReach(op, a, [batch, m, n], [va.batch, va.row, va.col], va.offset);
      checkReach(op, b, [batch, n, p], [vb.batch, vb.row, vb.col], vb.offset);
    }
    const [ma, mb] = [[va.batch, va.row, va.col, va.offset], [vb.batch, vb.row, vb.col, vb.offset]];
    if (batch === 1) mem.addon.matmul(pa, pb, po, DTYPE_CODES[a.dtype], m, n, p, ma, mb);
    else mem.addon.matmulBatched(pa, pb, po, DTYPE_CODES[a.dtype], batch, m, n, p, ma, mb);
    ctx.done();
  };
  return {
    matmul: (a: DeviceBuffer, b: DeviceBuffer, out: DeviceBuffer, m: number, n: number, p: number, views?: readonly [MatrixView, MatrixView]) => matmulBatched(a, b, out, 1, m, n, p, views),
    matmulBatched,
  } satisfies Pick<Device, "matmul" | "matmulBatched">;
}
