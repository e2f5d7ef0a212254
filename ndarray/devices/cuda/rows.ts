/**
 * Kernels over whole rows of a compact (outer × r) buffer whose result has the input's shape:
 * `cumsum` (running sums, into the input's dtype) and `argsort` (each row's stable sort
 * permutation, into int32). Each entry checks its buffers and calls the addon's kernel of
 * the same name.
 */
import type { Device, DeviceBuffer } from "../../device.js";
import type { DType } from "../../dtype.js";
import { ShapeError } from "../../errors.js";
import { DTYPE_CODES } from "./buffer.js";
import { checkDType, checkSize, type CudaContext } from "./context.js";

/** The row kernels of the device behind `ctx`. */
export function rowKernels(ctx: CudaContext) {
  const row = (op: "cumsum" | "argsort", outDType: (a: DType) => DType) => (a: DeviceBuffer, out: DeviceBuffer, r: number): void => {
    const m = ctx.memory();
    const [pa, po] = [m.read(op, a), m.write(op, out)];
    checkDType(op, out, outDType(a.dtype), "out");
    checkSize(op, out, a.size, "out");
    if (out.size === 0) return;
    if (!(r > 0 && Number.isInteger(r) && a.size % r === 0)) throw new ShapeError(op, `rows of ${r} elements do not tile a buffer of ${a.size}`);
    m.addon[op](pa, po, DTYPE_CODES[a.dtype], a.size / r, r);
    ctx.done();
  };
  return {
    cumsum: row("cumsum", (dtype) => dtype),
    argsort: row("argsort", () => "int32"),
  } satisfies Pick<Device, "cumsum" | "argsort">;
}
