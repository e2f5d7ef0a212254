/**
 * Creation functions. Every one takes `{ dtype, device }` options; the dtype defaults to
 * float32 (PyTorch's default) except where numpy and PyTorch both infer an integer
 * (`arange` with integer arguments gives int32). The device defaults to `defaultDevice()`.
 */
import type { Device } from "./device.js";
import { defaultDevice } from "./devices/index.js";
import { checkDType, DEFAULT_FLOAT, dtypeOfTypedArray, typedArrayFor, type DType, type TypedArray } from "./dtype.js";
import { ShapeError, ValueError } from "./errors.js";
import { NDArray, type NestedArray } from "./ndarray.js";
import { checkShape, fmtShape, prod, type Shape } from "./shape.js";

export interface ArrayOptions {
  dtype?: DType;
  device?: Device;
}

function resolve(op: string, opts: ArrayOptions | undefined, fallback: DType): { dtype: DType; device: Device } {
  return { dtype: checkDType(op, opts?.dtype ?? fallback), device: opts?.device ?? defaultDevice() };
}

export function full(shape: Shape, value: number, opts?: ArrayOptions): NDArray {
  const { dtype, device } = resolve("full", opts, DEFAULT_FLOAT);
  const out = NDArray.empty(checkShape("full", shape), dtype, device);
  if (value !== 0) device.fill(out.buffer, value);
  return out;
}

export function zeros(shape: Shape, opts?: ArrayOptions): NDArray {
  return full(shape, 0, opts);
}

export function ones(shape: Shape, opts?: ArrayOptions): NDArray {
  return full(shape, 1, opts);
}

/** Same shape, dtype and device as `a` unless the options say otherwise. */
export function fullLike(a: NDArray, value: number, opts?: ArrayOptions): NDArray {
  return full(a.shape, value, { dtype: a.dtype, device: a.device, ...opts });
}

export function zerosLike(a: NDArray, opts?: ArrayOptions): NDArray {
  return fullLike(a, 0, opts);
}

export function onesLike(a: NDArray, opts?: ArrayOptions): NDArray {
  return fullLike(a, 1, opts);
}

/**
 * Values start, start+step, … below stop (above it for a negative step), as numpy.arange:
 * `arange(5)`, `arange(2, 8)`, `arange(1, 0, -0.25)`. int32 when every argument is an integer.
 */
export function arange(start: number, stop?: number, step = 1, opts?: ArrayOptions): NDArray {
  const [lo, hi] = stop === undefined ? [0, start] : [start, stop];
  if (step === 0 || !Number.isFinite(step)) throw new ValueError("arange", `step must be a finite non-zero number, got ${step}`);
  const integral = [lo, hi, step].every(Number.isInteger);
  const { dtype, device } = resolve("arange", opts, integral ? "int32" : DEFAULT_FLOAT);
  const n = Math.max(0, Math.ceil((hi - lo) / step));
  const data = typedArrayFor(dtype, n);
  for (let i = 0; i < n; i++) data[i] = lo + i * step;
  return NDArray.fromTypedArray(data, [n], device);
}

/** `num` evenly spaced values from start to stop inclusive, as numpy.linspace. */
export function linspace(start: number, stop: number, num: number, opts?: ArrayOptions): NDArray {
  if (!Number.isInteger(num) || num < 0) throw new ValueError("linspace", `num must be a non-negative integer, got ${num}`);
  const { dtype, device } = resolve("linspace", opts, DEFAULT_FLOAT);
  const data = typedArrayFor(dtype, num);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) data[i] = i === num - 1 && num > 1 ? stop : start + i * step;
  return NDArray.fromTypedArray(data, [num], device);
}

/** An n×m matrix with ones on the diagonal `k` (0: main, >0: above, <0: below). */
export function eye(n: number, m = n, k = 0, opts?: ArrayOptions): NDArray {
  const { dtype, device } = resolve("eye", opts, DEFAULT_FLOAT);
  const data = typedArrayFor(dtype, prod(checkShape("eye", [n, m])));
  for (let i = Math.max(0, -k); i < n && i + k < m; i++) data[i * m + i + k] = 1;
  return NDArray.fromTypedArray(data, [n, m], device);
}

function isTypedArray(data: unknown): data is TypedArray {
  return data instanceof Float32Array || data instanceof Float64Array || data instanceof Int32Array || data instanceof Uint8Array;
}

/** Shape of a nested array, checking that it is rectangular. */
function nestedShape(data: NestedArray): number[] {
  const shape: number[] = [];
  for (let level: NestedArray = data; Array.isArray(level); level = level[0]) {
    shape.push(level.length);
    if (level.length === 0) break;
  }
  const check = (x: NestedArray, axis: number, path: string): void => {
    if (axis === shape.length) {
      if (Array.isArray(x)) throw new ShapeError("array", `ragged nested array: ${path} is a list, but other entries at that depth are numbers`);
      if (typeof x !== "number" && typeof x !== "boolean") throw new ValueError("array", `${path} is ${JSON.stringify(x)}, not a number or boolean`);
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
export function array(data: NestedArray | TypedArray, opts?: ArrayOptions & { shape?: Shape }): NDArray {
  if (isTypedArray(data)) {
    const { dtype, device } = resolve("array", opts, dtypeOfTypedArray(data));
    const src = NDArray.fromTypedArray(data, opts?.shape ?? [data.length], device);
    return src.astype(dtype);
  }
  const shape = nestedShape(data);
  const flat: (number | boolean)[] = [];
  const collect = (x: NestedArray): void => {
    if (Array.isArray(x)) x.forEach(collect);
    else flat.push(x);
  };
  collect(data);
  const guess = flat.length > 0 && flat.every((v) => typeof v === "boolean") ? "bool" : DEFAULT_FLOAT;
  const { dtype, device } = resolve("array", opts, guess);
  const values = typedArrayFor(dtype, flat.length);
  flat.forEach((v, i) => (values[i] = dtype === "bool" ? (v ? 1 : 0) : Number(v)));
  const out = NDArray.fromTypedArray(values, shape, device);
  return opts?.shape ? out.reshape(opts.shape) : out;
}
