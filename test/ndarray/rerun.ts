/**
 * The NDArray suite again on another default device (cuda-emulated.test.ts, and
 * cuda-device.test.ts with KIT_TEST_DEVICE): every test file of this folder except those
 * about the default device itself (devices.test.ts asserts cpu is the default, cpu-js.test.ts
 * reruns kernel files on cpu-js), the cpu device's WebAssembly (cpu-wasm, wasm-build), and the
 * cuda-* files, which choose their device themselves.
 */
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe } from "vitest";
import { setDefaultDevice, type Device } from "#ndarray";

const NOT_RERUN = ["devices.test.ts", "cpu-js.test.ts", "cpu-wasm.test.ts", "wasm-build.test.ts"];

/** The names (without `.test.ts`) of the files rerun, sorted. */
export function rerunNames(): string[] {
  return readdirSync(fileURLToPath(new URL(".", import.meta.url)))
    .filter((f) => f.endsWith(".test.ts") && !NOT_RERUN.includes(f) && !f.startsWith("cuda-"))
    .map((f) => f.slice(0, -".test.ts".length))
    .sort();
}

/** Makes `device` the default and declares each rerun file's tests under `<label> › <file>`. */
export function rerunSuiteOn(device: Device, label: string): void {
  setDefaultDevice(device);
  for (const name of rerunNames()) {
    describe(`${label} › ${name}.test.ts`, async () => {
      await import(`./${name}.test.ts`);
    });
  }
}
