/**
 * The CUDA kernels without a GPU: the emulation addon runs the very .cu kernel bodies as
 * CPU loops over each launch's grid and block (ndarray/native/emulate.h). This file builds
 * it when nvcc is present and it is missing or stale, makes its device the default, and
 * then runs every NDArray test file of this folder again, so the same property tests the
 * cpu device passes now pass through the CUDA kernels' index arithmetic. Without nvcc it
 * skips, saying why. Below those: what only the cuda device has (release, errors, the
 * loader's reasons). The other cuda-*.test.ts files test the kernels at scale and the
 * emulator's own checks; they choose their device themselves and are not rerun here.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { arange, array, cpu, cuda, KERNELS, zeros } from "#ndarray";
import { cudaEmulatedDevice as device } from "../../ndarray/devices/cuda/emulated.js";
import { emulatedReadiness } from "../../ndarray/devices/cuda/emulated-ready.js";
import { mergeAxes } from "../../ndarray/devices/cuda/strided.js";
import { addonPath, describeProbeFailure, loadAddon } from "../../ndarray/devices/cuda/load.js";
import { rerunSuiteOn } from "./rerun.js";

const { usable, failure, skipped, built } = emulatedReadiness();
if (skipped) console.log(`cuda-emulated.test.ts: skipping the emulated CUDA device: ${skipped}`);
else if (built) console.log(`cuda-emulated.test.ts: built the emulation addon in ${built.seconds.toFixed(1)} s`);

if (failure !== null) {
  it("the emulation addon builds and loads (nvcc is here)", () => {
    throw new Error(failure);
  });
}

describe.skipIf(!usable)(`cuda-emulated: the CUDA kernels as CPU loops${skipped ? ` (skipped: ${skipped})` : ""}`, () => {
  it("implements every KERNELS entry as a function", () => {
    const missing = KERNELS.filter((k) => typeof (device as unknown as Record<string, unknown>)[k] !== "function");
    expect(missing).toEqual([]);
  });

  it("frees deterministically: free() and dispose() are idempotent, a freed buffer cannot be used", () => {
    const buf = device.fromTypedArray(new Float32Array([1, 2, 3]));
    expect(Array.from(device.toTypedArray(buf))).toEqual([1, 2, 3]);
    device.free(buf);
    device.free(buf);
    (buf as unknown as { dispose(): void }).dispose();
    expect(() => device.toTypedArray(buf)).toThrow("toTypedArray: the float32 buffer of 3 elements was freed");
    const out = device.alloc(3, "float32");
    expect(() => device.ewiseNeg(buf, out)).toThrow("ewiseNeg: the float32 buffer of 3 elements was freed");
  });

  it("rejects a buffer of another device or of the wrong dtype, naming the kernel", () => {
    const a = device.alloc(4, "float32");
    const wrong = device.alloc(4, "int32");
    expect(() => device.ewiseAdd(a, wrong, device.alloc(4, "float32"))).toThrow("ewiseAdd: b must be float32, got int32");
    const cpuBuf = zeros([4], { device: cpu() }).buffer;
    expect(() => device.ewiseExp(cpuBuf, a)).toThrow("ewiseExp: expected a buffer of device cuda-emulated");
  });

  it("an impossible allocation is an error naming the op and the CUDA error", () => {
    expect(() => device.alloc(2 ** 50, "float64")).toThrow(/^alloc: cudaErrorMemoryAllocation \(2\): out of memory/);
  });

  it("a kernel that writes past its buffer is reported as cudaErrorIllegalAddress", () => {
    // compact of a view that the TS checks would refuse, sent to the addon directly: out is one element short
    const loaded = loadAddon("emulated");
    if (!loaded.addon) throw new Error(loaded.reason);
    const { addon } = loaded;
    const src = addon.fromTypedArray(new Float32Array([1, 2, 3, 4]));
    const out = addon.alloc(3 * 4);
    expect(() => addon.compact(src, 0, out, 0, [4], [1], 0, 4)).toThrow(/^compact: cudaErrorIllegalAddress \(700\)/);
    expect(() => addon.compact(src, 0, 5 as unknown as bigint, 0, [4], [1], 0, 4)).toThrow("compact: argument 2 must be a device pointer (bigint)");
  });

  it("merges contiguous axes so deep views fit the 8-axis kernel, and says so when they cannot", () => {
    expect(mergeAxes("compact", [2, 3, 4], [12, 4, 1])).toEqual([[24], [1]]);
    expect(mergeAxes("compact", [2, 1, 3], [3, 99, 1])).toEqual([[6], [1]]);
    expect(mergeAxes("compact", [2, 3], [1, 2])).toEqual([[2, 3], [1, 2]]);
    const deep = arange(0, 2 ** 10, 1, { device }).reshape(new Array(10).fill(2));
    const want = arange(0, 2 ** 10, 1, { device: cpu() }).reshape(new Array(10).fill(2));
    expect(Array.from(deep.transpose(0, 1).toTypedArray())).toEqual(Array.from(want.transpose(0, 1).toTypedArray()));
    expect(() => deep.T.compact()).toThrow("compact: the cuda device takes strided views of at most 8 axes after merging contiguous ones");
    expect(() => mergeAxes("compact", new Array(9).fill(2), new Array(9).fill(0).map((_, i) => 2 ** (2 * i)))).toThrow(
      "compact: the cuda device takes strided views of at most 8 axes after merging contiguous ones",
    );
  });

  it("moves arrays between cpu and the device", () => {
    const x = array([[1, 2], [3, 4]], { dtype: "float64", device: cpu() });
    const y = x.to(device).T.mul(2).add(1).to(x.device);
    expect(y.toArray()).toEqual([[3, 7], [5, 9]]);
  });

  // Both builds link with exports.map; the emulated one is the one built here.
  const nm = spawnSync("nm", ["--version"]).status === 0;
  it.skipIf(!nm)(`exports Node-API's two entry points and no other symbol${nm ? "" : " (skipped: no nm here)"}`, () => {
    const listed = spawnSync("nm", ["-D", "--defined-only", addonPath("emulated")], { encoding: "utf8" });
    expect(listed.status).toBe(0);
    const names = listed.stdout.trim().split("\n").map((line) => line.split(" ").at(-1));
    expect(names.sort()).toEqual(["napi_register_module_v1", "node_api_module_get_api_version_v1"]);
  });
});

describe("cuda loader", () => {
  it("the cuda device says why it cannot run here (not built, no driver, no device), never throws", () => {
    const d = cuda();
    if (d.enabled) return;
    expect(d.reason).toMatch(/not built|no CUDA driver|no CUDA device|driver is too old|cannot start|could not be loaded|build/);
  });

  it("describes a failed probe with CUDA's error name and code", () => {
    const base = { count: 0, name: "", major: 0, minor: 0, totalMemory: 0, runtimeVersion: 13000, emulated: false };
    expect(describeProbeFailure({ ...base, error: 35, errorName: "cudaErrorInsufficientDriver", errorString: "CUDA driver version is insufficient for CUDA runtime version", driverVersion: 0 })).toBe(
      "no CUDA driver: cudaGetDeviceCount returned cudaErrorInsufficientDriver (35): CUDA driver version is insufficient for CUDA runtime version (no NVIDIA driver is installed or loadable here)",
    );
    expect(describeProbeFailure({ ...base, error: 35, errorName: "cudaErrorInsufficientDriver", errorString: "x", driverVersion: 12020 })).toMatch(
      "the CUDA driver is too old: cudaGetDeviceCount returned cudaErrorInsufficientDriver (35): x (driver supports CUDA 12.2, the addon needs 13.0)",
    );
    expect(describeProbeFailure({ ...base, error: 100, errorName: "cudaErrorNoDevice", errorString: "no CUDA-capable device is detected", driverVersion: 13000 })).toBe(
      "no CUDA device: cudaGetDeviceCount returned cudaErrorNoDevice (100): no CUDA-capable device is detected",
    );
  });
});

// The NDArray test files of this folder, again, with the emulated device as the default.
if (usable) rerunSuiteOn(device, "cuda-emulated");
