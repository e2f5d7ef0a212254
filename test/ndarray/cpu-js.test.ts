/**
 * The NDArray suite on the cpu-js device: the kernel files of this folder run again with
 * cpu-js (the plain-TypeScript kernels, the readable reference of what cpu runs in
 * WebAssembly) as the default device, so both devices pass the same property tests. Only
 * the files that exercise kernels are rerun (creation, formatting, validation, npy and
 * the generator do not depend on the device's kernels), which keeps the suite's time down.
 */
import { describe } from "vitest";
import { deviceByName, setDefaultDevice } from "#ndarray";

const KERNEL_FILES = ["ewise", "ewise-more", "join", "matmul", "reduce", "reduce-more", "strided", "views"];

setDefaultDevice(deviceByName("cpu-js"));
for (const name of KERNEL_FILES) {
  describe(`cpu-js › ${name}.test.ts`, async () => {
    await import(`./${name}.test.ts`);
  });
}
