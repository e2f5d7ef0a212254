/**
 * What a launch must satisfy beyond computing the right numbers, checked on the emulation
 * addon: a configuration CUDA accepts at any size (a tall matmul once put its row tiles on
 * grid.y, capped at 65535, and failed past 65535 · 64 rows), and barriers that every
 * thread of a block meets together. A GPU does not report a syncThreads() that only some
 * threads reach (it hangs or computes garbage), so the emulator refuses one, naming the
 * kernel, the block, the threads and the line; divergent.cu, built into the emulation addon
 * only, misuses barriers in each way on purpose.
 */
import { describe, expect, it } from "vitest";
import { cpu, Generator } from "#ndarray";
import { DTYPE_CODES } from "../../ndarray/devices/cuda/buffer.js";
import { cudaEmulatedDevice as device } from "../../ndarray/devices/cuda/emulated.js";
import { emulationAddon, emulationReady } from "./emulation.js";

const { usable, skipped } = emulationReady();

/** The tile of out each matmul block computes when a side of out is under 128 (matmul.cu). */
const TILE = 64;
/** CUDA's limit on grid.y and grid.z. */
const MAX_YZ = 65535;

describe.skipIf(!usable)(`matmul launch configuration${skipped ? ` (skipped: ${skipped})` : ""}`, () => {
  it("a matmul of more than 65535 · 64 rows gets a launch CUDA accepts: every tile on grid.x", () => {
    const addon = emulationAddon();
    const m = MAX_YZ * TILE + 1;
    for (const dtype of ["float32", "float64", "int32"] as const) {
      const tall = addon.matmulLaunch(DTYPE_CODES[dtype], 1, m, 3);
      expect(tall.error).toBe("cudaSuccess");
      expect(tall.grid).toEqual([MAX_YZ + 1, 1, 1]);
      expect(tall.block).toEqual([16, 16, 1]);
    }
    const wide = addon.matmulLaunch(DTYPE_CODES.float32, 1, 3, MAX_YZ * TILE + 1);
    expect(wide).toMatchObject({ error: "cudaSuccess", grid: [MAX_YZ + 1, 1, 1] });
    // Both sides of out at least 128: the 128 × 128 tile (2 × 2 of them here).
    const both = addon.matmulLaunch(DTYPE_CODES.float32, 7, 130, 200);
    expect(both).toMatchObject({ error: "cudaSuccess", grid: [2 * 2, 1, 7], block: [16, 16, 1] });
    const small = addon.matmulLaunch(DTYPE_CODES.float32, 7, 127, 200);
    expect(small).toMatchObject({ error: "cudaSuccess", grid: [2 * 4, 1, 7] });
    // float64 takes the big tile too; int32, which would spill registers there, keeps the small one.
    expect(addon.matmulLaunch(DTYPE_CODES.float64, 7, 130, 200)).toMatchObject({ grid: [2 * 2, 1, 7] });
    expect(addon.matmulLaunch(DTYPE_CODES.int32, 7, 130, 200)).toMatchObject({ error: "cudaSuccess", grid: [3 * 4, 1, 7], block: [16, 16, 1] });
  });

  it("refuses, rather than truncates, a configuration past CUDA's limits", () => {
    const addon = emulationAddon();
    expect(addon.matmulLaunch(DTYPE_CODES.float32, MAX_YZ + 1, 2, 2).error).toBe("cudaErrorInvalidConfiguration");
    const tooMany = addon.matmulLaunch(DTYPE_CODES.float32, 1, 2 ** 31, 2 ** 20);
    expect(tooMany.error).toBe("cudaErrorInvalidConfiguration");
    expect(tooMany.grid[0]).toBe(2 ** 32 - 1);
  });

  it("a tall matmul runs: 5000 × 3 · 3 × 2, 79 row tiles along grid.x", () => {
    const gen = new Generator("cuda-launch tall");
    const a = gen.randint(-9, 10, [5000, 3], { device: cpu() });
    const b = gen.randint(-9, 10, [3, 2], { device: cpu() });
    const got = a.to(device).matmul(b.to(device)).toTypedArray();
    const [x, y] = [a.toTypedArray(), b.toTypedArray()];
    const want = new Int32Array(5000 * 2);
    for (let i = 0; i < 5000; i++) for (let j = 0; j < 2; j++) for (let k = 0; k < 3; k++) want[i * 2 + j] += x[i * 3 + k] * y[k * 2 + j];
    expect(Array.from(got)).toEqual(Array.from(want));
  });
});

describe.skipIf(!usable)(`barriers the threads of a block do not all meet${skipped ? ` (skipped: ${skipped})` : ""}`, () => {
  /** Runs divergent.cu's kernel in `mode`; returns what it wrote. */
  const runDivergent = (mode: number): number[] => {
    const addon = emulationAddon();
    if (!addon.divergentBarrier) throw new Error("the emulation addon lacks divergentBarrier (divergent.cu)");
    const out = addon.alloc(128 * 4);
    try {
      addon.divergentBarrier(mode, out);
      const host = new Int32Array(128);
      addon.toTypedArray(out, host);
      return Array.from(host);
    } finally {
      addon.free(out, 128 * 4);
    }
  };
  const failed = /^divergentBarrier: cudaErrorLaunchFailure \(719\): unspecified launch failure; emulation: DivergentBarrierKernel, block \(0,0,0\): /;

  it("runs a barrier every thread meets: each reads its neighbour's store", () => {
    const row = Array.from({ length: 64 }, (_, x) => ((x + 1) % 64) ** 2);
    expect(runDivergent(0)).toEqual([...row, ...row]);
  });

  it("refuses a syncThreads() that half the threads return before", () => {
    expect(() => runDivergent(1)).toThrow(failed);
    expect(() => runDivergent(1)).toThrow(
      /thread \(0,0,0\) waits at syncThreads\(\) divergent\.cu:\d+ \(its barrier 1\) but thread \(32,0,0\) ended having reached 0: every thread of a block must reach each syncThreads\(\), the same number of times$/,
    );
  });

  it("refuses a syncThreads() in a loop some threads go round more often", () => {
    expect(() => runDivergent(2)).toThrow(failed);
    expect(() => runDivergent(2)).toThrow(/thread \(1,0,0\) waits at syncThreads\(\) divergent\.cu:\d+ \(its barrier 2\) but thread \(0,0,0\) ended having reached 1/);
  });

  it("refuses barriers in the two arms of a branch, even when every thread waits once", () => {
    expect(() => runDivergent(3)).toThrow(failed);
    expect(() => runDivergent(3)).toThrow(
      /thread \(0,0,0\) waits at syncThreads\(\) divergent\.cu:(\d+) while thread \(1,0,0\) waits at divergent\.cu:(?!\1\b)\d+ \(barrier 1 of each\): the threads of a block must meet at the same syncThreads\(\)/,
    );
  });

  it("refuses syncThreads() in a kernel launched without barriers", () => {
    expect(() => runDivergent(4)).toThrow(failed);
    expect(() => runDivergent(4)).toThrow(/syncThreads\(\) at divergent\.cu:\d+ in a kernel launched without barriers/);
  });

  it("a failed launch's reason does not stick to the next error", () => {
    expect(() => runDivergent(1)).toThrow(failed);
    expect(() => runDivergent(5)).toThrow(/^divergentBarrier: cudaErrorInvalidValue \(1\): invalid argument$/);
  });
});
