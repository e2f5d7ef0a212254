/**
 * numpy-like printing: `array([[1., 2.],\n       [3., 4.]], dtype=float32)`.
 *
 * Floats print with up to 8 significant digits (float32: the shortest digits that read back
 * the same), integral floats with a trailing ".", decimal points aligned as numpy aligns
 * them; arrays over 1000 elements show 3 entries at each edge of every axis around "...".
 * dtype is named except for numpy's defaults (float64, bool); an empty array shows its shape.
 */
import type { DType, TypedArray } from "./dtype.js";
import { prod } from "./shape.js";

const THRESHOLD = 1000;
const EDGE = 3;

/** The shortest decimal that reads back as the same float32 (numpy prints float32 this way). */
function shortestFloat32(v: number): number {
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(v.toPrecision(digits));
    if (Math.fround(candidate) === v) return candidate;
  }
  return Number(v.toPrecision(9));
}

function formatNumber(v: number, dtype: DType): string {
  if (dtype === "bool") return v !== 0 ? "True" : "False";
  if (dtype === "int32") return String(v);
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  const x = dtype === "float32" ? shortestFloat32(v) : Number(v.toPrecision(8));
  const abs = Math.abs(x);
  if (abs >= 1e16 || (abs < 1e-4 && abs > 0)) return x.toExponential().replace(/e([+-])(\d)$/, "e$10$2");
  return Number.isInteger(x) ? `${x}.` : String(x);
}

/** Pads the parts before and after each "." to common widths, so the points line up. */
function alignDecimals(strings: string[]): string[] {
  if (strings.some((s) => s.includes("e"))) return strings;
  const parts = strings.map((s) => (s.includes(".") ? s.split(".") : [s, undefined]));
  const left = Math.max(...parts.map(([l]) => l!.length));
  const right = Math.max(...parts.map(([, r]) => (r === undefined ? -1 : r.length)));
  return parts.map(([l, r]) => l!.padStart(left) + (r === undefined ? "" : "." + r.padEnd(right)));
}

export function formatArray(shape: readonly number[], dtype: DType, values: TypedArray): string {
  const named = dtype !== "float64" && dtype !== "bool";
  const suffix = named ? `, dtype=${dtype}` : "";
  if (values.length === 0) {
    return `array([]${shape.length === 1 ? "" : `, shape=(${shape.join(", ")})`}${suffix})`;
  }
  const summarize = prod(shape) > THRESHOLD;
  const raw = Array.from(values, (v) => formatNumber(v, dtype));
  const strings = dtype === "float32" || dtype === "float64" ? alignDecimals(raw) : raw;
  const width = Math.max(0, ...strings.map((s) => s.length));
  const indent = "array(".length;

  const render = (axis: number, start: number, depth: number): string => {
    if (axis === shape.length) return strings[start].padStart(width);
    const n = shape[axis];
    const step = prod(shape.slice(axis + 1));
    const shown = summarize && n > 2 * EDGE ? [...Array(EDGE).keys(), -1, ...Array.from({ length: EDGE }, (_, i) => n - EDGE + i)] : [...Array(n).keys()];
    const parts = shown.map((i) => (i < 0 ? "..." : render(axis + 1, start + i * step, depth + 1)));
    const last = axis === shape.length - 1;
    const sep = last ? ", " : "," + "\n".repeat(shape.length - axis - 1) + " ".repeat(indent + depth + 1);
    return `[${parts.join(sep)}]`;
  };

  const body = shape.length === 0 ? raw[0] : render(0, 0, 0);
  return `array(${body}${suffix})`;
}
