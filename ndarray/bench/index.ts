/**
 * `npm run bench [-- --json] [--skip-trainers]`: the cpu device (WebAssembly) against cpu-js
 * (the same kernels in TypeScript) and plain-JS or PyTorch baselines, printed, never
 * asserted: machines are shared and noisy, so every comparison is a ratio of figures timed
 * in the same run.
 *
 * Each row: median ms on cpu and cpu-js, the baseline's ms, cpu-js/cpu and baseline/cpu
 * (above 1: cpu is faster), and the ratio the case is held to with whether this run met it.
 * Then every target of the issue in one table, now against target, met or not, the
 * trainers' epoch times included (bench/trainers.ts; `--skip-trainers` leaves out those
 * runs, a minute or so). `--json` prints the same as one JSON object.
 * `npm run bench -- --device cuda` prints the cuda device's own figures instead (bench/cuda.ts).
 */
import { parseArgs } from "node:util";
import { benchDevice, deviceForBench } from "./cuda.js";
import { cpuFigures, type Figure } from "./cpu.js";
import { trainerFigures } from "./trainers.js";

const cli = parseArgs({
  options: { device: { type: "string", default: "cpu" }, sizes: { type: "string" }, json: { type: "boolean", default: false }, "skip-trainers": { type: "boolean", default: false } },
}).values;
if (cli.device !== "cpu") {
  const device = deviceForBench(cli.device);
  if (!device.enabled) {
    console.error(`bench: device ${cli.device} is unavailable: ${device.reason}`);
    process.exit(1);
  }
  benchDevice(device, (cli.sizes ?? "512,1024,2048,4096").split(",").map(Number));
  process.exit(0);
}

/** The case's ratios and whether the target (if any) was met. */
function judged(f: Figure) {
  const vsJs = f.cpuJs / f.cpu;
  const vsBaseline = typeof f.baseline?.ms === "number" ? f.baseline.ms / f.cpu : undefined;
  const ratio = f.target?.against === "cpu-js" ? vsJs : vsBaseline;
  return { ...f, vsJs, vsBaseline, met: f.target && ratio !== undefined ? ratio >= f.target.atLeast : undefined };
}

/** One line of the targets table: what is measured, its figure now, the target, and whether it was met. */
interface TargetRow {
  readonly measure: string;
  readonly now: string;
  readonly target: string;
  readonly met: boolean | undefined;
}

const rows = (await cpuFigures()).map(judged);
const epochs = cli["skip-trainers"] ? [] : trainerFigures();
const targets: TargetRow[] = [
  ...rows.flatMap((r) => {
    if (r.target === undefined) return [];
    const ratio = r.target.against === "cpu-js" ? r.vsJs : r.vsBaseline;
    const against = r.target.against === "cpu-js" ? "cpu-js/cpu" : `${r.baseline?.name ?? "baseline"}/cpu`;
    return [{ measure: `${r.name} (${against})`, now: ratio === undefined ? String(r.baseline?.ms) : `${ratio.toFixed(2)}×`, target: `≥ ${r.target.atLeast.toPrecision(2)}×`, met: r.met }];
  }),
  ...epochs.map((e) => ({
    measure: e.name,
    now: typeof e.ms === "number" ? `${(e.ms / 1000).toFixed(2)} s` : e.ms,
    target: `≤ ${(e.atMost / 1000).toFixed(1)} s`,
    met: typeof e.ms === "number" ? e.ms <= e.atMost : undefined,
  })),
];
if (cli.json) {
  console.log(JSON.stringify({ unit: "ms (median)", figures: rows, epochs, targets }, null, 2));
} else {
  const ms = (x: number) => x.toFixed(2).padStart(9);
  const ratio = (x: number | undefined) => (x === undefined ? "" : `${x.toFixed(2)}×`).padStart(9);
  console.log(`${"case".padEnd(36)} ${"cpu ms".padStart(9)} ${"cpu-js ms".padStart(9)} ${"base ms".padStart(9)} ${"js/cpu".padStart(9)} ${"base/cpu".padStart(9)}  target`);
  for (const r of rows) {
    const base = r.baseline === undefined ? "" : typeof r.baseline.ms === "number" ? ms(r.baseline.ms) : "";
    const target = r.target ? `${r.target.against === "cpu-js" ? "js/cpu" : "base/cpu"} ≥ ${r.target.atLeast.toPrecision(2)}: ${r.met === undefined ? "n/a" : r.met ? "met" : "MISSED"}` : "";
    const note = r.baseline ? ` (base: ${r.baseline.name}${typeof r.baseline.ms === "string" ? `, ${r.baseline.ms}` : ""})` : "";
    console.log(`${r.name.padEnd(36)} ${ms(r.cpu)} ${ms(r.cpuJs)} ${base.padStart(9)} ${ratio(r.vsJs)} ${ratio(r.vsBaseline)}  ${target}${note}`);
  }
  console.log(`\n${"target".padEnd(64)} ${"now".padStart(10)} ${"target".padStart(10)}  met`);
  for (const t of targets) console.log(`${t.measure.padEnd(64)} ${t.now.padStart(10)} ${t.target.padStart(10)}  ${t.met === undefined ? "n/a" : t.met ? "met" : "MISSED"}`);
}
