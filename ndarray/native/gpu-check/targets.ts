/**
 * gpu:check's `targets` step: measures each target of the CUDA backend's performance design
 * on this GPU and prints one row per target (measure, now, target, met), then exits 1 when
 * any measured target is missed. The figures:
 *
 * - f32 matmul at n = 4096, kit GFLOP/s over cuBLAS SGEMM's (plain FP32, no tensor cores)
 *   measured in the same run by cublas-sgemm.cu, built here with nvcc when a libcublas is
 *   found (plan.ts: $KIT_CUBLAS_DIR, the toolkit, pip's nvidia-cublas; the row says "not
 *   measured" otherwise, which does not pass);
 * - element-wise add and full sum() of 2^26 float32, GB/s over a device-to-device copy's;
 * - the per-op cost of `x.add(y)` on 1 000 float32 after warm-up: the NDArray call with its
 *   output allocation, kernel launch and release, which is what a small op costs a student.
 *
 * Kernels are asynchronous: each timed run ends with a one-element copy to the host.
 * `--device cuda-emulated --elements N --sizes N` runs the script without a GPU (figures meaningless).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Generator, type Device } from "#ndarray";
import { deviceForBench } from "../../bench/cuda.js";
import { time } from "../../bench/timing.js";
import { findCudaHome } from "../build.js";
import { probeToolkit } from "./plan.js";
import { SKIPPED_EXIT } from "./steps.js";

const cli = parseArgs({
  options: { device: { type: "string", default: "cuda" }, elements: { type: "string", default: String(2 ** 26) }, sizes: { type: "string", default: "4096" } },
}).values;
const device: Device = deviceForBench(cli.device);
if (!device.enabled) {
  console.log(`targets: device ${device.name} is unavailable: ${device.reason ?? "unknown reason"}`);
  process.exit(SKIPPED_EXIT);
}
const n = Number(cli.elements);
const matmulSize = Number(cli.sizes);

/** One target: `now` is the measured ratio or figure, null when it could not be measured. */
interface Row {
  readonly measure: string;
  readonly now: number | null;
  readonly target: string;
  readonly met: (now: number) => boolean;
  readonly note: string;
}

const fence = device.alloc(1, "float32");
const timed = (runs: number, f: () => void): number =>
  time(runs, () => {
    f();
    device.toTypedArray(fence);
  });

/** cuBLAS SGEMM GFLOP/s at `size` and the d2d copy GB/s, from cublas-sgemm.cu, or why not. */
function cublasFigures(size: number): { sgemm: number; copy: number } | string {
  const cudaHome = findCudaHome();
  const toolkit = probeToolkit(cudaHome);
  if (!cudaHome) return "no CUDA toolkit (nvcc) to build the cuBLAS reference with";
  const cublas = toolkit.cublas;
  if (!cublas) return `no libcublas (looked in ${toolkit.cublasSearched.join(", ")}; set KIT_CUBLAS_DIR)`;
  const here = fileURLToPath(new URL(".", import.meta.url));
  const outDir = join(here, "..", "build");
  mkdirSync(outDir, { recursive: true });
  const exe = join(outDir, "cublas-sgemm");
  if (!existsSync(exe)) {
    const build = spawnSync(join(cudaHome, "bin", "nvcc"), ["-O3", "-o", exe, join(here, "cublas-sgemm.cu"), `-L${cublas.dir}`, `-l:${cublas.file}`], { encoding: "utf8" });
    if (build.status !== 0) return `cublas-sgemm.cu did not build: ${(build.stderr ?? "").trim().split("\n").at(-1) ?? ""}`;
  }
  const run = spawnSync(exe, [String(size)], { encoding: "utf8", env: { ...process.env, LD_LIBRARY_PATH: `${cublas.dir}:${process.env.LD_LIBRARY_PATH ?? ""}` } });
  try {
    const parsed = JSON.parse(run.stdout) as { sgemm?: Record<string, number>; copyGBps?: number; error?: string };
    if (parsed.error || !parsed.sgemm || parsed.copyGBps === undefined) return parsed.error ?? "no figures";
    return { sgemm: parsed.sgemm[String(size)], copy: parsed.copyGBps };
  } catch {
    return `cublas-sgemm printed no JSON (exit ${run.status ?? run.signal}): ${run.stderr.trim()}`;
  }
}

// ---- matmul
const rng = new Generator(0);
const a = rng.randn([matmulSize, matmulSize]).to(device);
const b = rng.randn([matmulSize, matmulSize]).to(device);
const product = device.alloc(matmulSize * matmulSize, "float32");
const matmulMs = timed(5, () => device.matmul(a.buffer, b.buffer, product, matmulSize, matmulSize, matmulSize));
const kitGflops = (2 * matmulSize ** 3) / (matmulMs * 1e6);
const cublas = cublasFigures(matmulSize);

// ---- bandwidth
const host = new Float32Array(n).map((_, i) => (i % 1000) / 1000);
const [x, y] = [device.fromTypedArray(host), device.fromTypedArray(host)];
const out = device.alloc(n, "float32");
const total = device.alloc(1, "float32");
const gbps = (bytes: number, ms: number) => bytes / (ms * 1e6);
const add = gbps(3 * n * 4, timed(9, () => device.ewiseAdd(x, y, out)));
const compactCopy = gbps(2 * n * 4, timed(9, () => device.compact(x, out, [n], [1], 0)));
const sum = gbps(n * 4, timed(9, () => device.reduceSum(x, total, n)));
const copy = typeof cublas === "string" ? compactCopy : Math.max(cublas.copy, compactCopy);

// ---- per-op overhead
const small = [rng.randn([1000]).astype("float32").to(device), rng.randn([1000]).astype("float32").to(device)];
const ops = 2000;
const step = () => {
  for (let i = 0; i < ops; i++) {
    const r = small[0].add(small[1]);
    device.free(r.buffer);
  }
};
step();
const perOpUs = (timed(5, step) / ops) * 1000;

const rows: Row[] = [
  {
    measure: `f32 matmul ${matmulSize}², kit / cuBLAS SGEMM`,
    now: typeof cublas === "string" ? null : kitGflops / cublas.sgemm,
    target: "≥ 0.6",
    met: (r) => r >= 0.6,
    note: typeof cublas === "string" ? `kit ${kitGflops.toFixed(0)} GFLOP/s; not compared: ${cublas}` : `kit ${kitGflops.toFixed(0)}, cuBLAS ${cublas.sgemm.toFixed(0)} GFLOP/s`,
  },
  { measure: `add of ${n} f32, GB/s / copy GB/s`, now: add / copy, target: "≥ 0.8", met: (r) => r >= 0.8, note: `add ${add.toFixed(0)}, copy ${copy.toFixed(0)} GB/s` },
  { measure: `sum() of ${n} f32, GB/s / copy GB/s`, now: sum / copy, target: "≥ 0.7", met: (r) => r >= 0.7, note: `sum ${sum.toFixed(0)} GB/s` },
  { measure: "x.add(y) of 1 000 f32, µs per op", now: perOpUs, target: "≤ 15", met: (us) => us <= 15, note: `${ops} back to back, output allocated and freed` },
];

const width = Math.max(...rows.map((r) => r.measure.length));
console.log(`device ${device.name}`);
console.log(`${"measure".padEnd(width)}  ${"now".padStart(8)}  target  met  detail`);
for (const r of rows) {
  const verdict = r.now === null ? "n/a" : r.met(r.now) ? "yes" : "NO";
  console.log(`${r.measure.padEnd(width)}  ${(r.now === null ? "-" : r.now.toFixed(2)).padStart(8)}  ${r.target.padEnd(6)}  ${verdict.padEnd(3)}  ${r.note}`);
}
for (const buf of [a.buffer, b.buffer, product, x, y, out, total, fence, small[0].buffer, small[1].buffer]) device.free(buf);
const missed = rows.filter((r) => r.now === null || !r.met(r.now)).map((r) => r.measure);
console.log(missed.length === 0 ? `targets: all ${rows.length} met` : `targets: ${missed.length} of ${rows.length} not met or not measured: ${missed.join("; ")}`);
process.exitCode = missed.length === 0 ? 0 : 1;
