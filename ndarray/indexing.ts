/**
 * Basic indexing, numpy style, as pure view arithmetic: an index list becomes a new
 * (shape, strides, offset) over the same buffer.
 *
 * Each entry indexes one axis, left to right:
 *   - an integer `i` picks one position and drops the axis (negative counts from the end);
 *   - a slice: a string `"start:stop:step"` with any part left out (`":"`, `"1:"`, `"::-1"`),
 *     `null` (the whole axis), or an object `{ start, stop, step }`;
 *   - `"..."` stands for as many whole axes as needed (at most once).
 * One string may hold several entries separated by commas: `a.slice("1:3, ::-1, 0")`.
 * Axes not mentioned are kept whole. Slice bounds are clamped to the axis as in Python
 * (`"5:10"` on an axis of 3 is empty); an integer outside the axis is an error.
 */
import { IndexError } from "./errors.js";
import { fmtShape } from "./shape.js";

export interface Slice {
  start?: number;
  stop?: number;
  step?: number;
}
export type Index = number | string | null | Slice;

export interface View {
  shape: number[];
  strides: number[];
  offset: number;
}

function parseSliceString(op: string, text: string): Slice | number {
  const s = text.trim();
  if (!s.includes(":")) {
    const i = Number(s);
    if (s === "" || !Number.isInteger(i)) throw new IndexError(op, `cannot parse index "${text}"; expected an integer, "start:stop:step" or "..."`);
    return i;
  }
  const parts = s.split(":");
  if (parts.length > 3) throw new IndexError(op, `cannot parse slice "${text}": more than two colons`);
  const [start, stop, step] = parts.map((p) => {
    if (p.trim() === "") return undefined;
    const v = Number(p);
    if (!Number.isInteger(v)) throw new IndexError(op, `cannot parse slice "${text}": "${p}" is not an integer`);
    return v;
  });
  return { start, stop, step };
}

/** Python's slice.indices(): clamped start and step, and the number of elements taken. */
function sliceRange(op: string, slice: Slice, n: number): { start: number; step: number; length: number } {
  const step = slice.step ?? 1;
  if (step === 0) throw new IndexError(op, "slice step cannot be zero");
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);
  const norm = (v: number | undefined, dflt: number, lo: number, hi: number) =>
    v === undefined ? dflt : clamp(v < 0 ? v + n : v, lo, hi);
  const start = step > 0 ? norm(slice.start, 0, 0, n) : norm(slice.start, n - 1, -1, n - 1);
  const stop = step > 0 ? norm(slice.stop, n, 0, n) : norm(slice.stop, -1, -1, n - 1);
  const length = Math.max(0, Math.ceil((stop - start) / step));
  return { start, step, length };
}

/** Normalises an integer index on an axis of size n, or throws naming the axis. */
export function checkIndex(op: string, i: number, axis: number, n: number): number {
  if (!Number.isInteger(i) || i < -n || i >= n) {
    throw new IndexError(op, `index ${i} is out of bounds for axis ${axis} with size ${n}`);
  }
  return i < 0 ? i + n : i;
}

export function applyIndex(op: string, shape: readonly number[], strides: readonly number[], offset: number, indices: readonly Index[]): View {
  const parsed = indices
    .flatMap<Index>((ix) => (typeof ix === "string" ? ix.split(",") : [ix]))
    .map((ix) => (typeof ix === "string" && ix.trim() !== "..." ? parseSliceString(op, ix) : ix));
  const ellipses = parsed.filter((ix) => typeof ix === "string").length;
  if (ellipses > 1) throw new IndexError(op, `an index can only have a single ellipsis ("...")`);
  const explicit = parsed.length - ellipses;
  if (explicit > shape.length) {
    throw new IndexError(op, `too many indices for array of shape ${fmtShape(shape)}: ${shape.length} dimension${shape.length === 1 ? "" : "s"}, ${explicit} indexed`);
  }
  const full = parsed.flatMap((ix): (number | Slice | null)[] =>
    typeof ix === "string" ? new Array<null>(shape.length - explicit).fill(null) : [ix],
  );
  while (full.length < shape.length) full.push(null);

  const out: View = { shape: [], strides: [], offset };
  full.forEach((ix, axis) => {
    const n = shape[axis];
    if (typeof ix === "number") {
      out.offset += checkIndex(op, ix, axis, n) * strides[axis];
      return;
    }
    const { start, step, length } = sliceRange(op, ix ?? {}, n);
    if (length > 0) out.offset += start * strides[axis];
    out.shape.push(length);
    out.strides.push(strides[axis] * step);
  });
  return out;
}
