/**
 * `npm run bench [-- --json]`: the cpu device (WebAssembly) against cpu-js (the same kernels
 * in TypeScript) and plain-JS or PyTorch baselines, printed, never asserted: machines are
 * shared and noisy, so every comparison is a ratio of figures timed in the same run.
 *
 * Each row: median ms on cpu and cpu-js, the baseline's ms, cpu-js/cpu and baseline/cpu
 * (above 1: cpu is faster), and the ratio the case is held to with whether this run met it.
 * `--json` prints the same as one JSON object. `npm run bench -- --device cuda` prints the
 * cuda device's own figures instead (bench/cuda.ts).
 */
import { parseArgs } from "node:util";
import { benchDevice, deviceForBench } from "./cuda.js";
import { cpuFigures, type Figure } from "./cpu.js";

const cli = parseArgs({ options: { device: { type: "string", default: "cpu" }, sizes: { type: "string" }, json: { type: "boolean", default: false } } }).values;
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

const rows = (await cpuFigures()).map(judged);
if (cli.json) {
  console.log(JSON.stringify({ unit: "ms (median)", figures: rows }, null, 2));
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
}
