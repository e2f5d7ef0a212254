/**
 * Creation functions. Every one takes `{ dtype, device }` options, or a dtype name alone
 * (`zeros([2, 3], "float64")`); the dtype defaults to float32 (PyTorch's default) except
 * where numpy and PyTorch both infer an integer (`arange` with integer arguments gives
 * int32). The device defaults to `defaultDevice()`. Shapes are a list (`zeros([2, 3])`,
 * numpy) or, where PyTorch allows it, integers (`zeros(2, 3)`).
 */
import type { Device } from "./device.js";
import { defaultDevice } from "./devices/index.js";
import { DEFAULT_FLOAT, dtypeOfTypedArray, newTypedArray, type DType, type TypedArray } from "./dtype.js";
import { ShapeError, ValueError } from "./errors.js";
import { NDArray, type NestedArray } from "./ndarray.js";
import { checkShape, fmtShape, prod, type Shape } from "./shape.js";
import * as v from "./validate.js";

export interface ArrayOptions {
  dtype?: DType;
  device?: Device;
}

const OPTION_KEYS = ["dtype", "device"] as const;

/** The checked options (a dtype name is `{ dtype }`), with the dtype and device to use. */
function resolve(op: string, opts: unknown, fallback: DType): { dtype: DType; device: Device } {
  const o = v.options(op, "options", opts, OPTION_KEYS, true);
  return {
    dtype: o.dtype === undefined ? fallback : v.dtype(op, "dtype", o.dtype),
    device: o.device === undefined ? defaultDevice() : v.device(op, "device", o.device),
  };
}

/** An array of `shape` filled with `value` (a boolean fills a bool array unless the options say otherwise). */
export function full(shape: Shape | number, value: number | boolean, opts?: ArrayOptions | DType): NDArray {
  v.arity("full", arguments, ["shape", "value", "options"], "full([2, 3], 7) or full([2, 3], 7, { dtype, device })");
  const s = checkShape("full", v.shape("full", "shape", shape));
  const fill = typeof value === "boolean" ? (value ? 1 : 0) : v.number("full", "value", value);
  const { dtype, device } = resolve("full", opts, typeof value === "boolean" ? "bool" : DEFAULT_FLOAT);
  const out = NDArray.empty(s, dtype, device);
  if (fill !== 0) device.fill(out.buffer, fill);
  return out;
}

/** `zeros` and `ones`: a shape as a list or as integers, then optional options. */
function filled(op: string, value: number, args: readonly unknown[]): NDArray {
  const { rest, options } = v.trailingOptions(op, args);
  const shape = v.shapeArgs(op, "shape", rest, op, options);
  const { dtype, device } = resolve(op, options, DEFAULT_FLOAT);
  const out = NDArray.empty(checkShape(op, shape), dtype, device);
  if (value !== 0) device.fill(out.buffer, value);
  return out;
}

export function zeros(shape: Shape | number, opts?: ArrayOptions | DType): NDArray;
export function zeros(...args: [...shape: number[], opts: ArrayOptions | DType]): NDArray;
export function zeros(...shape: number[]): NDArray;
export function zeros(...args: unknown[]): NDArray {
  return filled("zeros", 0, args);
}

export function ones(shape: Shape | number, opts?: ArrayOptions | DType): NDArray;
export function ones(...args: [...shape: number[], opts: ArrayOptions | DType]): NDArray;
export function ones(...shape: number[]): NDArray;
export function ones(...args: unknown[]): NDArray {
  return filled("ones", 1, args);
}

/** Same shape, dtype and device as `a` unless the options say otherwise. */
export function fullLike(a: NDArray, value: number | boolean, opts?: ArrayOptions | DType): NDArray {
  v.arity("fullLike", arguments, ["a", "value", "options"]);
  return like("fullLike", a, value, opts);
}

export function zerosLike(a: NDArray, opts?: ArrayOptions | DType): NDArray {
  v.arity("zerosLike", arguments, ["a", "options"]);
  return like("zerosLike", a, 0, opts);
}

export function onesLike(a: NDArray, opts?: ArrayOptions | DType): NDArray {
  v.arity("onesLike", arguments, ["a", "options"]);
  return like("onesLike", a, 1, opts);
}

function like(op: string, a: unknown, value: unknown, opts: unknown): NDArray {
  const x = v.ndarray(op, "a", a, Array.isArray(a) ? "zeros(shape) for a shape" : undefined);
  const fill = typeof value === "boolean" ? (value ? 1 : 0) : v.number(op, "value", value);
  const o = v.options(op, "options", opts, OPTION_KEYS, true);
  const dtype = o.dtype === undefined ? x.dtype : v.dtype(op, "dtype", o.dtype);
  const device = o.device === undefined ? x.device : v.device(op, "device", o.device);
  const out = NDArray.empty(x.shape, dtype, device);
  if (fill !== 0) device.fill(out.buffer, fill);
  return out;
}

/**
 * Values start, start+step, … below stop (above it for a negative step), as numpy.arange:
 * `arange(5)`, `arange(2, 8)`, `arange(1, 0, -0.25)`, `arange(5, "float64")`. int32 when
 * every argument is an integer.
 */
export function arange(start: number, stop?: number, step?: number, opts?: ArrayOptions | DType): NDArray;
export function arange(start: number, opts: ArrayOptions | DType): NDArray;
export function arange(start: number, stop: number, opts: ArrayOptions | DType): NDArray;
export function arange(...args: unknown[]): NDArray {
  const { rest, options } = v.trailingOptions("arange", args);
  v.arity("arange", rest, ["start", "stop", "step"], "arange(stop), arange(start, stop, step, options)");
  const [first, second, third] = rest;
  const start = v.number("arange", "start", first);
  const stop = second === undefined ? undefined : v.number("arange", "stop", second);
  const step = third === undefined ? 1 : v.number("arange", "step", third);
  const [lo, hi] = stop === undefined ? [0, start] : [start, stop];
  if (step === 0 || !Number.isFinite(step)) throw new ValueError("arange", `step must be a finite non-zero number, got ${step}`);
  const integral = [lo, hi, step].every(Number.isInteger);
  const { dtype, device } = resolve("arange", options, integral ? "int32" : DEFAULT_FLOAT);
  const n = Math.max(0, Math.ceil((hi - lo) / step));
  const data = newTypedArray(dtype, n);
  for (let i = 0; i < n; i++) data[i] = lo + i * step;
  return NDArray.fromTypedArray(data, [n], device);
}

/** `num` evenly spaced values from start to stop inclusive, as numpy.linspace. */
export function linspace(start: number, stop: number, num: number, opts?: ArrayOptions | DType): NDArray {
  v.arity("linspace", arguments, ["start", "stop", "num", "options"]);
  const lo = v.number("linspace", "start", start);
  const hi = v.number("linspace", "stop", stop);
  const count = v.integer("linspace", "num", num);
  if (count < 0) throw new ValueError("linspace", `num must be a non-negative integer, got ${count}`);
  const { dtype, device } = resolve("linspace", opts, DEFAULT_FLOAT);
  const data = newTypedArray(dtype, count);
  const step = count > 1 ? (hi - lo) / (count - 1) : 0;
  for (let i = 0; i < count; i++) data[i] = i === count - 1 && count > 1 ? hi : lo + i * step;
  return NDArray.fromTypedArray(data, [count], device);
}

/** An n×m matrix with ones on the diagonal `k` (0: main, >0: above, <0: below). */
export function eye(n: number, m?: number, k?: number, opts?: ArrayOptions | DType): NDArray;
export function eye(n: number, opts: ArrayOptions | DType): NDArray;
export function eye(...args: unknown[]): NDArray {
  const { rest, options } = v.trailingOptions("eye", args);
  v.arity("eye", rest, ["n", "m", "k"], "eye(n), eye(n, m, k, options)");
  const rows = v.integer("eye", "n", rest[0]);
  const cols = rest[1] === undefined ? rows : v.integer("eye", "m", rest[1]);
  const k = rest[2] === undefined ? 0 : v.integer("eye", "k", rest[2]);
  const { dtype, device } = resolve("eye", options, DEFAULT_FLOAT);
  const data = newTypedArray(dtype, prod(checkShape("eye", [rows, cols])));
  for (let i = Math.max(0, -k); i < rows && i + k < cols; i++) data[i * cols + i + k] = 1;
  return NDArray.fromTypedArray(data, [rows, cols], device);
}

function isTypedArray(data: unknown): data is TypedArray {
  return data instanceof Float32Array || data instanceof Float64Array || data instanceof Int32Array || data instanceof Uint8Array;
}

/** Shape of a nested array, checking that it is rectangular and holds only numbers and booleans. */
function nestedShape(data: NestedArray): number[] {
  const shape: number[] = [];
  for (let level: NestedArray = data; Array.isArray(level); level = level[0]) {
    shape.push(level.length);
    if (level.length === 0) break;
  }
  const check = (x: unknown, axis: number, path: string): void => {
    if (axis === shape.length) {
      if (Array.isArray(x)) throw new ShapeError("array", `ragged nested array: ${path} is a list, but other entries at that depth are numbers`);
      if (typeof x !== "number" && typeof x !== "boolean") {
        v.fail("array", path, x, "a number or a boolean", x instanceof NDArray ? "stack([...]) to join arrays" : undefined);
      }
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[axis]) {
      throw new ShapeError("array", `ragged nested array: ${path} has ${Array.isArray(x) ? x.length : "no"} entries, expected ${shape[axis]} (inferred shape ${fmtShape(shape)})`);
    }
    x.forEach((y, i) => check(y, axis + 1, `${path}[${i}]`));
  };
  check(data, 0, "data");
  return shape;
}

/**
 * An array from nested JS arrays (`array([[1, 2], [3, 4]])`), a number (0-d), or a typed
 * array (1-D, or `opts.shape`). Nested numbers default to float32 (pass `dtype: "int32"` for
 * integers; JS cannot tell 1 from 1.0); booleans default to bool; a typed array keeps its own dtype.
 */
export function array(data: NestedArray | TypedArray, opts?: (ArrayOptions & { shape?: Shape }) | DType): NDArray {
  v.arity("array", arguments, ["data", "options"]);
  const o = v.options("array", "options", opts, ["dtype", "device", "shape"] as const, true);
  const shape = o.shape === undefined ? undefined : v.shape("array", "shape", o.shape);
  if (isTypedArray(data)) {
    const { dtype, device } = resolve("array", { dtype: o.dtype, device: o.device }, dtypeOfTypedArray(data));
    const src = NDArray.fromTypedArray(data, shape ?? [data.length], device);
    return src.astype(dtype);
  }
  if (data instanceof NDArray) v.fail("array", "data", data, "nested lists of numbers or booleans, a number or a typed array", "x.clone() to copy, x.astype(dtype) to convert");
  if (typeof data !== "number" && typeof data !== "boolean" && !Array.isArray(data)) {
    v.fail("array", "data", data, "nested lists of numbers or booleans, a number or a typed array");
  }
  const dims = nestedShape(data);
  const flat: (number | boolean)[] = [];
  const collect = (x: NestedArray): void => {
    if (Array.isArray(x)) x.forEach(collect);
    else flat.push(x);
  };
  collect(data);
  const guess = flat.length > 0 && flat.every((x) => typeof x === "boolean") ? "bool" : DEFAULT_FLOAT;
  const { dtype, device } = resolve("array", { dtype: o.dtype, device: o.device }, guess);
  const values = newTypedArray(dtype, flat.length);
  flat.forEach((x, i) => (values[i] = dtype === "bool" ? (x ? 1 : 0) : Number(x)));
  const out = NDArray.fromTypedArray(values, dims, device);
  return shape ? out.reshape(shape) : out;
}
