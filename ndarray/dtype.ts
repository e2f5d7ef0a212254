/**
 * Data types. Three numeric dtypes, as in numpy/PyTorch, and `bool`, the result type of
 * comparisons (stored one byte per element, 0 or 1, like numpy's `bool_`).
 *
 * Promotion follows numpy for these dtypes: bool < int32 < float32 < float64, except that
 * int32 with float32 gives float64 (float32 cannot hold every int32 exactly).
 * A JS number operand is "weak" (numpy 2's rule for Python scalars): it takes the array's
 * dtype, except that a non-integer number with an int32 or bool array gives float64.
 */
import { DTypeError } from "./errors.js";
import * as v from "./validate.js";

export type DType = "float32" | "float64" | "int32" | "bool";
export const DTYPES: readonly DType[] = ["float32", "float64", "int32", "bool"];
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/** The default dtype of floating-point creation and random draws, as in PyTorch. */
export const DEFAULT_FLOAT: DType = "float32";

const RANK: Record<DType, number> = { bool: 0, int32: 1, float32: 2, float64: 3 };

/*
 * Each public function here checks its arguments and calls an unchecked twin (`floating`,
 * `resultType`, `newTypedArray`) that the library's own code calls with dtypes it knows.
 */

export function floating(dtype: DType): boolean {
  return dtype === "float32" || dtype === "float64";
}

export function isFloat(dtype: DType): boolean {
  v.arity("isFloat", arguments, ["dtype"]);
  return floating(v.dtype("isFloat", "dtype", dtype));
}

export function resultType(a: DType, b: DType): DType {
  if (a === b) return a;
  if ((a === "int32" && b === "float32") || (a === "float32" && b === "int32")) return "float64";
  return RANK[a] >= RANK[b] ? a : b;
}

/** numpy's `result_type` for two arrays of these dtypes. */
export function promoteTypes(a: DType, b: DType): DType {
  v.arity("promoteTypes", arguments, ["a", "b"]);
  return resultType(v.dtype("promoteTypes", "a", a), v.dtype("promoteTypes", "b", b));
}

/** The dtype of `array op number`, treating the number as a weak scalar (see above). */
export function promoteScalar(a: DType, value: number): DType {
  if (floating(a)) return a;
  return Number.isInteger(value) ? "int32" : "float64";
}

/** The dtype a floating-point function (exp, log, division, mean) returns for input `a`. */
export function floatResult(a: DType): DType {
  return floating(a) ? a : "float64";
}

/**
 * numpy's "same_kind" casting rule, used by in-place operations: a value may be written
 * into an array when it loses no kind (bool → int → float; float64 → float32 is allowed).
 */
export function canCastSameKind(from: DType, to: DType): boolean {
  if (from === to || from === "bool") return true;
  if (to === "bool") return false;
  if (to === "int32") return from === "int32";
  return true;
}

export function typedArrayFor(dtype: DType, size: number): TypedArray {
  v.arity("typedArrayFor", arguments, ["dtype", "size"]);
  return newTypedArray(v.dtype("typedArrayFor", "dtype", dtype), v.integer("typedArrayFor", "size", size));
}

export function newTypedArray(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case "float32":
      return new Float32Array(size);
    case "float64":
      return new Float64Array(size);
    case "int32":
      return new Int32Array(size);
    case "bool":
      return new Uint8Array(size);
  }
}

/** The dtype a typed array holds (`Uint8Array` is read as bool). */
export function dtypeOfTypedArray(data: TypedArray): DType {
  if (data instanceof Float32Array) return "float32";
  if (data instanceof Float64Array) return "float64";
  if (data instanceof Int32Array) return "int32";
  return "bool";
}

/** Other libraries' dtype names, and what to write here instead. */
const DTYPE_ALIASES: Record<string, string> = {
  float: `"float32"`,
  float16: `"float32" (there is no float16)`,
  half: `"float32" (there is no float16)`,
  bfloat16: `"float32" (there is no bfloat16)`,
  double: `"float64"`,
  int: `"int32"`,
  long: `"int32" (there is no int64)`,
  int64: `"int32" (there is no int64)`,
  int8: `"int32"`,
  int16: `"int32"`,
  uint8: `"int32", or "bool" for a mask`,
  bool_: `"bool"`,
  boolean: `"bool"`,
};

/** `dtype` as a DType, or a DTypeError naming `op` (and the name to use for torch's and numpy's spellings). */
export function checkDType(op: string, dtype: string): DType {
  const found = DTYPES.find((d) => d === dtype);
  if (found !== undefined) return found;
  const bare = dtype.replace(/^(torch|np|numpy)\./, "");
  const suggestion = DTYPES.some((d) => d === bare) ? `"${bare}"` : DTYPE_ALIASES[bare];
  throw new DTypeError(op, `unknown dtype "${dtype}"; expected one of ${DTYPES.join(", ")}${suggestion ? `; did you mean ${suggestion}?` : ""}`);
}
