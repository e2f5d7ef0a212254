/**
 * The cpu device against cpu-js (the same kernels in plain TypeScript) and plain-JS
 * baselines, every figure from the same run. Each case times the same NDArray call on both
 * devices (median ms) and, where the issue set one, compares against a target ratio.
 *
 * Between groups of cases the bench yields to the event loop: the cpu device's buffers are
 * released by FinalizationRegistry callbacks, which run only then (devices/cpu/buffer.ts),
 * so each group starts with the heap free of the last one's garbage, as a graded case does.
 */
import { deviceByName, Generator, type Device, type NDArray } from "#ndarray";
import { Conv2d } from "../../reference/hw2/conv2d.js";
import { im2colLoop, tiledMatmul } from "./baselines.js";
import { time } from "./timing.js";
import { torchConv2dMs } from "./torch.js";

export interface Figure {
  readonly name: string;
  /** Median ms on each device. */
  readonly cpu: number;
  readonly cpuJs: number;
  /** A plain-JS or PyTorch baseline, when the case has one: its name and ms (or why it was skipped). */
  readonly baseline?: { readonly name: string; readonly ms: number | string };
  /** The ratio the case is held to: `cpu-js` (cpuJs / cpu) or `baseline` (baseline / cpu), at least `atLeast`. */
  readonly target?: { readonly against: "cpu-js" | "baseline"; readonly atLeast: number };
}

const [cpu, cpuJs] = [deviceByName("cpu"), deviceByName("cpu-js")];

/**
 * Median ms of `f` on each device, with its inputs moved there first. Each result is freed
 * as soon as it is made (a no-op on cpu-js), so the figure is the op's in a steady state,
 * not the cost of filling the cpu heap's budget with results nobody holds.
 */
function onBoth(reps: number, inputs: readonly NDArray[], f: (...xs: NDArray[]) => NDArray): [number, number] {
  const run = (d: Device) => {
    const xs = inputs.map((x) => x.to(d));
    return time(reps, () => d.free(f(...xs).buffer));
  };
  return [run(cpu), run(cpuJs)];
}

function matmulFigures(rng: Generator): Figure[] {
  const n = 512;
  const a = rng.randn([n, n], { dtype: "float32", device: cpu });
  const b = rng.randn([n, n], { dtype: "float32", device: cpu });
  const aT = a.T.compact().toTypedArray() as Float32Array;
  const bData = b.toTypedArray() as Float32Array;
  const c = new Float32Array(n * n);
  const tile = time(5, () => tiledMatmul(aT, bData, c, n));
  const [f32, f32js] = onBoth(5, [a, b], (x, y) => x.matmul(y));
  const [a64, b64] = [a.astype("float64"), b.astype("float64")];
  const [f64, f64js] = onBoth(5, [a64, b64], (x, y) => x.matmul(y));
  const x = rng.randn([2048, 256], { dtype: "float32", device: cpu });
  const w = rng.randn([128, 256], { dtype: "float32", device: cpu });
  const [lin, linJs] = onBoth(5, [x, w], (p, q) => p.matmul(q.T));
  return [
    { name: "matmul f32 512²", cpu: f32, cpuJs: f32js, baseline: { name: "plain-JS 4×4 tile", ms: tile }, target: { against: "baseline", atLeast: 10 } },
    { name: "matmul f64 512²", cpu: f64, cpuJs: f64js, target: { against: "cpu-js", atLeast: 4 } },
    { name: "linear f32 2048×256 · (128×256).T", cpu: lin, cpuJs: linJs },
  ];
}

function stridedFigures(rng: Generator): Figure[] {
  const [N, C, H, K] = [8, 16, 30, 3];
  const a = rng.randn([N, C, H, H], { dtype: "float32", device: cpu });
  const Ho = H - K + 1;
  const cols = (x: NDArray) => {
    const [sN, sC, sH, sW] = x.strides;
    return x.asStrided([N, Ho, Ho, C, K, K], [sN, sH, sW, sC, sH, sW]).compact();
  };
  const src = a.toTypedArray() as Float32Array;
  const out = new Float32Array(N * Ho * Ho * C * K * K);
  const loop = time(9, () => im2colLoop(src, out, N, C, H, H, K));
  const [im, imJs] = onBoth(9, [a], cols);
  const z = rng.randn([8, 28, 28, 32], { dtype: "float32", device: cpu });
  const bias = rng.randn([32, 1, 1], { dtype: "float32", device: cpu });
  const [add, addJs] = onBoth(9, [z, bias], (x, b) => x.permute([0, 3, 1, 2]).add(b));
  return [
    { name: "im2col compact 8×16×30² K=3", cpu: im, cpuJs: imJs, baseline: { name: "plain nested JS loop", ms: loop }, target: { against: "baseline", atLeast: 2 } },
    { name: "bias add to a permuted view", cpu: add, cpuJs: addJs, target: { against: "cpu-js", atLeast: 5 } },
  ];
}

function elementwiseFigures(rng: Generator): Figure[] {
  const x = rng.randn([1000, 1000], { dtype: "float32", device: cpu });
  const y = rng.randn([1000, 1000], { dtype: "float32", device: cpu });
  const pos = x.abs().add(0.5);
  const cases: [string, NDArray[], (...xs: NDArray[]) => NDArray][] = [
    ["add 1M f32", [x, y], (p, q) => p.add(q)],
    ["mul 1M f32", [x, y], (p, q) => p.mul(q)],
    ["exp 1M f32", [x], (p) => p.exp()],
    ["log 1M f32", [pos], (p) => p.log()],
    ["tanh 1M f32", [x], (p) => p.tanh()],
    ["sum 1M f32", [x], (p) => p.sum()],
    ["sum axis 0 of 1000² f32", [x], (p) => p.sum(0)],
  ];
  return cases.map(([name, inputs, f]) => {
    const [c, j] = onBoth(9, inputs, f);
    return { name, cpu: c, cpuJs: j };
  });
}

/** hw2's reference Conv2d(16 → 32, k = 3, padding 1), N = 8, 28×28: forward then backward. */
function convFigure(rng: Generator): Figure {
  const [N, C, O, H] = [8, 16, 32, 28];
  const run = (d: Device) => {
    const conv = new Conv2d(C, O, 3, { padding: 1, rng: new Generator(1), device: d });
    const x = rng.randn([N, C, H, H], { dtype: "float32", device: d });
    const g = rng.randn([N, O, H, H], { dtype: "float32", device: d });
    return time(5, () => {
      conv.forward(x);
      conv.backward(g);
    });
  };
  const torch = torchConv2dMs(N, C, O, H);
  return { name: "hw2 conv2d fwd+bwd", cpu: run(cpu), cpuJs: run(cpuJs), baseline: { name: "torch, 1 thread", ms: torch }, target: { against: "baseline", atLeast: 1 / 6 } };
}

/** Lets the event loop turn, so finalizers release what the collector found dead. */
const settle = () => new Promise<void>((done) => setTimeout(done, 50));

export async function cpuFigures(): Promise<Figure[]> {
  const rng = new Generator(0);
  const figures: Figure[] = [];
  for (const group of [matmulFigures, stridedFigures, elementwiseFigures, (r: Generator) => [convFigure(r)]]) {
    await settle();
    figures.push(...group(rng));
  }
  return figures;
}
