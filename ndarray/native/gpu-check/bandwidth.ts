/**
 * gpu:check's memory figures for a device (`cuda`; `cuda-emulated` with a small
 * `--elements` to try the script without a GPU): element-wise add in GB/s beside a
 * device-to-device copy (the compact kernel on a contiguous view, the best an element-wise
 * kernel can do), a full sum() in GB/s, and the per-op cost of a small add, which is launch
 * overhead rather than work. The kernels are called on the device directly with outputs
 * allocated once, so no allocation is timed. Launches are asynchronous: each timed run ends
 * by copying a one-element buffer to the host, which waits for the kernels before it.
 * Figures are printed, never asserted.
 */
import { parseArgs } from "node:util";
import type { Device, DeviceBuffer } from "#ndarray";
import { deviceForBench } from "../../bench/cuda.js";
import { time } from "../../bench/timing.js";
import { SKIPPED_EXIT } from "./steps.js";

const cli = parseArgs({ options: { device: { type: "string", default: "cuda" }, elements: { type: "string", default: String(2 ** 24) } } }).values;
const device: Device = deviceForBench(cli.device);
if (!device.enabled) {
  console.log(`bandwidth: device ${device.name} is unavailable: ${device.reason ?? "unknown reason"}`);
  process.exit(SKIPPED_EXIT);
}

const n = Number(cli.elements);
const host = new Float32Array(n).map((_, i) => (i % 1000) / 1000);
const a = device.fromTypedArray(host);
const b = device.fromTypedArray(host);
const out = device.alloc(n, "float32");
const total = device.alloc(1, "float32");
const fence = device.alloc(1, "float32");
const wait = (): void => void device.toTypedArray(fence);
const timed = (f: () => void): number =>
  time(9, () => {
    f();
    wait();
  });

const gbps = (bytes: number, ms: number): string => (bytes / (ms * 1e6)).toFixed(1).padStart(9);
const mib = ((n * 4) / 2 ** 20).toFixed(1);
const add = timed(() => device.ewiseAdd(a, b, out));
const copy = timed(() => device.compact(a, out, [n], [1], 0));
const sum = timed(() => device.reduceSum(a, total, n));
console.log(`device ${device.name}: ${n} float32 elements (${mib} MiB per array), GB/s of bytes read and written, median of 9 runs`);
console.log(`  add (2 reads, 1 write)     ${gbps(3 * n * 4, add)} GB/s  ${add.toFixed(3).padStart(9)} ms`);
console.log(`  d2d copy (compact)         ${gbps(2 * n * 4, copy)} GB/s  ${copy.toFixed(3).padStart(9)} ms`);
console.log(`  add / copy bandwidth       ${((3 * copy) / (2 * add)).toFixed(2).padStart(9)}`);
console.log(`  sum() to one element       ${gbps(n * 4, sum)} GB/s  ${sum.toFixed(3).padStart(9)} ms`);

const small: DeviceBuffer[] = [device.fromTypedArray(new Float32Array(16)), device.fromTypedArray(new Float32Array(16)), device.alloc(16, "float32")];
const ops = 1000;
const perOp = timed(() => {
  for (let i = 0; i < ops; i++) device.ewiseAdd(small[0], small[1], small[2]);
}) / ops;
console.log(`  add of 16 elements         ${(perOp * 1000).toFixed(2).padStart(9)} µs per op (launch overhead; ${ops} back to back)`);
for (const buf of [a, b, out, total, fence, ...small]) device.free(buf);
