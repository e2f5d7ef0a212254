/**
 * A handout's worked example run on a student's homework, in this process (like a training
 * run, it is not grading): the inputs drawn again from the suite exactly as the handout's
 * block says, the case's `run` on the student's module, and each output checked against the
 * block's printed value with compare.ts, its tolerance widened by the printing's rounding.
 * The expected values come from the handout's block, never from reference/, so this works
 * in a student's handout, which ships the suite and the write-up but no reference.
 */
import { join } from "node:path";
import { KitError, NDArray } from "#ndarray";
import { compareOutput } from "./compare.js";
import {
  BlockSyntaxError,
  exampleValue,
  formatNumber,
  MAX_EXAMPLE_NUMBERS,
  parseExampleBlock,
  PRINTED_RTOL,
  sizeText,
  valueArray,
  valueHeader,
  valueRows,
  type ExampleValue,
  type ExampleValues,
} from "./example-block.js";
import { copies, exampleInputs } from "./example-generate.js";
import { ExampleError, type ExampleMarker } from "./example-markers.js";
import { firstFrameIn } from "./stack-frames.js";
import { DEFAULT_TOLERANCE } from "./suite.js";
import { describe, toWire } from "./wire.js";

/** One output of an example: what the handout shows, what the student's code returned, and whether they agree. */
export interface OutputResult {
  expected: ExampleValue;
  /** The student's value as the block would show it; a description when it is neither an array nor a number. */
  actual: ExampleValue | string;
  ok: boolean;
  /** Why not, in compare.ts's words (empty when ok). */
  message: string;
}

export type ExampleOutcome =
  | { kind: "ran"; outputs: OutputResult[] }
  | { kind: "not attempted"; message: string }
  | { kind: "threw"; message: string };

export interface ExampleResult {
  marker: ExampleMarker;
  /** `handouts/hw1.md:42`. */
  where: string;
  shown: ExampleValues;
  outcome: ExampleOutcome;
}

/** The block's values, read back; a block that cannot be read, or whose inputs the suite no longer draws, names its line. */
export function shownValues(hw: string, marker: ExampleMarker, lines: readonly string[], file: string): { shown: ExampleValues; inputs: Record<string, NDArray> } {
  const fail = (detail: string): never => {
    throw new ExampleError(file, marker.begin + 1, `example ${marker.case.id}: ${detail}; the handout is out of date (npm run handouts rewrites it)`);
  };
  let shown: ExampleValues;
  try {
    shown = parseExampleBlock(lines.slice(marker.begin + 1, marker.end));
  } catch (e) {
    if (e instanceof BlockSyntaxError) return fail(e.message);
    throw e;
  }
  const inputs = exampleInputs(hw, marker);
  const drawn = Object.entries(inputs).map(([name, v]) => exampleValue(name, v));
  const same =
    drawn.length === shown.inputs.length &&
    drawn.every((d, i) => {
      const s = shown.inputs[i];
      return s.name === d.name && s.values.length === d.values.length && d.values.every((v, j) => formatNumber(v, d.dtype) === formatNumber(s.values[j], s.dtype));
    });
  if (!same) fail("its inputs are not what the suite draws");
  return { shown, inputs };
}

/** `hw` (the student's module) on one example, with what the block shows as the expected values. */
export function runExample(hw: string, marker: ExampleMarker, lines: readonly string[], file: string, module: unknown, kitRoot: string): ExampleResult {
  const { shown, inputs } = shownValues(hw, marker, lines, file);
  const where = `${file}:${marker.begin + 1}`;
  let outputs: Record<string, NDArray | number>;
  try {
    outputs = marker.case.run({ hw: module, inputs: copies(inputs), size: marker.size });
  } catch (e) {
    if (e instanceof KitError && e.code === "E_NOT_IMPLEMENTED") return { marker, where, shown, outcome: { kind: "not attempted", message: e.message } };
    const err = e instanceof Error ? e : new Error(String(e));
    const at = firstFrameIn(err.stack ?? "", [join(kitRoot, hw)], kitRoot);
    return { marker, where, shown, outcome: { kind: "threw", message: `${err.message}${at === undefined ? "" : ` (at ${at})`}` } };
  }
  const results = shown.outputs.map((expected): OutputResult => {
    const value: unknown = Object.hasOwn(outputs, expected.name) ? outputs[expected.name] : undefined;
    const tol = marker.case.tolerance?.[expected.name] ?? DEFAULT_TOLERANCE;
    const check = compareOutput(expected.name, valueArray(expected), toWire(value), { atol: tol.atol, rtol: tol.rtol + PRINTED_RTOL }, { dtype: true });
    const actual = typeof value === "number" || value instanceof NDArray ? exampleValue(expected.name, value) : describe(value);
    return { expected, actual, ok: check.ok, message: check.message };
  });
  return { marker, where, shown, outcome: { kind: "ran", outputs: results } };
}

/** Rows of `left` and `right` side by side, `left` padded to one width. */
function sideBySide(left: readonly string[], right: readonly string[]): string[] {
  const width = Math.max(0, ...left.map((l) => l.length));
  return Array.from({ length: Math.max(left.length, right.length) }, (_, i) => `${(left[i] ?? "").padEnd(width)}   │ ${right[i] ?? ""}`.trimEnd());
}

/** A value's rows without the block's indent, columns still aligned. */
function rows(v: ExampleValue): string[] {
  return valueRows(v).map((r) => r.slice(2));
}

/** What the student's value looks like beside the expected one. */
function actualRows(actual: ExampleValue | string): string[] {
  if (typeof actual === "string") return [actual];
  if (actual.values.length > MAX_EXAMPLE_NUMBERS) return [`${valueHeader(actual).split(": ")[1]} (${actual.values.length} numbers)`];
  return rows(actual);
}

/** One example's report: the inputs, then each output, expected beside yours, with ✓ or ✗. */
export function exampleReport(r: ExampleResult): string[] {
  const size = sizeText(r.marker.size);
  const lines = [`${r.marker.case.id}${size === "" ? "" : ` (${size})`}   ${r.where}`, "  inputs"];
  if (r.shown.inputs.length === 0) lines.push("    (none)");
  for (const v of r.shown.inputs) lines.push(`    ${valueHeader(v)}`, ...rows(v).map((row) => `      ${row}`));
  if (r.outcome.kind !== "ran") {
    lines.push(r.outcome.kind === "not attempted" ? `  not attempted: ${r.outcome.message}` : `  ✗ your code threw: ${r.outcome.message}`);
    return lines;
  }
  lines.push("  outputs: expected (the handout's) │ yours");
  for (const o of r.outcome.outputs) {
    lines.push(`  ${o.ok ? "✓" : "✗"} ${valueHeader(o.expected)}`);
    lines.push(...sideBySide(rows(o.expected).map((row) => `      ${row}`), actualRows(o.actual)));
    if (!o.ok) lines.push(...o.message.split("\n").map((m) => `    ${m.trim()}`));
  }
  return lines;
}

/** `3 of 4 examples match; 1 differs` and so on. */
export function exampleSummary(results: readonly ExampleResult[]): string {
  const matched = results.filter((r) => r.outcome.kind === "ran" && r.outcome.outputs.every((o) => o.ok)).length;
  const notAttempted = results.filter((r) => r.outcome.kind === "not attempted").length;
  const rest = results.length - matched - notAttempted;
  const parts = [`${matched} of ${results.length} example${results.length === 1 ? "" : "s"} match`];
  if (rest > 0) parts.push(`${rest} ${rest === 1 ? "does" : "do"} not`);
  if (notAttempted > 0) parts.push(`${notAttempted} not attempted`);
  return parts.join("; ");
}
