/**
 * The committed WebAssembly (ndarray/devices/cpu/kernels-wasm.ts) is what the AssemblyScript
 * source in ndarray/wasm/ compiles to today: CI needs nothing but npm ci, and a kernel edited
 * without `npm run build:wasm` fails here instead of running stale code. (asc takes some
 * 10–20 s on a loaded two-core machine: one compile for the whole file.)
 */
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { compileKernels, moduleText, WASM_MODULE_FILE } from "../../ndarray/wasm/build/compile.js";

it("the committed kernels-wasm.ts matches a fresh build of ndarray/wasm/ (else: npm run build:wasm)", async () => {
  const bytes = await compileKernels();
  expect(readFileSync(WASM_MODULE_FILE, "utf8") === moduleText(bytes)).toBe(true);
}, 120_000);
