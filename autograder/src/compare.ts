/**
 * Compares what the student's code returned with the reference's outputs: kind first
 * (an array, not undefined), then shape, dtype and values (numpy's allclose rule), and says
 * where the largest error is: its index, the expected and the actual value there.
 *
 * A wrong array on a public variant also gets a diagnosis (diagnose.ts) when its values or
 * shape show a pattern that names the mistake. A hidden variant shows none of that:
 * `summary` says what failed without a value.
 *
 * Besides its outputs, a result may carry the rules the code broke (rules.ts): inputs it
 * modified, and a case's own rule (a model whose layer list changed). Those fail as `rule`
 * checks, first, with the grader's own text.
 */
import type { NDArray } from "#ndarray";
import { diagnoseShape, diagnoseValues, type DiagnosisContext } from "./diagnose.js";
import { BROKEN_RULE, isRuleId, MODIFIED_INPUTS, RULES } from "./rules.js";
import { DEFAULT_TOLERANCE, isGradientOutput, type Size, type Tolerance } from "./suite.js";
import { fmtShape, fmtValue, isClose, LOG_ZERO, unravel } from "./values.js";
import { checkWireArray, type WireValue } from "./wire.js";

export type CheckReason = "type" | "shape" | "dtype" | "values" | "rule";

export interface OutputCheck {
  name: string;
  ok: boolean;
  gradient: boolean;
  /** Why it failed, with values and a diagnosis (empty when ok): for public variants. */
  message: string;
  /** Why it failed without any value (empty when ok): for hidden variants. */
  summary: string;
  reason?: CheckReason;
}

/** The variant being compared: its sizes and inputs, which diagnoses name and modified inputs are checked against. */
export interface CompareContext {
  size?: Size;
  inputs?: Readonly<Record<string, NDArray>>;
}

export interface WorstError {
  /** Elements outside tolerance. */
  bad: number;
  /** Flat index of the worst one: a NaN/±Inf mismatch first, else the largest excess over tolerance. */
  index: number;
  /** Flat index of the first one. */
  first: number;
}

/**
 * allclose with a report: element i is close when both are NaN, both the same infinity,
 * or |a − e| ≤ atol + rtol·|e|. Returns undefined when every element is close.
 */
export function worstError(expected: ArrayLike<number>, actual: ArrayLike<number>, tol: Tolerance): WorstError | undefined {
  let bad = 0;
  let index = -1;
  let first = -1;
  let worst = -Infinity;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const a = actual[i];
    if (isClose(e, a, tol)) continue;
    if (first < 0) first = i;
    bad++;
    const excess = Math.abs(a - e) - (tol.atol + tol.rtol * Math.abs(e));
    const score = Number.isNaN(excess) ? Infinity : excess;
    if (score > worst) {
      worst = score;
      index = i;
    }
  }
  return bad === 0 ? undefined : { bad, index, first };
}

/** Checks one output returned over the wire against the reference's array. */
export function compareOutput(
  name: string,
  expected: NDArray,
  actual: WireValue | undefined,
  tol: Tolerance = DEFAULT_TOLERANCE,
  opts: { dtype?: boolean; diagnose?: DiagnosisContext } = {},
): OutputCheck {
  const gradient = isGradientOutput(name);
  const fail = (reason: CheckReason, message: string, summary: string): OutputCheck => ({
    name,
    ok: false,
    gradient,
    reason,
    message: `${name}: ${message}`,
    summary: `${name}: ${summary}`,
  });
  const hiddenNote = "(details of hidden cases are not shown)";
  const want = expected.ndim === 0 ? "a number or a 0-d array" : `an NDArray of shape ${fmtShape(expected.shape)}`;
  const exp = expected.toTypedArray();
  let shape: readonly number[];
  let values: ArrayLike<number>;
  let dtype: string | undefined;
  if (actual === undefined) return fail("type", `expected ${want}, got undefined (no such output)`, `wrong type ${hiddenNote}`);
  if (actual.kind === "number") {
    if (expected.ndim !== 0) return fail("type", `expected ${want}, got a number (${fmtValue(actual.value)})`, `wrong type ${hiddenNote}`);
    shape = [];
    values = [actual.value];
  } else if (actual.kind === "array") {
    const arr = checkWireArray(actual);
    if (arr === undefined) return fail("type", `expected ${want}, got a malformed array`, `wrong type ${hiddenNote}`);
    shape = arr.shape;
    values = arr.data;
    dtype = arr.dtype;
  } else {
    return fail("type", `expected ${want}, got ${actual.description}`, `wrong type ${hiddenNote}`);
  }
  if (shape.length !== expected.ndim || shape.some((d, i) => d !== expected.shape[i])) {
    const why = opts.diagnose ? diagnoseShape(expected.shape, shape, opts.diagnose.size) : undefined;
    return fail("shape", `expected shape ${fmtShape(expected.shape)}, got ${fmtShape(shape)}${why ? `\n    ${why}` : ""}`, `wrong shape ${hiddenNote}`);
  }
  const exact = expected.dtype === "int32" || expected.dtype === "bool";
  const valueTol = exact ? { atol: 0, rtol: 0 } : tol;
  const w = worstError(exp, values, valueTol);
  // A number stands for a 0-d float64 fixture; any float 0-d array is accepted for it too.
  const loose = expected.ndim === 0 && expected.dtype === "float64" && dtype !== "int32" && dtype !== "bool";
  if (opts.dtype && dtype !== undefined && dtype !== expected.dtype && !loose) {
    const also = w === undefined ? "; the values match" : "; the values differ too";
    return fail("dtype", `expected dtype ${expected.dtype}, got ${dtype}${also}: keep the input's dtype`, `expected dtype ${expected.dtype}, got ${dtype}`);
  }
  if (w === undefined) return { name, ok: true, gradient, message: "", summary: "" };
  const at = (i: number) => (expected.ndim === 0 ? "" : ` at ${fmtShape(unravel(i, expected.shape))}`);
  const e = exp[w.index];
  const a = values[w.index];
  const tolText = exact ? "exact match required" : `atol ${tol.atol}, rtol ${tol.rtol}`;
  const err = Math.abs(a - e);
  const errText = Number.isFinite(err) && e > LOG_ZERO && a > LOG_ZERO ? `error ${fmtValue(err)}, ` : "";
  const firstText = w.first !== w.index && expected.ndim > 0 ? `; the first wrong value is${at(w.first)}` : "";
  const why = opts.diagnose ? diagnoseValues(name, expected, exp, values, valueTol, opts.diagnose) : undefined;
  return fail(
    "values",
    `${w.bad} of ${exp.length} values differ; largest${at(w.index)}: expected ${fmtValue(e)}, got ${fmtValue(a)} (${errText}${tolText})${firstText}${why ? `\n    ${why}` : ""}`,
    `wrong values ${hiddenNote}`,
  );
}

/** The checks for the reserved outputs: modified inputs (named only when the variant has such an input) and broken rules. */
function ruleChecks(actual: Readonly<Record<string, WireValue>>, inputNames: readonly string[] | undefined): OutputCheck[] {
  const checks: OutputCheck[] = [];
  const fail = (name: string, message: string): OutputCheck => ({ name, ok: false, gradient: false, reason: "rule", message, summary: message });
  const modified = actual[MODIFIED_INPUTS];
  if (modified?.kind === "other") {
    const names = modified.description.split(",").filter((n) => inputNames === undefined || inputNames.includes(n));
    if (names.length > 0) {
      const list = names.map((n) => `\`${n}\``).join(", ");
      checks.push(fail("inputs", `your code modified its input${names.length > 1 ? "s" : ""} ${list}: an input is only read (compute new arrays; iadd, imul, assign and friends write into the array)`));
    }
  }
  const rule = actual[BROKEN_RULE];
  if (rule?.kind === "other" && isRuleId(rule.description)) checks.push(fail("rules", RULES[rule.description]));
  return checks;
}

/**
 * Checks every output the reference produced (dtype included), after the rules the code
 * broke; extra outputs from the student are ignored. With `diagnose`, wrong values get a
 * diagnosis naming the variant's parameters and inputs (public variants only).
 */
export function compareOutputs(
  expected: Readonly<Record<string, NDArray>>,
  actual: Readonly<Record<string, WireValue>>,
  tolerance: Readonly<Record<string, Tolerance>> = {},
  context: CompareContext & { diagnose?: boolean } = {},
): OutputCheck[] {
  const inputNames = context.inputs === undefined ? undefined : Object.keys(context.inputs);
  const rules = ruleChecks(actual, inputNames);
  // A broken rule stopped the case before it collected any output: the rule is the whole story.
  if (Object.hasOwn(actual, BROKEN_RULE)) return rules;
  const diagnose = context.diagnose ? { size: context.size, inputs: context.inputs, others: expected } : undefined;
  const outputs = Object.entries(expected).map(([name, exp]) =>
    compareOutput(name, exp, Object.hasOwn(actual, name) ? actual[name] : undefined, tolerance[name] ?? DEFAULT_TOLERANCE, { dtype: true, diagnose }),
  );
  return [...rules, ...outputs];
}

/** True when some gradient output failed while every non-gradient output (at least one) passed. */
export function forwardMatchesGradientDoesNot(checks: readonly OutputCheck[]): boolean {
  const forward = checks.filter((c) => !c.gradient && c.reason !== "rule");
  return forward.length > 0 && forward.every((c) => c.ok) && checks.some((c) => c.gradient && !c.ok);
}
