/**
 * The cuda device. Its kernels live in the Node-API addon under ndarray/native/, built on
 * request with `npm run build:cuda`; until that addon exists the device reports itself
 * unavailable with the reason, and nothing else in the kit depends on it.
 */
import type { Device } from "../../device.js";

export const cudaDevice = {
  name: "cuda",
  enabled: false,
  reason: "the CUDA addon is not part of this build (ndarray/native/ is not built; see README §CUDA)",
} as Device;
