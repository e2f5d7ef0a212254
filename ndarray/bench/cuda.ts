/**
 * `npm run bench -- --device cuda [--sizes 512,1024,2048,4096]`: figures for the cuda device,
 * printed, never asserted.
 *
 * matmul (float32, n×n·n×n) in GFLOP/s, with its largest error relative to a float64
 * product computed on the cpu (up to n = 1024); host → device and device → host copies of
 * 64 MiB in GB/s; element-wise add, exp and sum over 1M float32 elements in ms. Kernel
 * launches are asynchronous, so every timed run ends by copying one element back to the
 * host, which waits for the kernels before it. `--device cuda-emulated` runs the same
 * figures on the emulation addon (CPU loops; only to check the bench itself, with small sizes).
 */
import { cpu, deviceByName, Generator, type Device, type NDArray } from "#ndarray";
import { cudaEmulatedDevice } from "../devices/cuda/emulated.js";
import { time } from "./timing.js";

/** Waits for the device: copies one element of `x` to the host, then frees `x`'s buffer. */
function settle(x: NDArray): void {
  x.reshape([-1]).slice("0:1").toTypedArray();
  x.device.free(x.buffer);
}

const fmt = (x: number, digits = 2) => x.toFixed(digits).padStart(10);

export function deviceForBench(name: string): Device {
  return name === "cuda-emulated" ? cudaEmulatedDevice : deviceByName(name);
}

export function benchDevice(device: Device, sizes: readonly number[]): void {
  const rng = new Generator(0);
  console.log(`device ${device.name}`);
  console.log("\nmatmul, float32 (GFLOP/s; median of several runs)");
  console.log("     n     GFLOP/s          ms   rel.err vs f64");
  for (const n of sizes) {
    const aHost = rng.randn([n, n]);
    const bHost = rng.randn([n, n]);
    const a = aHost.to(device);
    const b = bHost.to(device);
    const ms = time(n <= 1024 ? 9 : 5, () => settle(a.matmul(b)));
    let err = "";
    if (n <= 1024) {
      const want = aHost.astype("float64").matmul(bHost.astype("float64")).toTypedArray();
      const got = a.matmul(b).to(cpu()).toTypedArray();
      let scale = 0;
      let worst = 0;
      for (let i = 0; i < want.length; i++) {
        scale = Math.max(scale, Math.abs(want[i]));
        worst = Math.max(worst, Math.abs(got[i] - want[i]));
      }
      err = (worst / scale).toExponential(1);
    }
    console.log(`${String(n).padStart(6)} ${fmt((2 * n ** 3) / (ms * 1e6))} ${fmt(ms, 3)} ${err.padStart(16)}`);
    device.free(a.buffer);
    device.free(b.buffer);
  }

  const elements = 16 * 2 ** 20;
  const host = new Float32Array(elements).map((_, i) => i % 1000);
  const bytes = host.byteLength;
  const onDevice = device.fromTypedArray(host);
  const up = time(5, () => device.free(device.fromTypedArray(host)));
  const down = time(5, () => device.toTypedArray(onDevice));
  device.free(onDevice);
  console.log(`\ncopies of ${bytes / 2 ** 20} MiB (GB/s; median of 5 runs)`);
  console.log(`  host → device ${fmt(bytes / (up * 1e6))}`);
  console.log(`  device → host ${fmt(bytes / (down * 1e6))}`);

  console.log("\nelement-wise, 1M float32 elements (ms; median of 9 runs)");
  const x = rng.randn([1000, 1000]).to(device);
  const y = rng.randn([1000, 1000]).to(device);
  for (const [name, f] of [
    ["add", () => x.add(y)],
    ["exp", () => x.exp()],
    ["sum", () => x.sum()],
  ] as const) {
    console.log(`${name.padStart(6)} ${fmt(time(9, () => settle(f())), 3)}`);
  }

  // An embedding lookup: one gather launch, whatever the number of tokens (the host checks the ids first).
  const [vocab, dim, tokens] = [32_000, 512, 4096];
  const table = rng.randn([vocab, dim]).to(device);
  const ids = Array.from(rng.randint(0, vocab, [tokens]).toTypedArray());
  const ms = time(9, () => settle(table.take(ids, 0)));
  console.log(`
take: ${tokens} rows of ${dim} float32 from a ${vocab}-row table (ms; median of 9 runs)`);
  console.log(`  take ${fmt(ms, 3)} ${fmt((2 * tokens * dim * 4) / (ms * 1e6))} GB/s (rows read and written)`);
  device.free(table.buffer);
}
