/**
 * gpu:check's `gpu` step, in a process of its own so that it loads the addon the build step
 * has just written: prints the GPU the cuda device runs on and exits 0, or prints why there
 * is none and exits SKIPPED_EXIT. An addon that is there but broken (it does not load, a
 * driver too old for it) is a failure, not a missing GPU. `-- emulated` probes the emulation
 * addon instead, to try the check's later steps on a machine without a GPU.
 */
import { loadAddon, type Variant } from "../../devices/cuda/load.js";
import { SKIPPED_EXIT } from "./steps.js";

const NO_GPU = /^(no CUDA driver|no CUDA device|the CUDA addon is not built)/;

const variant: Variant = process.argv[2] === "emulated" ? "emulated" : "cuda";
const state = loadAddon(variant);
if (state.addon) {
  const { name, major, minor, totalMemory, driverVersion, runtimeVersion } = state.info;
  console.log(`${name}, sm_${major}${minor}, ${(totalMemory / 2 ** 30).toFixed(1)} GiB, driver ${driverVersion}, runtime ${runtimeVersion}`);
} else {
  console.log(state.reason);
  process.exitCode = NO_GPU.test(state.reason) ? SKIPPED_EXIT : 1;
}
