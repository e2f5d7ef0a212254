/**
 * The cpu-js device: the kernel table over typed arrays in plain TypeScript, one file per
 * family. It is the readable reference of every kernel; the `cpu` device runs the same table
 * in WebAssembly (devices/cpu/) and falls back to these functions for what it has not ported.
 */
import type { Device } from "../../device.js";
import { alloc, fill, free, fromTypedArray, toTypedArray } from "./buffer.js";
import { ewiseKernels, ewiseWhere } from "./ewise.js";
import { take } from "./gather.js";
import { matmul, matmulBatched } from "./matmul.js";
import { reduceArgmax, reduceArgmin, reduceMax, reduceMin, reduceProd, reduceSum } from "./reduce.js";
import { cumsum } from "./scan.js";
import { argsort } from "./sort.js";
import { compact, ewiseSetitem, scalarSetitem } from "./strided.js";

export const cpuJsDevice: Device = {
  name: "cpu-js",
  enabled: true,
  alloc,
  fromTypedArray,
  toTypedArray,
  free,
  fill,
  compact,
  ewiseSetitem,
  scalarSetitem,
  take,
  ...ewiseKernels,
  ewiseWhere,
  reduceSum,
  reduceProd,
  reduceMax,
  reduceMin,
  reduceArgmax,
  reduceArgmin,
  cumsum,
  argsort,
  matmul,
  matmulBatched,
};
