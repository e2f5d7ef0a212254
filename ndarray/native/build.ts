/**
 * `npm run build:cuda`: builds the CUDA addon with node-gyp (binding.gyp), the .cu files
 * through nvcc, into ndarray/native/build/Release/kit_cuda.node.
 * `npm run build:cuda -- --emulate`: builds kit_cuda_emulated.node instead, the same .cu
 * files compiled by the host C++ compiler with -DKIT_EMULATE, every launch a CPU loop over
 * its grid and block (emulate.h). It needs no GPU; the tests build it when nvcc is present.
 *
 * Environment: CUDA_HOME (or CUDA_PATH) picks the CUDA toolkit, CXX the host compiler of
 * the emulation build. The Node headers come from the running node's prefix when it ships
 * them (include/node), otherwise node-gyp finds or fetches them as usual.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, realpathSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { addonPath, type Variant } from "../devices/cuda/load.js";

const NATIVE_DIR = dirname(fileURLToPath(import.meta.url));
const SOURCE = /\.(cu|cuh|cc|h|gyp|map)$/;

function onPath(exe: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const p = join(dir, exe);
    if (dir && existsSync(p)) return p;
  }
  return null;
}

/** The CUDA toolkit root (holding bin/nvcc, include/, lib64/), or null when there is no nvcc. */
export function findCudaHome(): string | null {
  const candidates = [process.env.CUDA_HOME, process.env.CUDA_PATH, "/usr/local/cuda"];
  const nvcc = onPath("nvcc");
  if (nvcc) candidates.push(resolve(realpathSync(nvcc), "../.."));
  for (const c of candidates) {
    if (c && existsSync(join(c, "bin", "nvcc")) && existsSync(join(c, "include", "cuda_runtime_api.h"))) return c;
  }
  return null;
}

/** The newest modification time of the addon's sources. */
function newestSource(): number {
  return Math.max(...readdirSync(NATIVE_DIR).filter((f) => SOURCE.test(f)).map((f) => statSync(join(NATIVE_DIR, f)).mtimeMs));
}

/** "missing", "stale" (older than a source file) or "fresh". */
export function addonStatus(variant: Variant): "missing" | "stale" | "fresh" {
  const path = addonPath(variant);
  if (!existsSync(path)) return "missing";
  return statSync(path).mtimeMs < newestSource() ? "stale" : "fresh";
}

export interface BuildResult {
  readonly ok: boolean;
  readonly path: string;
  readonly seconds: number;
  /** The build's output (empty when it went to the terminal). */
  readonly log: string;
}

/** A lock older than this belonged to a build that was killed; the next build takes it over. */
const LOCK_STALE_MS = 10 * 60 * 1000;

/**
 * Runs `f` holding build/.lock (a directory, because mkdir is atomic). Both variants build
 * in build/ from one generated Makefile, and vitest starts the test files that need the
 * emulation addon in parallel: the lock makes them build one after another, never over
 * each other's objects.
 */
function withBuildLock<T>(f: () => T): T {
  const buildDir = join(NATIVE_DIR, "build");
  mkdirSync(buildDir, { recursive: true });
  const lock = join(buildDir, ".lock");
  const nap = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true });
      else Atomics.wait(nap, 0, 0, 200);
    }
  }
  try {
    return f();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Runs node-gyp configure + build for `variant`; `quiet` captures the output instead of printing it. */
export function buildAddon(variant: Variant, quiet = false): BuildResult {
  return withBuildLock(() => buildUnlocked(variant, quiet));
}

function buildUnlocked(variant: Variant, quiet: boolean): BuildResult {
  const started = performance.now();
  const cudaHome = findCudaHome();
  const nodeGyp = createRequire(import.meta.url).resolve("node-gyp/bin/node-gyp.js");
  const prefix = resolve(dirname(process.execPath), "..");
  const nodedir = existsSync(join(prefix, "include", "node", "node_api.h")) ? [`--nodedir=${prefix}`] : [];
  const defines = [
    `-Demulate=${variant === "emulated" ? 1 : 0}`,
    `-Daddon_name=${variant === "emulated" ? "kit_cuda_emulated" : "kit_cuda"}`,
    ...(cudaHome ? [`-Dcuda_home=${cudaHome}`] : []),
    ...(process.env.CXX ? [`-Dhost_cxx=${process.env.CXX}`] : []),
  ];
  let log = "";
  const step = (args: string[]): boolean => {
    const r = spawnSync(process.execPath, [nodeGyp, ...args], {
      cwd: NATIVE_DIR,
      stdio: quiet ? "pipe" : "inherit",
      encoding: "utf8",
    });
    if (quiet) log += `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}`;
    return r.status === 0;
  };
  const ok = step(["configure", ...nodedir, "--", ...defines]) && step(["build", "--jobs", "max"]);
  return { ok: ok && existsSync(addonPath(variant)), path: addonPath(variant), seconds: (performance.now() - started) / 1000, log };
}

export type EmulatedReady =
  | { readonly ok: true; readonly built: BuildResult | null }
  /** `failed`: nvcc is here but the build broke; `unavailable`: no nvcc to build with. */
  | { readonly ok: false; readonly why: "failed" | "unavailable"; readonly reason: string };

/**
 * The emulation addon, built if it is missing or older than its sources and nvcc is here
 * (the tests call this). Without nvcc an up-to-date addon is still used. Under the lock it
 * looks again, so of several test files that found it stale only the first builds it.
 */
export function ensureEmulatedAddon(): EmulatedReady {
  const status = addonStatus("emulated");
  if (status === "fresh") return { ok: true, built: null };
  if (!findCudaHome()) {
    return { ok: false, why: "unavailable", reason: `nvcc not found (looked at $CUDA_HOME, $CUDA_PATH, /usr/local/cuda and PATH), and the emulation addon is ${status}` };
  }
  return withBuildLock((): EmulatedReady => {
    if (addonStatus("emulated") === "fresh") return { ok: true, built: null };
    const built = buildUnlocked("emulated", true);
    if (!built.ok) return { ok: false, why: "failed", reason: `the emulation build failed:\n${built.log}` };
    return { ok: true, built };
  });
}

function main(): void {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => a !== "--emulate");
  if (unknown.length > 0) {
    console.error(`usage: npm run build:cuda [-- --emulate]\nunknown argument ${unknown.join(" ")}`);
    process.exit(2);
  }
  const variant: Variant = args.includes("--emulate") ? "emulated" : "cuda";
  if (variant === "cuda" && !findCudaHome()) {
    console.error("build:cuda: nvcc not found (looked at $CUDA_HOME, $CUDA_PATH, /usr/local/cuda and PATH); install the CUDA toolkit or set CUDA_HOME");
    process.exit(1);
  }
  const r = buildAddon(variant);
  if (!r.ok) {
    console.error(`build:cuda: the ${variant} build failed (output above)`);
    process.exit(1);
  }
  console.log(`build:cuda: built ${r.path} in ${r.seconds.toFixed(1)} s`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
