/**
 * Devices. `cpu` (WebAssembly kernels) and `cpu-js` (the same kernels in plain TypeScript,
 * their readable reference) always run; `cuda` reports whether it can run here and why not.
 * The default device is where creation functions and random draws put new arrays.
 */
import type { Device } from "../device.js";
import { DeviceUnavailableError } from "../errors.js";
import { cpuDevice } from "./cpu/index.js";
import { cpuJsDevice } from "./cpu-js/index.js";
import { cudaDevice } from "./cuda/index.js";
import { addonPath } from "./cuda/load.js";
import * as v from "../validate.js";

export function cpu(): Device {
  v.arity("cpu", arguments, []);
  return cpuDevice;
}

export function cuda(): Device {
  v.arity("cuda", arguments, []);
  return cudaDevice;
}

/** Every device this kit knows, enabled or not (tests skip the disabled ones, with the reason). */
export function allDevices(): Device[] {
  v.arity("allDevices", arguments, []);
  return [cpuDevice, cpuJsDevice, cudaDevice];
}

let current: Device = cpuDevice;

export function defaultDevice(): Device {
  v.arity("defaultDevice", arguments, []);
  return current;
}

/** Makes `device` (or its name) the default for new arrays; throws with the reason if it cannot run here. */
export function setDefaultDevice(device: Device | string): void {
  v.arity("setDefaultDevice", arguments, ["device"]);
  const chosen = v.device("setDefaultDevice", "device", device);
  if (!chosen.enabled) throw new DeviceUnavailableError(chosen.name, chosen.reason ?? "unknown reason");
  current = chosen;
}

/** Looks a device up by name, as the command-line flag `--device cpu|cpu-js|cuda` gives it. */
export function deviceByName(name: string): Device {
  v.arity("deviceByName", arguments, ["name"]);
  v.string("deviceByName", "name", name);
  const known = [cpuDevice, cpuJsDevice, cudaDevice];
  const found = known.find((d) => d.name === name);
  if (!found) throw new DeviceUnavailableError(name, `unknown device; expected one of ${known.map((d) => d.name).join(", ")}`);
  return found;
}

/** Where the cuda device loads its addon from (the grader lets its sandbox read this file's folder). */
export function cudaAddonPath(): string {
  v.arity("cudaAddonPath", arguments, []);
  return addonPath("cuda");
}
