/**
 * What the test files of the cuda emulation addon share: whether the addon is here (where
 * it should build but did not, the file gets one failing test saying why instead of
 * skipping quietly), the addon itself, and what a call added to its counters.
 */
import { it } from "vitest";
// The library first: the cuda device modules below are part of its import cycle.
import "#ndarray";
import type { AddonStats, CudaAddon } from "../../ndarray/devices/cuda/addon.js";
import { emulatedReadiness } from "../../ndarray/devices/cuda/emulated-ready.js";
import { loadAddon } from "../../ndarray/devices/cuda/load.js";

/** Whether the emulated device can run here, and why not when it is only missing; call once at a file's top. */
export function emulationReady(): { usable: boolean; skipped: string | null } {
  const { usable, failure, skipped } = emulatedReadiness();
  if (failure !== null) {
    it("the emulation addon builds and loads (nvcc is here)", () => {
      throw new Error(failure);
    });
  }
  return { usable, skipped };
}

export function emulationAddon(): CudaAddon {
  const loaded = loadAddon("emulated");
  if (!loaded.addon) throw new Error(loaded.reason);
  return loaded.addon;
}

/** What `f` added to each of the addon's counters, and what it returned. */
export function counted<R>(f: () => R): AddonStats & { result: R } {
  const addon = emulationAddon();
  const before = addon.stats();
  const result = f();
  const after = addon.stats();
  const keys = Object.keys(before) as (keyof AddonStats)[];
  return { ...(Object.fromEntries(keys.map((k) => [k, after[k] - before[k]])) as Record<keyof AddonStats, number>), result };
}
