/**
 * The emulator's warp shuffle against CUDA's documentation of __shfl_down_sync (CUDA C++
 * Programming Guide, "Warp Shuffle Functions"): lane i of a width-w segment gets the value
 * of lane i + delta when i % w + delta < w, and its own value otherwise; lanes are numbered
 * by the linear thread index, 32 to a warp; with the full mask every lane must take part.
 * warps.cu (emulation build only) shuffles x² in a block of 64 threads.
 */
import { describe, expect, it } from "vitest";
import { emulationAddon, emulationReady } from "./emulation.js";

const { usable, skipped } = emulationReady();

/** What the documentation says thread x gets, in a block of 64 threads shuffling x². */
function documented(delta: number, width: number): number[] {
  return Array.from({ length: 64 }, (_, x) => {
    const lane = x % 32;
    return (lane % width) + delta < width ? (x + delta) ** 2 : x ** 2;
  });
}

function shuffle(mode: number, delta: number, width: number): number[] {
  const addon = emulationAddon();
  const shuffleKernel = addon.warpShuffle;
  if (!shuffleKernel) throw new Error("the emulation addon has no warpShuffle");
  const out = addon.alloc(64 * 4);
  try {
    shuffleKernel(mode, delta, width, out);
    const host = new Int32Array(64);
    addon.toTypedArray(out, host);
    return Array.from(host);
  } finally {
    addon.free(out, 64 * 4);
  }
}

describe.skipIf(!usable)(`emulated __shfl_down_sync${skipped ? ` (skipped: ${skipped})` : ""}`, () => {
  it("returns lane i + delta's value within the segment, the caller's own past its end", () => {
    for (const [delta, width] of [[1, 32], [16, 32], [5, 32], [0, 32], [1, 8], [3, 4], [31, 32], [2, 2]]) {
      expect(shuffle(0, delta, width), `delta ${delta}, width ${width}`).toEqual(documented(delta, width));
    }
  });

  it("never reads across warps: lane 31 of warp 0 keeps its value, lane 0 of warp 1 reads lane 1 of warp 1", () => {
    const got = shuffle(0, 1, 32);
    expect(got[31]).toBe(31 ** 2);
    expect(got[32]).toBe(33 ** 2);
  });

  it("refuses a full-mask shuffle that some lanes of the warp skip, naming the kernel and the lanes", () => {
    expect(() => shuffle(1, 1, 32)).toThrow(
      /^warpShuffle: cudaErrorLaunchFailure \(719\): unspecified launch failure; emulation: WarpShuffleKernel, block \(0,0,0\): thread \(32,0,0\) shuffles at warps\.cu:\d+ while thread \(33,0,0\) of its warp has ended: with the full-warp mask every lane of the warp must reach the same shuffle$/,
    );
  });

  it("refuses a width that is not a power of two up to 32", () => {
    expect(() => shuffle(0, 1, 12)).toThrow(/of width 12: CUDA takes a power of two up to 32/);
  });
});
