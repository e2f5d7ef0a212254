/**
 * A cuda Device over one addon variant, assembled from one file per kernel family (like the
 * cpu device): every entry checks its buffers (device, dtype, size, not freed) and calls the
 * addon's kernel of the same name. Nothing is loaded until the device is first asked whether
 * it is `enabled`, for its `reason`, or to run a kernel (context.ts).
 */
import { KERNELS, type Device, type KernelName } from "../../device.js";
import { bufferKernels } from "./buffer.js";
import { CudaContext } from "./context.js";
import { ewiseKernels } from "./ewise.js";
import { gatherKernels } from "./gather.js";
import type { Variant } from "./load.js";
import { matmulKernels } from "./matmul.js";
import { reduceKernels } from "./reduce.js";
import { rowKernels } from "./rows.js";
import { stridedKernels } from "./strided.js";

/** The kernels that read their inputs in place (device.ts): the element-wise ones with array inputs, the reductions and matmul. */
const READS_VIEWS = new Set<KernelName>(KERNELS.filter((k) => /^(ewise|scalar|reduce|matmul)/.test(k) && k !== "ewiseSetitem" && k !== "ewiseWhere"));

export function makeCudaDevice(variant: Variant): Device {
  const ctx = new CudaContext(variant);
  return {
    name: ctx.name,
    readsViews: READS_VIEWS,
    get enabled() {
      return ctx.enabled;
    },
    get reason() {
      return ctx.reason;
    },
    ...bufferKernels(ctx),
    ...stridedKernels(ctx),
    ...gatherKernels(ctx),
    ...ewiseKernels(ctx),
    ...reduceKernels(ctx),
    ...rowKernels(ctx),
    ...matmulKernels(ctx),
  };
}
