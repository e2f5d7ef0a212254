/**
 * The emulated cuda device, for testing the CUDA kernels without a GPU: the same kernel
 * table over the emulation addon (`npm run build:cuda -- --emulate`), in which the very
 * .cu kernel bodies run as CPU loops over each launch's grid and block. It is not one of
 * `allDevices()`; the test suite (test/ndarray/cuda-emulated.test.ts) makes it the default
 * device and runs the NDArray property tests on it.
 */
import { makeCudaDevice } from "./device.js";

export const cudaEmulatedDevice = makeCudaDevice("emulated");
