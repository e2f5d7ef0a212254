/**
 * The cpu device: the kernel table in WebAssembly SIMD (compiled from ndarray/wasm/), its
 * buffers in the module's memory. Ported: compact and ewiseSetitem (copies and casts),
 * float32/float64 add, sub, mul, div, maximum, minimum and the six comparisons (array and
 * scalar), neg, abs, sqrt, exp, log, tanh, erf, every reduction and matmul, each reading
 * its inputs by view. Everything else is the cpu-js kernel (devices/cpu-js/, the readable
 * reference) running on the same memory: fill, scalarSetitem, take (row copies already),
 * pow, sign, sin, cos, where, cumsum, argsort and every int32/bool arithmetic op.
 */
import { KERNELS, type Device, type KernelName } from "../../device.js";
import { cpuJsDevice } from "../cpu-js/index.js";
import { alloc, allocResult, fill, free, fromTypedArray, toTypedArray } from "./buffer.js";
import { ewiseKernels } from "./ewise.js";
import { matmul, matmulBatched } from "./matmul.js";
import { reduceArgmax, reduceArgmin, reduceMax, reduceMin, reduceProd, reduceSum } from "./reduce.js";
import { compact, ewiseSetitem, scalarSetitem } from "./strided.js";

/** Kernels that take views: every element-wise op, reduction and matmul. */
const READS_VIEWS = new Set<KernelName>(KERNELS.filter((k) => /^(ewise|scalar|reduce|matmul)/.test(k) && k !== "ewiseSetitem" && k !== "ewiseWhere"));

export const cpuDevice: Device = {
  ...cpuJsDevice,
  name: "cpu",
  readsViews: READS_VIEWS,
  alloc,
  allocResult,
  fromTypedArray,
  toTypedArray,
  free,
  fill,
  compact,
  ewiseSetitem,
  scalarSetitem,
  ...ewiseKernels,
  reduceSum,
  reduceProd,
  reduceMax,
  reduceMin,
  reduceArgmax,
  reduceArgmin,
  matmul,
  matmulBatched,
};
