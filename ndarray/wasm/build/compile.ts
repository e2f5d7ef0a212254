/**
 * Compiles the AssemblyScript kernels (ndarray/wasm/*.ts, entry index.ts; this build/ folder is the host-side tooling, left out of handouts) with asc, in
 * memory. The options are fixed here, so the bytes depend only on the source and asc's
 * version (pinned by package-lock.json): `npm run build:wasm` commits them as
 * devices/cpu/kernels-wasm.ts, and `npm run build:wasm -- --check` (and the test
 * test/ndarray/wasm-build.test.ts) recompiles and compares.
 *
 * SIMD is on and nothing else: no relaxed SIMD, no threads, so every machine computes the
 * same bits. Memory starts at 1 MiB and may grow to 512 MiB (the heap budget, devices/cpu/buffer.ts, plus
 * scratch and slack), so its pages stay within the sandbox's memory limit; an allocation that
 * cannot grow it traps (abort compiles to `unreachable`), which the host turns into a
 * fallback to an ordinary typed array.
 */
import { fileURLToPath } from "node:url";
import asc from "assemblyscript/asc";

export const WASM_SOURCE_DIR = fileURLToPath(new URL("..", import.meta.url));
export const WASM_MODULE_FILE = fileURLToPath(new URL("../../devices/cpu/kernels-wasm.ts", import.meta.url));

const OPTIONS = [
  "--runtime", "minimal",
  "--optimizeLevel", "3",
  "--shrinkLevel", "0",
  "--noAssert",
  "--use", "abort=",
  "--enable", "simd",
  "--disable", "relaxed-simd",
  "--initialMemory", "16",
  "--maximumMemory", "8192",
];

/** The module's bytes, freshly compiled; throws with asc's diagnostics when the source does not compile. */
export async function compileKernels(): Promise<Uint8Array> {
  let binary: Uint8Array | null = null;
  let diagnostics = "";
  const result = await asc.main(["index.ts", "--outFile", "kernels.wasm", "--baseDir", WASM_SOURCE_DIR, ...OPTIONS], {
    writeFile(name, contents) {
      if (name.endsWith("kernels.wasm") && typeof contents !== "string") binary = contents;
    },
    stderr: {
      write(chunk: string | Uint8Array) {
        diagnostics += typeof chunk === "string" ? chunk : new TextDecoder().decode(chunk);
        return true;
      },
    },
  });
  if (result.error || binary === null) throw new Error(`build:wasm: asc failed: ${result.error?.message ?? "no output"}\n${diagnostics}`);
  return binary;
}

/** The TypeScript module that carries the bytes (base64), so a bundle needs no file beside it. */
export function moduleText(bytes: Uint8Array): string {
  const base64 = Buffer.from(bytes).toString("base64");
  const lines = base64.match(/.{1,100}/g) ?? [];
  return [
    "/**",
    " * The cpu device's WebAssembly kernels, compiled from ndarray/wasm/ by `npm run build:wasm`",
    " * (generated: do not edit; `npm run build:wasm -- --check` and test/ndarray/wasm-build.test.ts",
    " * fail when it differs from a fresh build). Base64 inside a module, so the grader's bundle carries it.",
    " */",
    "export const KERNELS_WASM_BASE64 =",
    lines.map((l) => `  "${l}"`).join(" +\n") + ";",
    "",
  ].join("\n");
}
