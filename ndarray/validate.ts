/**
 * Run-time checks of the arguments of every public function and method.
 *
 * Homework code is compiled by esbuild, which strips types without checking them, so a
 * wrong argument would otherwise surface as a JavaScript internal ("shape is not
 * iterable") or, worse, be ignored. Every entry point passes each argument through one of
 * these checks before doing anything; a failure is an ArgumentTypeError that names the
 * function, the argument, what it got and what it expects, plus the form to write where a
 * numpy or PyTorch habit led astray ("did you mean …?"). Values of the right type that do
 * not fit (a negative size, an axis out of range) are left to the code that knows the shapes.
 */
import type { Device, DeviceBuffer } from "./device.js";
import { deviceByName } from "./devices/index.js";
import { checkDType, DTYPES, type DType, type TypedArray } from "./dtype.js";
import { ArgumentTypeError } from "./errors.js";
import type { Slice } from "./indexing.js";
import { NDArray, type Operand } from "./ndarray.js";

const ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"];

/** Option names PyTorch and numpy users write, and this library's name for each. */
const OPTION_ALIASES: Record<string, string> = {
  dim: "axis",
  keepdim: "keepdims",
  correction: "ddof",
  unbiased: "ddof",
  size: "shape",
  requires_grad: "(nothing: NDArrays carry no gradients)",
  dtypes: "dtype",
};

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function isDevice(v: unknown): v is Device {
  return isPlainObject(v) && typeof v.name === "string" && typeof v.alloc === "function";
}

/** A few elements of a list, briefly: `[0, 1, "a", …]`. */
function preview(list: readonly unknown[], depth = 0): string {
  const brief = (x: unknown): string =>
    typeof x === "number" || typeof x === "boolean" ? String(x)
    : typeof x === "string" ? JSON.stringify(x)
    : Array.isArray(x) ? (depth < 2 ? preview(x, depth + 1) : "[…]")
    : x instanceof NDArray ? "NDArray"
    : String(typeof x);
  return `[${list.slice(0, 6).map(brief).join(", ")}${list.length > 6 ? ", …" : ""}]`;
}

/** What a value is, for "got …": `the number 3`, `a list [0, 1]`, `an NDArray of shape [2,3] (float32, cpu)`. */
function describe(v: unknown): string {
  if (v === undefined || v === null) return String(v);
  if (v instanceof NDArray) return `an NDArray of shape [${v.shape.join(",")}] (${v.dtype}, ${v.device.name})`;
  if (isDevice(v)) return `the device ${v.name}`;
  switch (typeof v) {
    case "number":
      return `the number ${v}`;
    case "bigint":
      return `the bigint ${v}n`;
    case "boolean":
      return `the boolean ${v}`;
    case "string":
      return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
    case "symbol":
      return `a symbol (${v.description ?? ""})`;
    case "function":
      return `a function${v.name ? ` (${v.name})` : ""}`;
  }
  if (Array.isArray(v)) return `a list ${preview(v)}`;
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name} of ${v.byteLength} bytes`;
  if (isPlainObject(v)) return `an object {${Object.keys(v).join(", ")}}`;
  const ctor: unknown = Object.getPrototypeOf(v)?.constructor;
  return typeof ctor === "function" && ctor.name ? `a ${ctor.name}` : "an object";
}

/** Throws the one error of this module: `fn: name must be EXPECTS, got GOT; did you mean HINT?`. */
export function fail(fn: string, name: string, v: unknown, expects: string, hint?: string): never {
  throw new ArgumentTypeError(fn, `${name} must be ${expects}, got ${describe(v)}${hint ? `; did you mean ${hint}?` : ""}`);
}

/** Refuses arguments beyond `params` (nothing is silently ignored); `usage` shows the call. */
export function arity(fn: string, args: ArrayLike<unknown>, params: readonly string[], usage?: string): void {
  if (args.length <= params.length) return;
  const takes = params.length === 0 ? "takes no arguments" : `takes at most ${params.length} (${params.join(", ")})`;
  const extra = args[params.length];
  // (value, index, array) is how map, forEach and reduce call a function handed to them.
  const callback = typeof extra === "number" && Array.isArray(args[params.length + 1]);
  const advice = callback ? `; passed to map or reduce? wrap it: xs.map((x) => ${fn}(x))` : usage ? `; usage: ${usage}` : "";
  throw new ArgumentTypeError(
    fn,
    `too many arguments: ${takes}, got ${args.length}; the ${ORDINALS[params.length] ?? `${params.length + 1}th`} is ${describe(extra)}${advice}`,
  );
}

/** A hint for a value that should have been an NDArray. */
function arrayHint(v: unknown): string | undefined {
  if (Array.isArray(v)) return `array(${preview(v)})`;
  if (typeof v === "boolean") return `the number ${v ? 1 : 0}`;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return `the number ${Number(v)}`;
  return undefined;
}

export function ndarray(fn: string, name: string, v: unknown, hint?: string): NDArray {
  if (v instanceof NDArray) return v;
  return fail(fn, name, v, "an NDArray", hint ?? arrayHint(v));
}

/** An NDArray or a JS number (a weak scalar). */
export function operand(fn: string, name: string, v: unknown): Operand {
  if (v instanceof NDArray || typeof v === "number") return v;
  return fail(fn, name, v, "an NDArray or a number", arrayHint(v));
}

/** An operand, or null/undefined for "no bound" (clip). */
export function optionalOperand(fn: string, name: string, v: unknown): Operand | undefined {
  return v === undefined || v === null ? undefined : operand(fn, name, v);
}

export function number(fn: string, name: string, v: unknown): number {
  if (typeof v === "number") return v;
  return fail(fn, name, v, "a number", arrayHint(v));
}

export function integer(fn: string, name: string, v: unknown): number {
  if (typeof v === "number" && Number.isInteger(v)) return v;
  const hint = typeof v === "bigint" ? `the number ${Number(v)}` : typeof v === "number" ? `the integer ${Math.trunc(v)}` : arrayHint(v);
  return fail(fn, name, v, "an integer", hint);
}

export function boolean(fn: string, name: string, v: unknown): boolean {
  if (typeof v === "boolean") return v;
  return fail(fn, name, v, "true or false", v === 0 || v === 1 ? String(v === 1) : undefined);
}

export function string(fn: string, name: string, v: unknown): string {
  if (typeof v === "string") return v;
  return fail(fn, name, v, "a string");
}

/** One axis: an integer (range checks are the caller's, who knows ndim). */
export function axis(fn: string, name: string, v: unknown): number {
  if (typeof v === "number" && Number.isInteger(v)) return v;
  const hint = Array.isArray(v) ? `one axis at a time (${fn} takes a single axis)` : undefined;
  return fail(fn, name, v, "an integer axis", hint);
}

/** Axes of a reduction: an integer, a list of integers, or null/undefined for all. */
export function axes(fn: string, name: string, v: unknown): number | number[] | null | undefined {
  if (v === undefined || v === null) return v;
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (Array.isArray(v) && v.every((a) => typeof a === "number" && Number.isInteger(a))) return [...v];
  const hint = isPlainObject(v) && ("dim" in v || "axis" in v) ? `${fn}(${String(v.dim ?? v.axis)}): axes are positional` : undefined;
  return fail(fn, name, v, "an integer axis, a list of axes, or null for all", hint);
}

/** A shape: a list of integers, or one integer for a 1-D shape (sizes are checked later). */
export function shape(fn: string, name: string, v: unknown): number[] {
  if (typeof v === "number" && Number.isInteger(v)) return [v];
  if (Array.isArray(v) && v.every((d) => typeof d === "number" && Number.isInteger(d))) return [...v];
  const hint = v instanceof NDArray ? "its .shape" : undefined;
  return fail(fn, name, v, "a list of integers, or one integer", hint);
}

/**
 * A shape given PyTorch's way (`zeros(2, 3)`) or numpy's (`zeros([2, 3])`); `options` is
 * what `trailingOptions` split off, named when it was all there was (`zeros("3")`).
 */
export function shapeArgs(fn: string, name: string, args: readonly unknown[], example: string, options?: unknown): number[] {
  if (args.length === 1 && Array.isArray(args[0])) return shape(fn, name, args[0]);
  if (args.length === 0) {
    const taken = options === undefined ? "" : ` (${describe(options)} was read as the options)`;
    const hint = typeof options === "string" && Number.isInteger(Number(options)) ? `; did you mean ${example}(${Number(options)})?` : "";
    throw new ArgumentTypeError(fn, `${name} is missing${taken}; write ${example}(2, 3) or ${example}([2, 3]) (${example}([]) for a 0-d array)${hint}`);
  }
  args.forEach((d, i) => {
    if (typeof d !== "number" || !Number.isInteger(d)) {
      const hint = Array.isArray(d) ? `${example}(${preview(d)}) with one list, or integers only` : undefined;
      fail(fn, `${name} (argument ${i + 1})`, d, `integers (${example}(2, 3)) or one list of integers (${example}([2, 3]))`, hint);
    }
  });
  return args.map(Number);
}

/**
 * Splits a trailing dtype string or options object off variadic arguments:
 * `zeros(2, 3, "float64")`, `rng.randn(2, 3, { dtype: "float64" })`.
 */
export function trailingOptions(fn: string, args: readonly unknown[]): { rest: unknown[]; options: unknown } {
  // A trailing undefined is an optional options argument passed along unset.
  const given = args.length > 0 && args[args.length - 1] === undefined ? args.slice(0, -1) : args;
  const at = given.findIndex((x) => typeof x === "string" || isPlainObject(x));
  if (at < 0) return { rest: [...given], options: undefined };
  if (at < given.length - 1) {
    throw new ArgumentTypeError(fn, `too many arguments: the options ${describe(given[at])} must come last, but ${describe(given[at + 1])} follows them`);
  }
  return { rest: given.slice(0, -1), options: given[at] };
}

/** A dtype name; unknown names are a DTypeError that suggests the nearest one. */
export function dtype(fn: string, name: string, v: unknown): DType {
  if (typeof v === "string") return checkDType(fn, v);
  return fail(fn, name, v, `a dtype name ("float32", "float64", "int32" or "bool")`);
}

/** A device, or its name (`"cpu"`, `"cuda"`), as PyTorch's `.to("cuda")`. */
export function device(fn: string, name: string, v: unknown): Device {
  if (isDevice(v)) return v;
  if (typeof v === "string") return deviceByName(v);
  return fail(fn, name, v, `a device (cpu(), cuda()) or its name`);
}

/**
 * An options object whose keys are all in `keys` (undefined: no options). An unknown key
 * is an error, so a misspelt option is never ignored; `dtypeShorthand` also accepts a
 * bare dtype string for `{ dtype }`.
 */
export function options<K extends string>(
  fn: string,
  name: string,
  v: unknown,
  keys: readonly K[],
  dtypeShorthand = false,
): Partial<Record<K, unknown>> {
  if (v === undefined) return {};
  const out: Partial<Record<K, unknown>> = {};
  const dtypeKey = keys.find((k) => k === "dtype");
  if (dtypeShorthand && typeof v === "string" && dtypeKey !== undefined) {
    out[dtypeKey] = v;
    return out;
  }
  const expects = `an options object with keys among {${keys.join(", ")}}${dtypeShorthand ? " or a dtype name" : ""}`;
  if (isDevice(v)) return fail(fn, name, v, expects, `{ device: ${v.name === "cpu" ? "cpu()" : `deviceByName("${v.name}")`} }`);
  if (!isPlainObject(v)) return fail(fn, name, v, expects);
  for (const [key, value] of Object.entries(v)) {
    const known = keys.find((k) => k === key);
    if (known === undefined) {
      const alias = OPTION_ALIASES[key] ?? keys.find((k) => k.toLowerCase() === key.toLowerCase());
      throw new ArgumentTypeError(fn, `unknown option "${key}" in ${name}; expected keys among {${keys.join(", ")}}${alias ? `; did you mean ${alias}?` : ""}`);
    }
    out[known] = value;
  }
  return out;
}

/** One entry of a basic index (see indexing.ts): an integer, a slice string, null, or `{ start, stop, step }`. */
export function index(fn: string, name: string, v: unknown): number | string | null | Slice {
  if (v === null || typeof v === "string") return v;
  if (typeof v === "number") return integer(fn, name, v);
  const expects = `an integer, a slice string ("1:3", "::-1", "..."), null, or { start, stop, step }`;
  if (isPlainObject(v)) {
    const slice: Slice = {};
    for (const [key, value] of Object.entries(v)) {
      if (key !== "start" && key !== "stop" && key !== "step") {
        throw new ArgumentTypeError(fn, `unknown key "${key}" in the slice ${name}; expected keys among {start, stop, step}`);
      }
      if (value === undefined || value === null) continue;
      slice[key] = integer(fn, `${name}.${key}`, value);
    }
    return slice;
  }
  const hint =
    Array.isArray(v) ? `one index per axis, x.${fn}(${v.slice(0, 3).map(String).join(", ")}), or x.take(${preview(v)}, axis) to pick several`
    : v instanceof NDArray ? (v.dtype === "bool" ? "where(mask, x, 0) to zero what a mask leaves out (boolean masks do not index)" : "x.take(indices, axis) to gather")
    : v === undefined ? "null for a whole axis"
    : undefined;
  return fail(fn, name, v, expects, hint);
}

/** A list whose every entry passes `check`. */
export function list<T>(fn: string, name: string, v: unknown, check: (fn: string, name: string, v: unknown) => T): T[] {
  if (!Array.isArray(v)) return fail(fn, name, v, "a list");
  return v.map((x, i) => check(fn, `${name}[${i}]`, x));
}

/** A plain object of NDArrays, as `.npz` files hold them. */
export function arrayRecord(fn: string, name: string, v: unknown): Record<string, NDArray> {
  if (!isPlainObject(v)) return fail(fn, name, v, "an object of named NDArrays ({ a: x, b: y })");
  const out: Record<string, NDArray> = {};
  for (const [key, value] of Object.entries(v)) out[key] = ndarray(fn, `${name}.${key}`, value);
  return out;
}

export function bytes(fn: string, name: string, v: unknown): Uint8Array {
  if (v instanceof Uint8Array) return v;
  return fail(fn, name, v, "a Uint8Array (or a Node Buffer)");
}

export function typedArray(fn: string, name: string, v: unknown): TypedArray {
  if (v instanceof Float32Array || v instanceof Float64Array || v instanceof Int32Array || v instanceof Uint8Array) return v;
  return fail(fn, name, v, "a Float32Array, Float64Array, Int32Array or Uint8Array", Array.isArray(v) ? `array(${preview(v)})` : undefined);
}

function isBuffer(v: unknown): v is DeviceBuffer {
  if (typeof v !== "object" || v === null || !("dtype" in v) || !("size" in v)) return false;
  const { dtype, size } = v;
  return DTYPES.some((d) => d === dtype) && typeof size === "number" && Number.isInteger(size) && size >= 0;
}

/** A device buffer, as `device.alloc` returns it (low-level: the NDArray constructor's first argument). */
export function buffer(fn: string, name: string, v: unknown): DeviceBuffer {
  if (isBuffer(v)) return v;
  return fail(fn, name, v, "a device buffer (from device.alloc or device.fromTypedArray)");
}
