/**
 * The program gpu:check runs under compute-sanitizer (memcheck, racecheck, synccheck): every
 * kernel family (buffer, strided, gather, ewise, reduce, matmul, scan, sort) and path (strided and
 * broadcast operands, the three reduction layouts, both matmul tiles) launched at sizes that
 * fill no block or tile evenly, where an index off by one reads or writes past a buffer or a
 * barrier is met by only some threads. Each result is also compared with the cpu device, so
 * a run that is clean under the sanitizer but wrong still fails (exit 1, naming the case).
 * Sizes stay small: racecheck runs a kernel hundreds of times slower. `--device cuda-emulated`
 * runs it on the emulation addon, which has guard bytes of its own.
 */
import { parseArgs } from "node:util";
import { allclose, cpu, Generator, stack, where, type NDArray } from "#ndarray";
import { deviceForBench } from "../../bench/cuda.js";
import { SKIPPED_EXIT } from "./steps.js";

const cli = parseArgs({ options: { device: { type: "string", default: "cuda" } } }).values;
const device = deviceForBench(cli.device);
if (!device.enabled) {
  console.log(`launches: device ${device.name} is unavailable: ${device.reason ?? "unknown reason"}`);
  process.exit(SKIPPED_EXIT);
}

const rng = new Generator(0);
const SIZES = [1, 3, 31, 257, 1025, 4097];
const wrong: string[] = [];
let cases = 0;

/** Runs `f` on a cpu input and on its copy on the device, and records a mismatch. */
function check(name: string, inputs: readonly NDArray[], f: (...xs: NDArray[]) => NDArray): void {
  cases++;
  const want = f(...inputs);
  const got = f(...inputs.map((x) => x.to(device))).to(cpu());
  const same = want.dtype === got.dtype && want.shape.join() === got.shape.join() && allclose(got.astype("float64"), want.astype("float64"), { rtol: 1e-3, atol: 1e-3 });
  if (!same) wrong.push(`${name} [${inputs.map((x) => x.shape.join("×")).join(", ")}]`);
}

for (const n of SIZES) {
  const x = rng.randn([n]);
  const y = rng.randn([n]);
  check("fill", [x], (a) => a.clone().fill(2.5));
  check("astype int32", [x], (a) => a.mul(10).astype("int32"));
  check("add, mul, exp, tanh", [x, y], (a, b) => a.add(b).mul(b).exp().tanh());
  check("scalar pow, compare", [x], (a) => a.abs().pow(1.5).gt(0.5));
  check("where", [x, y], (a, b) => where(a.gt(b), a, b));
  check("sum, max, argmin", [x], (a) => stack([a.sum(), a.max(), a.argmin().astype("float32")]));
  check("cumsum", [x], (a) => a.cumsum(0));
  check("argsort", [x], (a) => a.argsort(0));
  const m = rng.randn([3, n]);
  const picks = [n - 1, 0, -1, Math.floor(n / 2), n - 1];
  check("take rows", [m], (a) => a.take([2, 0, -1], 0));
  check("take along the last axis", [m], (a) => a.take(picks, 1));
  check("reduce rows (prod, min, argmax)", [m], (a) => stack([a.mul(0.9).prod(1), a.min(1), a.argmax(1).astype("float32")]));
  check("strided compact", [m], (a) => a.T.slice("::2").compact().add(1));
  check("strided setitem", [m], (a) => {
    const out = a.clone();
    out.slice(":", "1::3").assign(7);
    out.slice("0:1").assign(a.slice("2:3"));
    return out;
  });
}
for (const [mm, nn, pp] of [[1, 1, 1], [3, 5, 7], [33, 17, 65], [129, 257, 31], [130, 9, 129]]) {
  check("matmul", [rng.randn([mm, nn]), rng.randn([nn, pp])], (a, b) => a.matmul(b));
  check("matmul batched", [rng.randn([3, mm, nn]), rng.randn([3, nn, pp])], (a, b) => a.matmul(b));
  check("matmul transposed, 2-D right operand", [rng.randn([2, mm, nn]), rng.randn([pp, nn])], (a, w) => a.matmul(w.T));
}
// Reductions by each path: a thread per column, one block per row, rows split across blocks.
const wide = rng.randn([7, 300]);
check("reduce columns (sum over axis 0)", [wide.T.compact()], (a) => a.sum(0));
check("reduce split rows (full sum, argmax)", [rng.randn([20011])], (a) => stack([a.sum(), a.argmax().astype("float32")]));
check("broadcast add", [wide, rng.randn([300])], (a, b) => a.add(b));

if (wrong.length > 0) {
  console.log(`launches: ${wrong.length} of ${cases} cases differ from the cpu device: ${wrong.join("; ")}`);
  process.exit(1);
}
console.log(`launches: ${cases} cases on ${device.name} match the cpu device`);
