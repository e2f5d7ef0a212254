/**
 * Compares what the student's code returned with the reference's outputs: kind first
 * (an array, not undefined), then shape, then values (numpy's allclose rule), and says
 * where the largest error is: its index, the expected and the actual value there.
 */
import type { NDArray } from "#ndarray";
import { DEFAULT_TOLERANCE, isGradientOutput, type Tolerance } from "./suite.js";
import { checkWireArray, type WireValue } from "./wire.js";

export interface OutputCheck {
  name: string;
  ok: boolean;
  gradient: boolean;
  /** Why it failed (empty when ok). */
  message: string;
  /** Failure kind, for messages on hidden cases that must not show values. */
  reason?: "type" | "shape" | "values";
}

function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(",")}]`;
}

function fmtValue(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(6))) : String(v);
}

/** Row-major flat index → multi-index. */
export function unravel(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length).fill(0);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = flat % shape[d];
    flat = Math.floor(flat / shape[d]);
  }
  return idx;
}

export interface WorstError {
  /** Elements outside tolerance. */
  bad: number;
  /** Flat index of the worst one: a NaN/±Inf mismatch first, else the largest excess over tolerance. */
  index: number;
}

/**
 * allclose with a report: element i is close when both are NaN, both the same infinity,
 * or |a − e| ≤ atol + rtol·|e|. Returns undefined when every element is close.
 */
export function worstError(expected: ArrayLike<number>, actual: ArrayLike<number>, tol: Tolerance): WorstError | undefined {
  let bad = 0;
  let index = -1;
  let worst = -Infinity;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const a = actual[i];
    if (a === e || (Number.isNaN(a) && Number.isNaN(e))) continue;
    const excess = Math.abs(a - e) - (tol.atol + tol.rtol * Math.abs(e));
    if (excess <= 0) continue;
    bad++;
    const score = Number.isNaN(excess) ? Infinity : excess;
    if (score > worst) {
      worst = score;
      index = i;
    }
  }
  return bad === 0 ? undefined : { bad, index };
}

/** Checks one output returned over the wire against the reference's array. */
export function compareOutput(name: string, expected: NDArray, actual: WireValue | undefined, tol: Tolerance = DEFAULT_TOLERANCE): OutputCheck {
  const gradient = isGradientOutput(name);
  const fail = (reason: OutputCheck["reason"], message: string): OutputCheck => ({ name, ok: false, gradient, reason, message: `${name}: ${message}` });
  const want = expected.ndim === 0 ? "a number or a 0-d array" : `an NDArray of shape ${fmtShape(expected.shape)}`;
  const exp = expected.toTypedArray();
  let shape: readonly number[];
  let values: ArrayLike<number>;
  if (actual === undefined) return fail("type", `expected ${want}, got undefined (no such output)`);
  if (actual.kind === "number") {
    if (expected.ndim !== 0) return fail("type", `expected ${want}, got a number (${fmtValue(actual.value)})`);
    shape = [];
    values = [actual.value];
  } else if (actual.kind === "array") {
    const arr = checkWireArray(actual);
    if (arr === undefined) return fail("type", `expected ${want}, got a malformed array`);
    shape = arr.shape;
    values = arr.data;
  } else {
    return fail("type", `expected ${want}, got ${actual.description}`);
  }
  if (shape.length !== expected.ndim || shape.some((d, i) => d !== expected.shape[i])) {
    return fail("shape", `expected shape ${fmtShape(expected.shape)}, got ${fmtShape(shape)}`);
  }
  const exact = expected.dtype === "int32" || expected.dtype === "bool";
  const w = worstError(exp, values, exact ? { atol: 0, rtol: 0 } : tol);
  if (w === undefined) return { name, ok: true, gradient, message: "" };
  const at = expected.ndim === 0 ? "" : ` at ${fmtShape(unravel(w.index, expected.shape))}`;
  const e = exp[w.index];
  const a = values[w.index];
  const tolText = exact ? "exact match required" : `atol ${tol.atol}, rtol ${tol.rtol}`;
  const err = Math.abs(a - e);
  const errText = Number.isNaN(err) ? "" : `error ${fmtValue(err)}, `;
  return fail(
    "values",
    `${w.bad} of ${exp.length} values differ; largest${at}: expected ${fmtValue(e)}, got ${fmtValue(a)} (${errText}${tolText})`,
  );
}

/** Checks every output the reference produced; extra outputs from the student are ignored. */
export function compareOutputs(
  expected: Readonly<Record<string, NDArray>>,
  actual: Readonly<Record<string, WireValue>>,
  tolerance: Readonly<Record<string, Tolerance>> = {},
): OutputCheck[] {
  return Object.entries(expected).map(([name, exp]) =>
    compareOutput(name, exp, Object.hasOwn(actual, name) ? actual[name] : undefined, tolerance[name] ?? DEFAULT_TOLERANCE),
  );
}

/** True when some gradient output failed while every non-gradient output (at least one) passed. */
export function forwardMatchesGradientDoesNot(checks: readonly OutputCheck[]): boolean {
  const forward = checks.filter((c) => !c.gradient);
  return forward.length > 0 && forward.every((c) => c.ok) && checks.some((c) => c.gradient && !c.ok);
}
