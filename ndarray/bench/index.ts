/**
 * `npm run bench`: figures for the cpu device, printed, never asserted (machines are
 * shared and noisy, so every comparison is a ratio against a baseline timed in the same run).
 *
 * matmul (float32, n×n·n×n, n = 128, 256, 512): the cpu kernel through `NDArray.matmul`,
 * against two plain-JS baselines: the textbook i-j-k triple loop, and a 4×4 register-tiled
 * loop over operands packed before timing starts (A transposed, B row-major), which is
 * about the best straightforward JS does. Accuracy is the largest error relative to a
 * float64 triple loop, scaled by the largest |entry|.
 * Element-wise: 1M-element float32 add, mul, div, exp, log, sqrt and sum, in milliseconds
 * (log runs through the shared table loop, the others have loops of their own).
 * `npm run bench -- --device cuda` prints the cuda device's figures instead (bench/cuda.ts).
 */
import { parseArgs } from "node:util";
import { Generator, type NDArray } from "#ndarray";
import { benchDevice, deviceForBench } from "./cuda.js";
import { time } from "./timing.js";

// `--device cuda` (or cuda-emulated): the device's own figures (bench/cuda.ts) instead.
const cli = parseArgs({ options: { device: { type: "string", default: "cpu" }, sizes: { type: "string" } } }).values;
if (cli.device !== "cpu") {
  const device = deviceForBench(cli.device);
  if (!device.enabled) {
    console.error(`bench: device ${cli.device} is unavailable: ${device.reason}`);
    process.exit(1);
  }
  benchDevice(device, (cli.sizes ?? "512,1024,2048,4096").split(",").map(Number));
  process.exit(0);
}

const rng = new Generator(0);

function naiveMatmul(a: ArrayLike<number>, b: ArrayLike<number>, c: Float32Array | Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += a[i * n + k] * b[k * n + j];
      c[i * n + j] = s;
    }
  }
}

/** The baseline: aT (k-major, aT[k·n + i]) and b (row-major) packed before timing; n % 4 == 0. */
function tiledMatmul(aT: Float32Array, b: Float32Array, c: Float32Array, n: number): void {
  for (let i = 0; i < n; i += 4) {
    for (let j = 0; j < n; j += 4) {
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
      for (let k = 0; k < n; k++) {
        const x = k * n + i;
        const y = k * n + j;
        const x0 = aT[x], x1 = aT[x + 1], x2 = aT[x + 2], x3 = aT[x + 3];
        const y0 = b[y], y1 = b[y + 1], y2 = b[y + 2], y3 = b[y + 3];
        s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
        s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
        s20 += x2 * y0; s21 += x2 * y1; s22 += x2 * y2; s23 += x2 * y3;
        s30 += x3 * y0; s31 += x3 * y1; s32 += x3 * y2; s33 += x3 * y3;
      }
      c.set([s00, s01, s02, s03], i * n + j);
      c.set([s10, s11, s12, s13], (i + 1) * n + j);
      c.set([s20, s21, s22, s23], (i + 2) * n + j);
      c.set([s30, s31, s32, s33], (i + 3) * n + j);
    }
  }
}

function maxRelError(got: ArrayLike<number>, want: Float64Array): number {
  let scale = 0;
  let err = 0;
  for (let i = 0; i < want.length; i++) {
    scale = Math.max(scale, Math.abs(want[i]));
    err = Math.max(err, Math.abs(got[i] - want[i]));
  }
  return err / scale;
}

const gflops = (n: number, ms: number) => (2 * n ** 3) / (ms * 1e6);
const fmt = (x: number, digits = 2) => x.toFixed(digits).padStart(8);

console.log("matmul, float32 (GFLOP/s; median of several runs)");
console.log("     n   kernel    naive    tiled  kernel/naive  kernel/tiled  rel.err vs f64");
for (const n of [128, 256, 512]) {
  const a: NDArray = rng.randn([n, n]);
  const b: NDArray = rng.randn([n, n]);
  const aData = a.toTypedArray() as Float32Array;
  const bData = b.toTypedArray() as Float32Array;
  const aT = a.T.toTypedArray() as Float32Array;
  const reps = n <= 256 ? 7 : 3;

  let product: NDArray = a;
  const kernelMs = time(reps, () => (product = a.matmul(b)));
  const c32 = new Float32Array(n * n);
  const naiveMs = time(n <= 256 ? 3 : 1, () => naiveMatmul(aData, bData, c32, n));
  const tiledMs = time(reps, () => tiledMatmul(aT, bData, c32, n));
  const exact = new Float64Array(n * n);
  naiveMatmul(aData, bData, exact, n);

  const [k, nv, t] = [gflops(n, kernelMs), gflops(n, naiveMs), gflops(n, tiledMs)];
  const err = maxRelError(product.toTypedArray(), exact);
  console.log(`${String(n).padStart(6)} ${fmt(k)} ${fmt(nv)} ${fmt(t)} ${fmt(k / nv).padStart(13)} ${fmt(k / t).padStart(13)} ${err.toExponential(1).padStart(15)}`);
}

console.log("\nelement-wise, 1M float32 elements (ms; median of 9 runs)");
const x = rng.randn([1000, 1000]);
const y = rng.randn([1000, 1000]);
for (const [name, f] of [
  ["add", () => x.add(y)],
  ["mul", () => x.mul(y)],
  ["div", () => x.div(y)],
  ["exp", () => x.exp()],
  ["log", () => x.abs().log()],
  ["sqrt", () => x.abs().sqrt()],
  ["sum", () => x.sum()],
] as const) {
  console.log(`${name.padStart(6)} ${fmt(time(9, f))}`);
}
