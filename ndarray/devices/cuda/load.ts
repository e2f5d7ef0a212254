/**
 * Finding, loading and probing the addon. Never throws: every way it can fail (not built,
 * built for the other variant, cannot be loaded, no CUDA driver, no device) comes back as a
 * `reason` a person can act on.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CudaAddon, ProbeInfo } from "./addon.js";

/** `cuda`: the nvcc build for a GPU; `emulated`: the same kernels run as CPU loops. */
export type Variant = "cuda" | "emulated";

export const ADDON_FILES: Record<Variant, string> = {
  cuda: "kit_cuda.node",
  emulated: "kit_cuda_emulated.node",
};

const BUILD_COMMAND: Record<Variant, string> = {
  cuda: "npm run build:cuda",
  emulated: "npm run build:cuda -- --emulate",
};

/**
 * Where `npm run build:cuda` puts the addon: ndarray/native/build/Release/, or the folder
 * named by KIT_CUDA_ADDON_DIR (for code bundled away from this file, such as the grader's
 * sandboxed child).
 */
export function addonPath(variant: Variant): string {
  const dir = typeof process !== "undefined" ? process.env?.KIT_CUDA_ADDON_DIR : undefined;
  if (dir) return join(dir, ADDON_FILES[variant]);
  return fileURLToPath(new URL(`../../native/build/Release/${ADDON_FILES[variant]}`, import.meta.url));
}

/** Node's permission model (`--permission`), when this process runs under it (@types/node declares it always there; it is not). */
function permission(): NodeJS.ProcessPermission | undefined {
  const model: NodeJS.ProcessPermission | undefined = process.permission;
  return model;
}

export type AddonState =
  | { readonly addon: CudaAddon; readonly info: ProbeInfo; readonly reason?: undefined }
  | { readonly addon?: undefined; readonly info?: ProbeInfo; readonly reason: string };

/** Why cudaGetDeviceCount failed, in words (CUDA's error name and code included). */
export function describeProbeFailure(info: ProbeInfo): string {
  const call = `cudaGetDeviceCount returned ${info.errorName} (${info.error}): ${info.errorString}`;
  switch (info.errorName) {
    case "cudaErrorNoDevice":
      return `no CUDA device: ${call}`;
    case "cudaErrorInsufficientDriver":
    case "cudaErrorStubLibrary":
      return info.driverVersion === 0
        ? `no CUDA driver: ${call} (no NVIDIA driver is installed or loadable here)`
        : `the CUDA driver is too old: ${call} (driver supports CUDA ${fmtVersion(info.driverVersion)}, the addon needs ${fmtVersion(info.runtimeVersion)})`;
    default:
      return `CUDA cannot start: ${call}`;
  }
}

function fmtVersion(v: number): string {
  return `${Math.floor(v / 1000)}.${Math.floor((v % 1000) / 10)}`;
}

/** Loads and probes the addon of `variant`; on any failure returns the reason instead. */
export function loadAddon(variant: Variant): AddonState {
  let path = ADDON_FILES[variant];
  try {
    path = addonPath(variant);
    const sandbox = permission();
    if (sandbox && !sandbox.has("fs.read", path)) {
      return { reason: `this process runs under Node's permission model without read access to ${path} (it needs --allow-fs-read for it and --allow-addons)` };
    }
    if (!existsSync(path)) {
      return { reason: `the CUDA addon is not built (${path} is missing); build it with \`${BUILD_COMMAND[variant]}\`, which needs nvcc` };
    }
    const addon = createRequire(import.meta.url)(path) as CudaAddon;
    const info = addon.probe();
    if (info.emulated !== (variant === "emulated")) {
      return { info, reason: `${path} is ${info.emulated ? "an emulation" : "a GPU"} build; rebuild it with \`${BUILD_COMMAND[variant]}\`` };
    }
    if (info.error !== 0) return { info, reason: describeProbeFailure(info) };
    if (info.count === 0) return { info, reason: "no CUDA device: cudaGetDeviceCount reports 0 devices" };
    return { addon, info };
  } catch (e) {
    return { reason: `the CUDA addon (${path}) could not be loaded: ${e instanceof Error ? e.message : String(e)}` };
  }
}
