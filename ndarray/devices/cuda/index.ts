/**
 * The cuda device. Its kernels live in the Node-API addon under ndarray/native/, built on
 * request with `npm run build:cuda` (never by npm install). The addon is loaded the first
 * time the device is asked whether it is `enabled` (or used); until it is built, and on a
 * machine with no CUDA driver or no GPU, the device reports itself unavailable with the
 * reason, and nothing else in the kit depends on it.
 */
import { makeCudaDevice } from "./device.js";

export const cudaDevice = makeCudaDevice("cuda");
