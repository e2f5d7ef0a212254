/** The cpu device: the kernel table over typed arrays, assembled from one file per family. */
import type { Device } from "../../device.js";
import { alloc, fill, free, fromTypedArray, toTypedArray } from "./buffer.js";
import { ewiseKernels, ewiseWhere } from "./ewise.js";
import { matmul, matmulBatched } from "./matmul.js";
import { reduceArgmax, reduceArgmin, reduceMax, reduceMin, reduceProd, reduceSum } from "./reduce.js";
import { cumsum } from "./scan.js";
import { argsort } from "./sort.js";
import { compact, ewiseSetitem, scalarSetitem } from "./strided.js";

export const cpuDevice: Device = {
  name: "cpu",
  enabled: true,
  alloc,
  fromTypedArray,
  toTypedArray,
  free,
  fill,
  compact,
  ewiseSetitem,
  scalarSetitem,
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
