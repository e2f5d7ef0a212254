/**
 * `npm run build:wasm`: compiles ndarray/wasm/ and writes devices/cpu/kernels-wasm.ts.
 * `npm run build:wasm -- --check`: exits 1 when that committed file differs from a fresh build.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { relative } from "node:path";
import { compileKernels, moduleText, WASM_MODULE_FILE } from "./compile.js";

const check = process.argv.includes("--check");
const bytes = await compileKernels();
const text = moduleText(bytes);
const shown = relative(process.cwd(), WASM_MODULE_FILE);
if (check) {
  if (readFileSync(WASM_MODULE_FILE, "utf8") !== text) {
    console.error(`build:wasm: ${shown} is stale: it differs from a fresh build of ndarray/wasm/; run npm run build:wasm`);
    process.exit(1);
  }
  console.log(`build:wasm: ${shown} matches a fresh build (${bytes.length} bytes)`);
} else {
  writeFileSync(WASM_MODULE_FILE, text);
  console.log(`build:wasm: wrote ${shown} (${bytes.length} bytes)`);
}
