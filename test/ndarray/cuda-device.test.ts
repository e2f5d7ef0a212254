/**
 * The NDArray suite on a device named by KIT_TEST_DEVICE (`cuda` on a machine with a GPU;
 * `npm run gpu:check` sets it). Ordinary runs leave it unset, and this file only says how to
 * use it: a GPU suite must be asked for, because the default suite is timed for two CPU
 * cores. A named device that cannot run here (the cuda addon not built, no driver, no GPU)
 * skips with the device's own reason, so a skipped run never reads as a pass on the GPU.
 *
 * The files rerun are those cuda-emulated.test.ts reruns (rerun.ts).
 */
import { describe, expect, it } from "vitest";
import { deviceByName, KERNELS } from "#ndarray";
import { rerunSuiteOn } from "./rerun.js";

const named = process.env.KIT_TEST_DEVICE;
const device = named ? deviceByName(named) : null;
const skipped = !device ? "KIT_TEST_DEVICE is not set (KIT_TEST_DEVICE=cuda runs the NDArray suite on the GPU)" : device.enabled ? null : `device ${device.name} is unavailable: ${device.reason ?? "unknown reason"}`;
if (skipped) console.log(`cuda-device.test.ts: skipping: ${skipped}`);

describe.skipIf(skipped !== null)(`KIT_TEST_DEVICE=${named ?? ""}${skipped ? ` (skipped: ${skipped})` : ""}`, () => {
  it("the device implements every KERNELS entry", () => {
    const missing = KERNELS.filter((k) => typeof device?.[k] !== "function");
    expect(missing).toEqual([]);
  });
});

if (device && skipped === null) rerunSuiteOn(device, device.name);
