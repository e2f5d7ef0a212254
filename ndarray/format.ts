/**
 * numpy-like printing: `array([[1., 2.],\n       [3., 4.]], dtype=float32, device=cpu)`.
 *
 * The body is numpy 2's `repr`, rule for rule, so what a student sees matches what numpy
 * would print for the same values: floats with the shortest digits that read back the same
 * (float32 by float32's precision), at most 8 after the point, points aligned; scientific
 * notation for the whole array when a non-zero magnitude is ≥ 1e8 or < 1e-4 or the largest
 * is over 1000 times the smallest; lines wrapped at 75 characters; arrays over 1000
 * elements summarised to 3 entries at each edge of every long axis around "...", with
 * their shape. Unlike numpy, dtype and device are always named: in this kit both matter
 * (float32 vs float64 results, cpu vs cuda operands) and neither is a safe default to hide.
 */
import type { DType } from "./dtype.js";

/** numpy's `threshold`: arrays with more elements than this are summarised. */
const THRESHOLD = 1000;
/** numpy's `edgeitems`. */
export const EDGE = 3;
const LINE_WIDTH = 75;
const PREFIX = "array(";
/** numpy's `precision`: at most this many digits after the point. */
const PRECISION = 8;

/** Which axes a summary cuts to their first and last EDGE entries (none unless the array is large). */
export function summaryAxes(shape: readonly number[]): boolean[] {
  const size = shape.reduce((p, d) => p * d, 1);
  return shape.map((d) => size > THRESHOLD && d > 2 * EDGE);
}

/**
 * `v.toPrecision`, `toExponential` or `toFixed` (by `method`) of a value `v` ≥ 0, except that
 * when `v` lies exactly halfway between the two candidates numpy's even last digit wins
 * where JS would round up.
 */
function roundEven(v: number, digits: number, method: "toPrecision" | "toExponential" | "toFixed"): string {
  const up = v[method](digits);
  const down = (v - v * 2 ** -52)[method](digits);
  if (up === down || Number(v[method](digits + 1)) !== v) return up;
  const lastDigit = (text: string) => Number(text.replace(/e.*$/, "").slice(-1));
  return lastDigit(up) % 2 === 1 ? down : up;
}

/** The shortest decimal that reads back as the same float32 `v` ≥ 0 (numpy prints float32 this way). */
function shortestFloat32(v: number): number {
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(roundEven(v, digits, "toPrecision"));
    if (Math.fround(candidate) === v) return candidate;
  }
  return Number(v.toPrecision(9));
}

/** Digits of |x| as numpy's dragon4 finds them (unique for the dtype, at most PRECISION after the point). */
function positional(x: number, dtype: DType): { int: string; frac: string } {
  const abs = Math.abs(x);
  let text = String(dtype === "float32" ? shortestFloat32(abs) : abs);
  let [int, frac = ""] = text.split(".");
  if (frac.length > PRECISION) {
    text = roundEven(abs, PRECISION, "toFixed").replace(/0+$/, "");
    [int, frac = ""] = text.split(".");
  }
  return { int: (x < 0 || Object.is(x, -0) ? "-" : "") + int, frac };
}

/** How many digits after the point |x| needs in scientific notation: unique for the dtype, at most PRECISION. */
function scientificDigits(x: number, dtype: DType): number {
  const abs = Math.abs(x);
  const unique = (dtype === "float32" ? shortestFloat32(abs) : abs).toExponential().split("e")[0].split(".")[1] ?? "";
  if (unique.length <= PRECISION) return unique.length;
  return roundEven(abs, PRECISION, "toExponential").split("e")[0].split(".")[1].replace(/0+$/, "").length;
}

/** numpy's FloatingFormat: one formatter for all the values shown, so every string has the same width. */
function floatFormatter(values: readonly number[], dtype: DType): (x: number) => string {
  const finite = values.filter(Number.isFinite);
  const magnitudes = finite.filter((x) => x !== 0).map(Math.abs);
  const max = Math.max(...magnitudes);
  const min = Math.min(...magnitudes);
  const scientific = magnitudes.length > 0 && (max >= 1e8 || min < 1e-4 || max / min > 1000);
  let padLeft = 0;
  let padRight = 0;
  let format: (x: number) => string;
  if (scientific) {
    const precision = Math.max(0, ...finite.map((x) => scientificDigits(x, dtype)));
    // The unique digits when they fill the precision, else the value's own digits up to it.
    const digits = (x: number) => {
      const abs = Math.abs(x);
      const unique = dtype === "float32" ? shortestFloat32(abs) : abs;
      const [mantissa, exponent] = roundEven(scientificDigits(x, dtype) >= precision ? unique : abs, precision, "toExponential").split("e");
      const [int, frac = ""] = mantissa.split(".");
      return { int: (x < 0 || Object.is(x, -0) ? "-" : "") + int, frac, sign: exponent[0], exp: exponent.slice(1) };
    };
    const parts = finite.map(digits);
    const expSize = Math.max(2, ...parts.map((p) => p.exp.length));
    padLeft = Math.max(...parts.map((p) => p.int.length));
    padRight = expSize + 2 + precision;
    format = (x) => {
      const { int, frac, sign, exp } = digits(x);
      return `${int.padStart(padLeft)}.${frac}e${sign}${exp.padStart(expSize, "0")}`;
    };
  } else {
    const parts = finite.map((x) => positional(x, dtype));
    padLeft = Math.max(0, ...parts.map((p) => p.int.length));
    padRight = Math.max(0, ...parts.map((p) => p.frac.length));
    format = (x) => {
      const { int, frac } = positional(x, dtype);
      return `${int.padStart(padLeft)}.${frac.padEnd(padRight)}`;
    };
  }
  if (finite.length < values.length) {
    const negInf = values.some((x) => x === -Infinity);
    padLeft = Math.max(padLeft, 3 - (padRight + 1), 3 + (negInf ? 1 : 0) - (padRight + 1));
  }
  const width = padLeft + padRight + 1;
  return (x) => {
    if (Number.isNaN(x)) return "nan".padStart(width);
    if (!Number.isFinite(x)) return (x > 0 ? "inf" : "-inf").padStart(width);
    return format(x);
  };
}

/** Every value as numpy prints it, all padded to one width. */
function formatValues(values: readonly number[], dtype: DType, scalar: boolean): string[] {
  let strings: string[];
  // numpy pads True to False's width in every array but a 0-d one.
  if (dtype === "bool") strings = values.map((v) => (v !== 0 ? (scalar ? "True" : " True") : "False"));
  else if (dtype === "int32") strings = values.map(String);
  else strings = values.map(floatFormatter(values, dtype));
  const width = Math.max(0, ...strings.map((s) => s.length));
  return strings.map((s) => s.padStart(width));
}

/**
 * numpy's `_formatArray`: nested brackets, rows of the last axis wrapped at the line width,
 * blank lines between blocks of higher axes, "..." where a summary cut an axis.
 */
function renderBody(shown: readonly number[], cut: readonly boolean[], strings: readonly string[]): string {
  const separator = ", ";
  const recurse = (axis: number, start: number, hanging: string, width: number): string => {
    const left = shown.length - axis;
    const step = shown.slice(axis + 1).reduce((p, d) => p * d, 1);
    const items: (number | "...")[] = Array.from({ length: shown[axis] }, (_, i) => start + i * step);
    if (cut[axis]) items.splice(EDGE, 0, "...");
    let s: string;
    if (left === 1) {
      const elementWidth = width - separator.trimEnd().length;
      s = "";
      let line = hanging;
      items.forEach((item, k) => {
        const word = item === "..." ? item : strings[item];
        if (line.length + word.length > elementWidth && line.length > hanging.length) {
          s += `${line.trimEnd()}\n`;
          line = hanging;
        }
        line += word;
        if (k < items.length - 1) line += separator;
      });
      s += line;
    } else {
      const lineSeparator = `${separator.trimEnd()}${"\n".repeat(left - 1)}`;
      s = items.map((item) => hanging + (item === "..." ? item : recurse(axis + 1, item, `${hanging} `, width - 1))).join(lineSeparator);
    }
    return `[${s.slice(hanging.length)}]`;
  };
  // array2string's hanging indent skips "array(" and "["; its width leaves room for the closing ")".
  return recurse(0, 0, " ".repeat(PREFIX.length + 1), LINE_WIDTH - 1);
}

/**
 * The repr of an array: `shape`, `dtype` and `device` describe it, `values` are the
 * row-major elements of the part shown (the whole array, or with each axis `cut` marks
 * reduced to its first and last EDGE entries).
 */
export function formatArray(shape: readonly number[], dtype: DType, device: string, values: ArrayLike<number>, cut: readonly boolean[]): string {
  const size = shape.reduce((p, d) => p * d, 1);
  const summarised = cut.some(Boolean);
  const shown = shape.map((d, i) => (cut[i] ? 2 * EDGE : d));
  const strings = formatValues(Array.from(values), dtype, shape.length === 0);
  const body = size === 0 ? "[]" : shape.length === 0 ? strings[0] : renderBody(shown, cut, strings);
  const extras = [`dtype=${dtype}`, `device=${device}`];
  if (summarised || (size === 0 && shape.length !== 1)) {
    extras.unshift(`shape=(${shape.join(", ")}${shape.length === 1 ? "," : ""})`);
  }
  const text = `${PREFIX}${body},`;
  const tail = `${extras.join(", ")})`;
  const lastLine = text.length - (text.lastIndexOf("\n") + 1);
  return text + (lastLine + tail.length + 1 > LINE_WIDTH ? `\n${" ".repeat(PREFIX.length)}` : " ") + tail;
}
