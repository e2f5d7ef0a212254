/**
 * Whether the emulated cuda device can run here, for the test files that use it. The addon
 * is built first when it is missing or older than its sources and nvcc is present. No nvcc
 * is a reason to skip (a machine without the CUDA toolkit cannot test the kernels); nvcc
 * present but a broken build, or an addon that does not load, is a failure the tests show.
 */
import { ensureEmulatedAddon, type BuildResult } from "../../native/build.js";
import { cudaEmulatedDevice } from "./emulated.js";

export interface EmulatedReadiness {
  /** The addon is built and loads: the tests run. */
  readonly usable: boolean;
  /** Why it cannot run although nvcc is here: the tests fail with this. */
  readonly failure: string | null;
  /** Why it cannot run because there is no nvcc: the tests skip, saying this. */
  readonly skipped: string | null;
  /** The build this call ran, when the addon was missing or stale. */
  readonly built: BuildResult | null;
}

export function emulatedReadiness(): EmulatedReadiness {
  const ready = ensureEmulatedAddon();
  if (!ready.ok) {
    const why = ready.why === "unavailable" ? { failure: null, skipped: ready.reason } : { failure: ready.reason, skipped: null };
    return { usable: false, built: null, ...why };
  }
  if (!cudaEmulatedDevice.enabled) return { usable: false, failure: cudaEmulatedDevice.reason ?? "unknown reason", skipped: null, built: ready.built };
  return { usable: true, failure: null, skipped: null, built: ready.built };
}
