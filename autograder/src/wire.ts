/**
 * Values as they cross the process boundary between the grader and the sandboxed child
 * (channel.ts carries the typed arrays as raw bytes and checks every value it decodes).
 *
 * The grader never trusts what comes back: an output is either an array (dtype, shape and
 * a typed array of the right length), a number, or a description of whatever else the
 * student's code returned, so the failure message can say "got undefined".
 */
import { NDArray, typedArrayFor, type Device, type DType } from "#ndarray";

export type WireArray = { kind: "array"; dtype: DType; shape: number[]; data: ArrayLike<number> };
export type WireValue = WireArray | { kind: "number"; value: number } | { kind: "other"; description: string };

export const DTYPES: readonly DType[] = ["float32", "float64", "int32", "bool"];

export function toWire(value: unknown): WireValue {
  if (value instanceof NDArray) {
    return { kind: "array", dtype: value.dtype, shape: [...value.shape], data: value.toTypedArray() };
  }
  if (typeof value === "number") return { kind: "number", value };
  return { kind: "other", description: describe(value) };
}

/** "undefined", "null", "a string", "an object (Array)", … for failure messages. */
export function describe(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "object") {
    const name = (Object.getPrototypeOf(value) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
    return typeof name === "string" && name !== "Object" ? `an object (${name})` : "a plain object";
  }
  const t = typeof value;
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}

/** A well-formed array message, or undefined for anything malformed (a forged or corrupted reply). */
export function checkWireArray(value: unknown): WireArray | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Partial<WireArray>;
  if (v.kind !== "array" || !DTYPES.includes(v.dtype as DType) || !Array.isArray(v.shape)) return undefined;
  if (!v.shape.every((d) => Number.isInteger(d) && d >= 0)) return undefined;
  const size = v.shape.reduce((a, b) => a * b, 1);
  if (!ArrayBuffer.isView(v.data) || (v.data as unknown as ArrayLike<number>).length !== size) return undefined;
  return v as WireArray;
}

export function fromWire(w: WireArray, device?: Device): NDArray {
  const data = typedArrayFor(w.dtype, w.data.length);
  data.set(w.data);
  return NDArray.fromTypedArray(data, w.shape, device);
}
