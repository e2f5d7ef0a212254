/**
 * The text of a worked example in a handout, and the same text read back. `npm run handouts`
 * writes it from the reference; `npm run example` reads it back in a student's handout,
 * which has the suite but no reference/, so the block itself is where the expected values
 * live there. It is a fenced `text` block a Markdown viewer and the HTML page both show as
 * is: each array under its name, dtype and shape, one row of its last axis per line, every
 * float to 4 significant digits (what a student checks by eye, not what the grader checks).
 */
import { DTYPES, fromWire, type WireArray } from "./wire.js";
import type { DType, NDArray } from "#ndarray";
import type { Size } from "./suite.js";
import { unravel } from "./values.js";

/** The most numbers an array of a worked example may hold: more does not fit a page, nor get read. */
export const MAX_EXAMPLE_NUMBERS = 24;

/** How far a printed float may lie from the value it stands for, relative to it: half a unit in the 4th significant digit. */
export const PRINTED_RTOL = 5.01e-4;

/** One named array (or number, `dtype: "number"`) of an example, as printed. */
export interface ExampleValue {
  name: string;
  dtype: DType | "number";
  shape: number[];
  values: number[];
}

/** What a block shows: the inputs `inputs(rng, size)` drew and the outputs `run` returned. */
export interface ExampleValues {
  inputs: ExampleValue[];
  outputs: ExampleValue[];
}

/** The seed of a worked example's inputs: fixed by its homework and case, so the block never changes unless the code does. */
export function exampleSeed(hw: string, caseId: string): string {
  return `example/${hw}/${caseId}`;
}

/** A value of `dtype` as the block prints it; floats to 4 significant digits. */
export function formatNumber(v: number, dtype: DType | "number"): string {
  if (dtype === "bool") return v !== 0 ? "true" : "false";
  if (dtype === "int32") return String(v);
  if (Number.isNaN(v)) return "nan";
  if (v === Infinity) return "inf";
  if (v === -Infinity) return "-inf";
  return v.toPrecision(4);
}

function parseNumber(token: string): number | undefined {
  const special: Record<string, number> = { true: 1, false: 0, nan: NaN, inf: Infinity, "-inf": -Infinity };
  if (Object.hasOwn(special, token)) return special[token];
  const v = Number(token);
  return token !== "" && !Number.isNaN(v) ? v : undefined;
}

/** An input, or an output of `run`, as the block shows it. */
export function exampleValue(name: string, value: NDArray | number): ExampleValue {
  if (typeof value === "number") return { name, dtype: "number", shape: [], values: [value] };
  return { name, dtype: value.dtype, shape: [...value.shape], values: Array.from(value.toTypedArray()) };
}

/**
 * The rows of `v` as lines: a scalar on one line, a vector on one, a matrix a line per row,
 * and a higher-dimensional array one matrix per leading index, headed by it (`[0, 1]`).
 * Columns are right-aligned across the whole array.
 */
export function valueRows(v: ExampleValue): string[] {
  const cells = v.values.map((x) => formatNumber(x, v.dtype));
  const width = Math.max(0, ...cells.map((c) => c.length));
  const cols = v.shape.length === 0 ? 1 : v.shape[v.shape.length - 1];
  const rowsPerMatrix = v.shape.length < 2 ? 1 : v.shape[v.shape.length - 2];
  const rows: string[][] = [];
  for (let at = 0; at < cells.length; at += cols) rows.push(cells.slice(at, at + cols));
  if (rows.length === 0) rows.push([]);
  return rows.flatMap((row, r) => {
    const line = `  ${row.map((c) => c.padStart(width)).join("  ")}`.trimEnd();
    const head = v.shape.length > 2 && r % rowsPerMatrix === 0 ? [`  [${unravel(r / rowsPerMatrix, v.shape.slice(0, -2)).join(", ")}]`] : [];
    return [...head, line];
  });
}

/** `Z: float32 [2, 3]`, or `loss: number`. */
export function valueHeader(v: ExampleValue): string {
  return v.dtype === "number" ? `${v.name}: number` : `${v.name}: ${v.dtype} [${v.shape.join(", ")}]`;
}

/** `N=2, Cin=3, Cout=2`. */
export function sizeText(size: Size): string {
  return Object.entries(size).map(([k, v]) => `${k}=${String(v)}`).join(", ");
}

/** The lines a worked example's markers enclose. */
export function exampleBlockLines(hw: string, caseId: string, size: Size, values: ExampleValues): string[] {
  const section = (title: string, vs: readonly ExampleValue[]) => [title, ...(vs.length === 0 ? ["  (none)"] : vs.flatMap((v) => [valueHeader(v), ...valueRows(v)]))];
  return [
    `Worked example \`${caseId}\`${Object.keys(size).length > 0 ? ` (${sizeText(size)})` : ""}: the inputs come from \`new Generator("${exampleSeed(hw, caseId)}")\`,`,
    `the outputs from the reference solution. \`npm run example ${hw} ${caseId}\` runs it on your code.`,
    "",
    "```text",
    ...section("inputs", values.inputs),
    ...section("outputs", values.outputs),
    "```",
  ];
}

/** Why a block cannot be read back: the caller names the file and line. */
export class BlockSyntaxError extends Error {}

const HEADER = /^(\S+): (?:(number)|(\w+) \[([\d, ]*)\])$/;

/** The values a block shows, read back from its lines (as `exampleBlockLines` writes them). */
export function parseExampleBlock(lines: readonly string[]): ExampleValues {
  const open = lines.indexOf("```text");
  const close = lines.indexOf("```", open + 1);
  if (open < 0 || close < 0) throw new BlockSyntaxError("its ```text block is missing");
  const result: ExampleValues = { inputs: [], outputs: [] };
  let list: ExampleValue[] | undefined;
  let current: ExampleValue | undefined;
  for (const line of lines.slice(open + 1, close)) {
    if (line === "inputs" || line === "outputs") {
      list = result[line];
      current = undefined;
      continue;
    }
    const header = HEADER.exec(line);
    if (header !== null) {
      if (list === undefined) throw new BlockSyntaxError(`"${line}" comes before "inputs"`);
      const dtype = header[2] ?? header[3];
      if (dtype !== "number" && !DTYPES.some((d) => d === dtype)) throw new BlockSyntaxError(`"${line}": unknown dtype ${dtype}`);
      const shape = header[4] === undefined || header[4].trim() === "" ? [] : header[4].split(",").map((d) => Number(d.trim()));
      current = { name: header[1], dtype: dtype as DType | "number", shape, values: [] };
      list.push(current);
      continue;
    }
    if (line.trim() === "" || line.trim() === "(none)" || /^\s*\[[\d, ]*\]$/.test(line)) continue;
    if (current === undefined) throw new BlockSyntaxError(`"${line}" belongs to no array`);
    for (const token of line.trim().split(/\s+/)) {
      const v = parseNumber(token);
      if (v === undefined) throw new BlockSyntaxError(`${current.name}: "${token}" is not a number`);
      current.values.push(v);
    }
  }
  for (const v of [...result.inputs, ...result.outputs]) {
    const count = v.shape.reduce((a, b) => a * b, 1);
    if (v.values.length !== count) throw new BlockSyntaxError(`${v.name} has ${v.values.length} numbers for its shape [${v.shape.join(", ")}]`);
  }
  return result;
}

/** A read-back value as an NDArray (a number as a 0-d float64 array, as fixtures hold it). */
export function valueArray(v: ExampleValue): NDArray {
  const dtype: DType = v.dtype === "number" ? "float64" : v.dtype;
  const wire: WireArray = { kind: "array", dtype, shape: v.shape, data: Float64Array.from(v.values) };
  return fromWire(wire);
}
