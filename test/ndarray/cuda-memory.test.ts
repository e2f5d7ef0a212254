/**
 * The cuda device's memory, on the emulation addon (the allocator is host code, the same in
 * both builds): freed blocks are reused by size class rather than returned to CUDA, an
 * output is never zero-filled when its kernel writes all of it (the zeros `alloc` promises
 * are written only when something reads them), and large host copies go through the
 * pinned staging buffers in chunks. Figures come from the addon's own counters.
 */
import { describe, expect, it } from "vitest";
import { array, cpu, zeros } from "#ndarray";
import { cudaEmulatedDevice as device } from "../../ndarray/devices/cuda/emulated.js";
import { counted, emulationAddon, emulationReady } from "./emulation.js";

const { usable, skipped } = emulationReady();

describe.skipIf(!usable)(`cuda memory${skipped ? ` (skipped: ${skipped})` : ""}`, () => {
  it("a freed block is handed out again for a request of its size class, with no cudaMalloc", () => {
    const addon = emulationAddon();
    addon.emptyCache();
    const first = counted(() => addon.free(addon.alloc(1000), 1000));
    expect(first).toMatchObject({ mallocs: 1, reuses: 0, releases: 1, frees: 0, cachedBytes: 1024 });
    // 1000 and 900 bytes share the 1 KiB class; 1100 bytes is the next class (1280).
    const again = counted(() => {
      const p = addon.alloc(900);
      expect(addon.stats().liveBytes).toBeGreaterThanOrEqual(1024);
      addon.free(p, 900);
    });
    expect(again).toMatchObject({ mallocs: 0, reuses: 1, cachedBytes: 0 });
    const other = counted(() => addon.free(addon.alloc(1100), 1100));
    expect(other).toMatchObject({ mallocs: 1, reuses: 0, cachedBytes: 1280 });
    const emptied = counted(() => addon.emptyCache());
    expect(emptied.frees).toBeGreaterThanOrEqual(2);
    expect(addon.stats().cachedBytes).toBe(0);
  });

  it("a training-like loop allocates nothing new after its first step", () => {
    const w = array([[1, 2], [3, 4]], { dtype: "float32", device });
    const step = () => {
      const h = w.matmul(w);
      const shifted = h.add(1);
      const y = shifted.exp();
      const loss = y.sum();
      loss.toTypedArray();
      for (const t of [h, shifted, y, loss]) device.free(t.buffer);
    };
    step();
    expect(counted(step).mallocs).toBe(0);
  });

  it("an op's output is not zero-filled: an add is one launch and no fill", () => {
    const x = array([1, 2, 3], { dtype: "float32", device });
    const y = array([10, 20, 30], { dtype: "float32", device });
    let sum = x;
    expect(counted(() => void (sum = x.add(y))).launches).toBe(1);
    expect(Array.from(sum.toTypedArray())).toEqual([11, 22, 33]);
  });

  it("the zeros alloc promises are there when read: by a kernel, by a host copy, around a partial write", () => {
    // A reused block holds garbage (0xFF bytes in the emulator: NaN) until something writes it.
    const scratch = device.fromTypedArray(new Float32Array(64).fill(7));
    device.free(scratch);
    let z = zeros([64], { device });
    const copy = counted(() => expect(Array.from(z.toTypedArray())).toEqual(new Array(64).fill(0)));
    expect(copy).toMatchObject({ launches: 0, hostCopies: 0 });
    expect(counted(() => void (z = z.add(1))).launches).toBe(2);
    expect(Array.from(z.toTypedArray())).toEqual(new Array(64).fill(1));
    const part = zeros([4, 4], { device, dtype: "int32" });
    part.slice(1, "1:3").assign(5);
    expect(part.toArray()).toEqual([[0, 0, 0, 0], [0, 5, 5, 0], [0, 0, 0, 0], [0, 0, 0, 0]]);
    const whole = zeros([3], { device });
    expect(counted(() => void whole.slice(":").assign(2)).launches).toBe(1);
    expect(Array.from(whole.toTypedArray())).toEqual([2, 2, 2]);
  });

  it("a large host copy goes through the pinned staging buffers in chunks, both ways, unchanged", () => {
    const n = 3 * 2 ** 20 + 5; // 12 MiB and a bit: three 4 MiB chunks and a remainder
    const host = new Float32Array(n).map((_, i) => i % 4099);
    let back: Float32Array = new Float32Array(0);
    const moved = counted(() => {
      const buf = device.fromTypedArray(host);
      const got = device.toTypedArray(buf);
      if (!(got instanceof Float32Array)) throw new Error("expected a Float32Array");
      back = got;
      device.free(buf);
    });
    expect(moved).toMatchObject({ hostCopies: 2, stagedCopies: 2 });
    expect(back.length).toBe(n);
    expect(back.every((v, i) => v === host[i])).toBe(true);
    const small = counted(() => void array([1, 2], { device }).to(cpu()));
    expect(small).toMatchObject({ hostCopies: 2, stagedCopies: 0 });
  });
});
