/**
 * How the grader compares and shows numbers: numpy's isclose rule element by element, and
 * values printed short, with ∞, −∞ and NaN as such (the fixtures' stand-in for −∞ too).
 */
import type { Tolerance } from "./suite.js";

/**
 * The log of probability 0 as fixtures hold it: −∞ mapped to this finite number, so that
 * numpy and torch can compare fixtures without computing ∞ − ∞. Shown as −∞.
 */
export const LOG_ZERO = -1e30;

export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(",")}]`;
}

/** A value as a failure shows it: six significant digits, ∞, −∞ or NaN. */
export function fmtValue(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "∞";
  if (v === -Infinity || v <= LOG_ZERO) return "−∞";
  return String(Number(v.toPrecision(6)));
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

/** |a − e| ≤ atol + rtol·|e|, NaN close to NaN and an infinity to itself (numpy's isclose with equal_nan). */
export function isClose(e: number, a: number, tol: Tolerance): boolean {
  if (a === e || (Number.isNaN(a) && Number.isNaN(e))) return true;
  return Math.abs(a - e) - (tol.atol + tol.rtol * Math.abs(e)) <= 0;
}

/** Every element close, element i of `expected` against element map(i) of `actual`. */
export function allClose(expected: ArrayLike<number>, actual: ArrayLike<number>, tol: Tolerance, map: (i: number) => number = (i) => i): boolean {
  if (expected.length !== actual.length) return false;
  for (let i = 0; i < expected.length; i++) if (!isClose(expected[i], actual[map(i)], tol)) return false;
  return true;
}
