import { describe, expect, it } from "vitest";
import {
  allDevices,
  array,
  cpu,
  cuda,
  defaultDevice,
  deviceByName,
  DeviceUnavailableError,
  KERNELS,
  setDefaultDevice,
  zeros,
} from "#ndarray";

describe("kernel table", () => {
  it("lists every kernel once", () => {
    expect(new Set(KERNELS).size).toBe(KERNELS.length);
  });

  describe.each(allDevices())("$name", (device) => {
    it.skipIf(!device.enabled)("implements every KERNELS entry as a function", () => {
      const missing = KERNELS.filter((k) => typeof (device as unknown as Record<string, unknown>)[k] !== "function");
      expect(missing).toEqual([]);
    });

    it.runIf(!device.enabled)("says why it is unavailable", () => {
      expect(device.reason).toMatch(/\w+/);
      expect(() => setDefaultDevice(device)).toThrow(DeviceUnavailableError);
      expect(() => setDefaultDevice(device)).toThrow(`device ${device.name} is unavailable: ${device.reason}`);
    });
  });
});

describe("device selection", () => {
  it("defaults to cpu and finds devices by name", () => {
    expect(defaultDevice()).toBe(cpu());
    expect(deviceByName("cpu")).toBe(cpu());
    expect(deviceByName("cuda")).toBe(cuda());
    expect(deviceByName("cpu-js").name).toBe("cpu-js");
    expect(allDevices().map((d) => d.name)).toEqual(["cpu", "cpu-js", "cuda"]);
    expect(() => deviceByName("tpu")).toThrow("device tpu is unavailable: unknown device; expected one of cpu, cpu-js, cuda");
  });

  it("puts new arrays on the default device and keeps views there", () => {
    const a = zeros([2, 3]);
    expect(a.device).toBe(cpu());
    expect(a.T.device).toBe(cpu());
    expect(array([1, 2]).to(cpu())).toBeDefined();
  });
});
