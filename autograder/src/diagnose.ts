/**
 * What a wrong output's values or shape suggest, in one sentence a student can act on: a
 * constant ratio that equals a size of the variant (a factor N missing), a sign flip, a
 * transpose or an axis in reverse order, the values of another output or of an input, NaN
 * or ±∞ where numbers are due; for shapes, swapped axes, an extra axis to sum over or a
 * keepdims too many. Only public variants get one (grade.ts): a diagnosis shows values.
 */
import type { NDArray } from "#ndarray";
import type { Size, Tolerance } from "./suite.js";
import { allClose, isClose, LOG_ZERO, unravel } from "./values.js";

/** What a diagnosis may name besides the values: the variant's sizes, its inputs and the other expected outputs. */
export interface DiagnosisContext {
  size?: Size;
  inputs?: Readonly<Record<string, NDArray>>;
  others: Readonly<Record<string, NDArray>>;
}

/**
 * "N = 4" or "N = C = 4": the size parameters equal to `value`; failing that their squares
 * ("K² = 4"), failing that their pairwise products ("N·C = 12"); undefined when none is.
 */
function sizeNames(size: Size | undefined, value: number): string | undefined {
  const params = Object.entries(size ?? {}).flatMap(([k, v]) => (typeof v === "number" && v > 1 ? [[k, v] as const] : []));
  const tiers: (readonly (readonly [string, number])[])[] = [
    params,
    params.map(([k, v]) => [`${k}²`, v * v] as const),
    params.flatMap(([k, v], i) => params.slice(i + 1).map(([k2, v2]) => [`${k}·${k2}`, v * v2] as const)),
  ];
  for (const tier of tiers) {
    const names = tier.filter(([, v]) => Math.abs(v - value) <= 1e-3 * v).map(([k]) => k);
    if (names.length > 0) return `${names.join(" = ")} = ${Number(value.toPrecision(6))}`;
  }
  return undefined;
}

/** Flat index in an array of `shape` of the element at `idx` with the axes in `flip` reversed. */
function flippedIndex(idx: number[], shape: readonly number[], flip: readonly number[], swapLast: boolean): number {
  const src = idx.map((v, d) => (flip.includes(d) ? shape[d] - 1 - v : v));
  if (swapLast) {
    const n = src.length;
    [src[n - 2], src[n - 1]] = [src[n - 1], src[n - 2]];
  }
  return src.reduce((acc, v, d) => acc * shape[d] + v, 0);
}

/** "reversed along axis 2", "transposed (its last two axes swapped)": an axis rearrangement that gives the expected values. */
function rearrangement(exp: ArrayLike<number>, act: ArrayLike<number>, shape: readonly number[], tol: Tolerance): string | undefined {
  if (shape.length === 0 || shape.length > 4 || exp.length > 100_000) return undefined;
  const n = shape.length;
  const idx = Array.from({ length: exp.length }, (_, i) => unravel(i, shape));
  if (n >= 2 && shape[n - 1] === shape[n - 2] && shape[n - 1] > 1 && allClose(exp, act, tol, (i) => flippedIndex(idx[i], shape, [], true))) {
    return n === 2 ? "it is the transpose of the expected matrix" : "it is the expected array with its last two axes swapped (transposed)";
  }
  const axes = shape.flatMap((d, i) => (d > 1 ? [i] : []));
  for (let mask = 1; mask < 1 << axes.length; mask++) {
    const flip = axes.filter((_, k) => mask & (1 << k));
    if (allClose(exp, act, tol, (i) => flippedIndex(idx[i], shape, flip, false))) {
      const which = flip.length === 1 ? `axis ${flip[0]}` : `axes ${flip.join(" and ")}`;
      return `these are the expected values in reverse order along ${which}`;
    }
  }
  return undefined;
}

/** "every value is 4× the expected one: is a factor N = 4 missing or extra?", when the ratio is constant. */
function constantRatio(exp: ArrayLike<number>, act: ArrayLike<number>, tol: Tolerance, size: Size | undefined): string | undefined {
  let ratio: number | undefined;
  for (let i = 0; i < exp.length; i++) {
    if (Math.abs(exp[i]) <= 10 * tol.atol) continue;
    ratio = act[i] / exp[i];
    break;
  }
  if (ratio === undefined || !Number.isFinite(ratio) || ratio === 0 || Math.abs(ratio - 1) < 1e-3) return undefined;
  const r = ratio;
  const scaled: Tolerance = { atol: tol.atol * Math.max(1, Math.abs(r)), rtol: Math.max(tol.rtol, 1e-3) };
  for (let i = 0; i < exp.length; i++) if (!isClose(exp[i] * r, act[i], scaled)) return undefined;
  if (Math.abs(r + 1) < 1e-3) return "every value has the wrong sign (−1× the expected one)";
  const big = Math.abs(r) >= 1 ? Math.abs(r) : 1 / Math.abs(r);
  const sign = r < 0 ? "−" : "";
  const shown = Math.abs(r) >= 1 ? `${sign}${Number(big.toPrecision(4))}×` : `${sign}1/${Number(big.toPrecision(4))} of`;
  const head = `every value is ${shown} the expected one`;
  const named = sizeNames(size, big);
  if (named !== undefined) return `${head}: is a factor ${named} missing or extra?`;
  const unbiased = Object.entries(size ?? {}).find(([, v]) => typeof v === "number" && v > 1 && Math.abs(v / (v - 1) - big) <= 1e-3 * big);
  if (unbiased !== undefined) return `${head}: that is ${unbiased[0]}/(${unbiased[0]} − 1), the unbiased variance where the biased one is due (or the other way round)`;
  if (Math.abs(big - 2) < 1e-3) return `${head}: is a factor 2 missing or extra?`;
  // One number off by an unnamed ratio says nothing a plain comparison does not.
  return exp.length > 1 ? head : undefined;
}

/** A sentence naming what a wrong array's values look like, or undefined when they show no pattern. */
export function diagnoseValues(name: string, expected: NDArray, exp: ArrayLike<number>, act: ArrayLike<number>, tol: Tolerance, ctx: DiagnosisContext): string | undefined {
  const finiteExpected = (i: number) => Number.isFinite(exp[i]) && exp[i] > LOG_ZERO;
  let [nan, inf, negInf] = [0, 0, 0];
  for (let i = 0; i < exp.length; i++) {
    if (!finiteExpected(i)) continue;
    if (Number.isNaN(act[i])) nan++;
    else if (act[i] === Infinity) inf++;
    else if (act[i] <= LOG_ZERO) negInf++;
  }
  const places = (k: number) => `${k} place${k === 1 ? "" : "s"}`;
  if (nan > 0) return `NaN in ${places(nan)} where a number is expected (0/0, ∞ − ∞, 0·∞ or the log of a negative number?)`;
  if (inf > 0) return `∞ in ${places(inf)} where a finite number is expected (exp() of a large number overflows: subtract the maximum first?)`;
  if (negInf > 0) return `−∞ in ${places(negInf)} where a finite number is expected (the log of 0: a probability that underflowed, or a path left out?)`;
  for (const [other, arr] of Object.entries(ctx.others)) {
    if (other !== name && arr.size === exp.length && arr.size > 1 && allClose(arr.toTypedArray(), act, tol)) return `these are the values expected for \`${other}\`: two outputs swapped?`;
  }
  for (const [input, arr] of Object.entries(ctx.inputs ?? {})) {
    if (arr.size === exp.length && arr.size > 1 && allClose(arr.toTypedArray(), act, tol)) return `these are the values of the input \`${input}\`, unchanged`;
  }
  if (expected.dtype === "bool") {
    if (allClose(exp, Array.from(act, (v) => (v ? 0 : 1)), tol)) return "every value is negated (true where false is expected and the other way round)";
  }
  const rearranged = rearrangement(exp, act, expected.shape, tol);
  if (rearranged !== undefined) return rearranged;
  const ratio = constantRatio(exp, act, tol, ctx.size);
  if (ratio !== undefined) return ratio;
  if (expected.dtype === "int32") {
    const d = act[0] - exp[0];
    if (d !== 0 && Array.from(exp).every((e, i) => act[i] - e === d)) return `every value is off by ${d > 0 ? "+" : ""}${d}`;
  }
  return undefined;
}

/** "[3,2] is the expected shape with its last two axes swapped", and other shape slips worth naming. */
export function diagnoseShape(expected: readonly number[], got: readonly number[], size: Size | undefined): string | undefined {
  const n = expected.length;
  if (got.length === n && n >= 2 && got[n - 1] === expected[n - 2] && got[n - 2] === expected[n - 1] && got.slice(0, n - 2).every((d, i) => d === expected[i])) {
    return "that is the expected shape with its last two axes swapped: a product in the wrong order, or a transpose too many or too few?";
  }
  if (got.length === n + 1 && got.slice(1).every((d, i) => d === expected[i])) {
    const named = sizeNames(size, got[0]);
    return `that is the expected shape with an extra leading axis of size ${got[0]}${named ? ` (${named})` : ""}: a sum over that axis missing?`;
  }
  if (got.length === n + 1 && got.filter((d) => d === 1).length > expected.filter((d) => d === 1).length) {
    return "that is the expected shape with an extra axis of size 1: keepdims where it should not be?";
  }
  if (got.reduce((a, b) => a * b, 1) === expected.reduce((a, b) => a * b, 1)) {
    return "it has the right number of elements in another arrangement: a reshape where a transpose or permute is needed?";
  }
  return undefined;
}
