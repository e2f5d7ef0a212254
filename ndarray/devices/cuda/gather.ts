/**
 * `take`: one gather launch for the whole result (gather.cu), whatever the number of indices.
 * The entry checks that the buffers agree with (outer × n × inner) and the indices' count;
 * the indices' values were checked by the NDArray class, on the host, where it read them.
 */
import type { Device, DeviceBuffer } from "../../device.js";
import { ShapeError } from "../../errors.js";
import { DTYPE_CODES } from "./buffer.js";
import { checkDType, checkSize, type CudaContext } from "./context.js";

/** The gather kernel of the device behind `ctx`. */
export function gatherKernels(ctx: CudaContext) {
  return {
    take(a: DeviceBuffer, indices: DeviceBuffer, out: DeviceBuffer, n: number, inner: number): void {
      const m = ctx.memory();
      const [pa, pi, po] = [m.read("take", a), m.read("take", indices), m.write("take", out)];
      checkDType("take", indices, "int32", "indices");
      checkDType("take", out, a.dtype, "out");
      const row = n * inner;
      if (!(Number.isInteger(n) && Number.isInteger(inner) && n >= 0 && inner >= 0) || (row === 0 ? a.size !== 0 : a.size % row !== 0)) {
        throw new ShapeError("take", `rows of ${n} × ${inner} elements do not tile a buffer of ${a.size}`);
      }
      const outer = row === 0 ? 0 : a.size / row;
      checkSize("take", out, outer * indices.size * inner, "out");
      if (out.size === 0) return;
      m.addon.take(pa, pi, po, DTYPE_CODES[a.dtype], outer, n, indices.size, inner);
      ctx.done();
    },
  } satisfies Pick<Device, "take">;
}
