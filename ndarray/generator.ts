/**
 * Seeded randomness. A `Generator` owns one stream of uniform doubles `u` in [0, 1) and
 * every method draws from it on the host, in row-major order (element 0 first, last axis
 * fastest), then builds the NDArray with `NDArray.fromTypedArray`. The draws each method
 * makes are stated exactly, so a student's mask can match the reference's: a dropout mask
 * is one `rng.bernoulli(1 − p, shape)` draw, which takes `size` uniforms.
 *
 * The stream is seedrandom's `alea` PRNG, chosen for speed, seeded with `String(seed)`;
 * each `u` is one `prng.double()` (53 random bits). No draw uses the unseeded global generator.
 *
 * Sizes are a list or one integer (numpy's `size`); `rand` and `randn` also take integers
 * (`rng.randn(2, 3)`, PyTorch's form). Options are `{ dtype, device }` or a dtype name.
 */
import seedrandom from "seedrandom";
import type { Device } from "./device.js";
import { DEFAULT_FLOAT, newTypedArray, type DType, type TypedArray } from "./dtype.js";
import { DTypeError, ShapeError, ValueError } from "./errors.js";
import { NDArray } from "./ndarray.js";
import { checkShape, prod, type Shape } from "./shape.js";
import * as v from "./validate.js";

/** Options of the drawing methods: the result's dtype and device (the default device if absent). */
export interface DrawOptions {
  dtype?: DType;
  device?: Device;
}

/** Options of `choice`. */
export interface ChoiceOptions {
  /** Draw with replacement (the default) or without. */
  replace?: boolean;
  /** Probabilities of the `n` candidates: non-negative, summing to 1 within 1e-6. */
  p?: NDArray | readonly number[];
  /** Device of the index array returned when `a` is a number. */
  device?: Device;
}

const FLOATS: readonly DType[] = ["float32", "float64"];
const NUMERIC: readonly DType[] = ["float32", "float64", "int32"];
const ALL: readonly DType[] = ["float32", "float64", "int32", "bool"];
/** The largest float32 below 1: where `rand` stores a `u` that float32 would round up to 1. */
const BELOW_ONE_F32 = 1 - 2 ** -24;

function checkFinite(op: string, name: string, value: number): void {
  if (!Number.isFinite(value)) throw new ValueError(op, `${name} must be a finite number, got ${value}`);
}

/** The checked dtype and device of a draw's options (a dtype name alone is `{ dtype }`). */
function drawOptions(op: string, opts: unknown, fallback: DType, allowed: readonly DType[]): { dtype: DType; device: Device | undefined } {
  const o = v.options(op, "options", opts, ["dtype", "device"] as const, true);
  const dtype = o.dtype === undefined ? fallback : v.dtype(op, "dtype", o.dtype);
  if (!allowed.includes(dtype)) {
    throw new DTypeError(op, `dtype "${dtype}" is not supported; expected one of ${allowed.join(", ")}`);
  }
  return { dtype, device: o.device === undefined ? undefined : v.device(op, "device", o.device) };
}

/** Draws `size` values `f()` in row-major order into a fresh typed array of the checked dtype. */
function draw(op: string, shape: Shape, opts: { dtype: DType; device: Device | undefined }, f: () => number): NDArray {
  const s = checkShape(op, shape);
  const size = prod(s);
  const data: TypedArray = newTypedArray(opts.dtype, size);
  for (let i = 0; i < size; i++) data[i] = f();
  return NDArray.fromTypedArray(data, s, opts.device);
}

/** The size argument of a draw (`[2, 3]` or `3`); absent is an error, as the result would be a number in numpy. */
function sizeArg(op: string, size: unknown): number[] {
  if (size === undefined) throw new ValueError(op, "size is missing: pass the result's shape, e.g. [2, 3] or 3");
  return v.shape(op, "size", size);
}

/**
 * `rand(...shape, opts?)` on `g`: uniform samples in [0, 1), one `u` per element, stored as
 * is. In float32 a `u` above 1 − 2⁻²⁵ would round to 1; it is stored as 1 − 2⁻²⁴ instead.
 * `op` names the caller in errors (the method or the free function).
 */
export function drawRand(g: Generator, op: string, args: readonly unknown[]): NDArray {
  const { rest, options } = v.trailingOptions(op, args);
  const shape = v.shapeArgs(op, "shape", rest, op.replace("Generator.", "rng."), options);
  const opts = drawOptions(op, options, DEFAULT_FLOAT, FLOATS);
  return draw(op, shape, opts, () => {
    const u = g.uniformDouble();
    return opts.dtype === "float32" && Math.fround(u) === 1 ? BELOW_ONE_F32 : u;
  });
}

/** One standard normal by Box–Muller from two uniforms, drawn in the order u1, u2. */
function gaussian(g: Generator): number {
  const u1 = g.uniformDouble();
  const u2 = g.uniformDouble();
  return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
}

/** `randn(...shape, opts?)` on `g`: standard normals, two uniforms each (see `Generator.randn`). */
export function drawRandn(g: Generator, op: string, args: readonly unknown[]): NDArray {
  const { rest, options } = v.trailingOptions(op, args);
  const shape = v.shapeArgs(op, "shape", rest, op.replace("Generator.", "rng."), options);
  return draw(op, shape, drawOptions(op, options, DEFAULT_FLOAT, FLOATS), () => gaussian(g));
}

export class Generator {
  readonly seed: number | string;
  readonly #prng: seedrandom.PRNG;

  /** A generator whose stream is `seedrandom.alea(String(seed))`; equal seeds give equal streams. */
  constructor(seed: number | string) {
    v.arity("Generator", arguments, ["seed"]);
    if (typeof seed !== "string") v.number("Generator", "seed", seed);
    this.seed = seed;
    this.#prng = seedrandom.alea(String(seed));
  }

  /** The next uniform double `u` in [0, 1) of the stream (one draw). Every method draws through this. */
  uniformDouble(): number {
    v.arity("Generator.uniformDouble", arguments, []);
    return this.#prng.double();
  }

  /**
   * Uniform samples in [0, 1): one `u` per element, stored as is. In float32 a `u` above
   * 1 − 2⁻²⁵ would round to 1; it is stored as 1 − 2⁻²⁴ instead, so values stay below 1.
   * `rng.rand([2, 3])` or `rng.rand(2, 3)`, then optional options.
   */
  rand(shape: Shape | number, opts?: DrawOptions | DType): NDArray;
  rand(...args: [...shape: number[], opts: DrawOptions | DType]): NDArray;
  rand(...shape: number[]): NDArray;
  rand(...args: unknown[]): NDArray {
    return drawRand(this, "Generator.rand", args);
  }

  /** Uniform samples `low + (high − low)·u`, one `u` per element (requires low ≤ high). */
  uniform(low: number, high: number, size: Shape | number, opts?: DrawOptions | DType): NDArray {
    const op = "Generator.uniform";
    v.arity(op, arguments, ["low", "high", "size", "options"], "rng.uniform(low, high, [2, 3])");
    const lo = v.number(op, "low", low);
    const hi = v.number(op, "high", high);
    const shape = sizeArg(op, size);
    const o = drawOptions(op, opts, DEFAULT_FLOAT, FLOATS);
    checkFinite(op, "low", lo);
    checkFinite(op, "high", hi);
    if (hi < lo) throw new ValueError(op, `high must be >= low, got low=${lo}, high=${hi}`);
    return draw(op, shape, o, () => lo + (hi - lo) * this.uniformDouble());
  }

  /**
   * Standard normal samples by Box–Muller, TWO uniforms per element (u1 then u2; the sine
   * partner is discarded): z = sqrt(−2·ln(1 − u1))·cos(2π·u2). `1 − u1` avoids log(0).
   * `rng.randn([2, 3])` or `rng.randn(2, 3)`, then optional options.
   */
  randn(shape: Shape | number, opts?: DrawOptions | DType): NDArray;
  randn(...args: [...shape: number[], opts: DrawOptions | DType]): NDArray;
  randn(...shape: number[]): NDArray;
  randn(...args: unknown[]): NDArray {
    return drawRandn(this, "Generator.randn", args);
  }

  /** Normal samples `mean + std·z`, with `z` drawn exactly as `randn` draws it (two uniforms each). */
  normal(mean: number, std: number, size: Shape | number, opts?: DrawOptions | DType): NDArray {
    const op = "Generator.normal";
    v.arity(op, arguments, ["mean", "std", "size", "options"], "rng.normal(mean, std, [2, 3])");
    const mu = v.number(op, "mean", mean);
    const sigma = v.number(op, "std", std);
    const shape = sizeArg(op, size);
    const o = drawOptions(op, opts, DEFAULT_FLOAT, FLOATS);
    checkFinite(op, "mean", mu);
    checkFinite(op, "std", sigma);
    if (sigma < 0) throw new ValueError(op, `std must be >= 0, got ${sigma}`);
    return draw(op, shape, o, () => mu + sigma * gaussian(this));
  }

  /**
   * Integers in [low, high): one `u` per element, value floor(low + u·(high − low)) (clamped
   * to high − 1 should rounding reach high). int32 by default; float32/float64 allowed.
   */
  randint(low: number, high: number, size: Shape | number, opts?: DrawOptions | DType): NDArray {
    const op = "Generator.randint";
    v.arity(op, arguments, ["low", "high", "size", "options"], "rng.randint(low, high, [2, 3])");
    const lo = v.integer(op, "low", low);
    const hi = v.integer(op, "high", high);
    const shape = sizeArg(op, size);
    const o = drawOptions(op, opts, "int32", NUMERIC);
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi)) {
      throw new ValueError(op, `low and high must be integers, got low=${lo}, high=${hi}`);
    }
    if (hi <= lo) throw new ValueError(op, `high must be > low, got low=${lo}, high=${hi}`);
    if (o.dtype === "int32" && (lo < -(2 ** 31) || hi > 2 ** 31)) {
      throw new ValueError(op, `[${lo}, ${hi}) does not fit in int32`);
    }
    return draw(op, shape, o, () => Math.min(hi - 1, Math.floor(lo + this.uniformDouble() * (hi - lo))));
  }

  /**
   * Bernoulli samples: one `u` per element, 1 where u < p, else 0. float32 by default; bool,
   * int32 and float64 allowed. The dropout mask is `rng.bernoulli(1 − p, shape)`.
   */
  bernoulli(p: number, size: Shape | number, opts?: DrawOptions | DType): NDArray {
    const op = "Generator.bernoulli";
    v.arity(op, arguments, ["p", "size", "options"], "rng.bernoulli(p, [2, 3])");
    const prob = v.number(op, "p", p);
    const shape = sizeArg(op, size);
    const o = drawOptions(op, opts, DEFAULT_FLOAT, ALL);
    if (!(prob >= 0 && prob <= 1)) throw new ValueError(op, `p must be in [0, 1], got ${prob}`);
    return draw(op, shape, o, () => (this.uniformDouble() < prob ? 1 : 0));
  }

  /** Fisher–Yates over the identity 0..n−1: for i = n−1 down to 1, j = floor(u·(i+1)), swap(i, j). */
  #perm(op: string, n: number): Int32Array {
    if (!Number.isInteger(n) || n < 0 || n > 2 ** 31 - 1) {
      throw new ValueError(op, `n must be a non-negative integer, got ${n}`);
    }
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i >= 1; i--) {
      const j = Math.floor(this.uniformDouble() * (i + 1));
      const t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }

  /** The rows of `x` (an array of at least one axis) in the order of `perm(n)`: `x.take(perm, 0)`. */
  #permuteRows(op: string, x: NDArray): NDArray {
    if (x.ndim < 1) throw new ShapeError(op, `expected an array with at least one axis, got shape []`);
    return x.take(Array.from(this.#perm(op, x.shape[0])), 0);
  }

  /**
   * A random permutation. `permutation(n)`: an int32 1-D array, Fisher–Yates starting from
   * the identity [0, 1, …, n−1]: for i = n−1 down to 1, j = floor(u·(i+1)), swap(i, j)
   * (n − 1 draws). `permutation(x)`: `x` permuted along axis 0, i.e. `x.take(permutation(x.shape[0]), 0)`.
   */
  permutation(n: number, opts?: { device?: Device }): NDArray;
  permutation(x: NDArray): NDArray;
  permutation(a: number | NDArray, opts?: { device?: Device }): NDArray {
    const op = "Generator.permutation";
    if (a instanceof NDArray) {
      v.arity(op, arguments, ["x"]);
      return this.#permuteRows(op, a);
    }
    v.arity(op, arguments, ["n", "options"]);
    const n = v.integer(op, "n", a);
    const o = v.options(op, "options", opts, ["device"] as const);
    const device = o.device === undefined ? undefined : v.device(op, "device", o.device);
    const perm = this.#perm(op, n);
    return NDArray.fromTypedArray(perm, [perm.length], device);
  }

  /**
   * A NEW array equal to `x` with its first axis permuted by `permutation(x.shape[0])`
   * (same draws). Unlike numpy's `shuffle`, `x` itself is left unchanged.
   */
  shuffle(x: NDArray): NDArray {
    v.arity("Generator.shuffle", arguments, ["x"]);
    return this.#permuteRows("Generator.shuffle", v.ndarray("Generator.shuffle", "x", x));
  }

  /**
   * Random picks from `n` candidates: `0..a−1` when `a` is a number (int32 indices are
   * returned), or the rows of `a` along axis 0 when it is an NDArray (`a.take(indices, 0)`).
   * `size` is the number of picks or their shape. Draws, per pick in row-major order:
   * - replace, no p: one `u`, index floor(u·n);
   * - replace, with p: one `u`, index = first i with u < c[i], where c = cumsum(p) / sum(p)
   *   (computed in float64; dividing by the total, as numpy does, makes c[n−1] exactly 1);
   * - no replace: the first k entries of `permutation(n)` (its n − 1 draws), k ≤ n.
   *   `p` is not supported without replacement and throws.
   */
  choice(a: number | NDArray, size: number | readonly number[], opts?: ChoiceOptions): NDArray {
    const op = "Generator.choice";
    v.arity(op, arguments, ["a", "size", "options"], "rng.choice(n, [2, 3], { replace, p, device })");
    if (!(a instanceof NDArray)) v.integer(op, "a", a);
    const shape = sizeArg(op, size);
    const o = v.options(op, "options", opts, ["replace", "p", "device"] as const);
    const replace = o.replace === undefined ? true : v.boolean(op, "replace", o.replace);
    const p = o.p === undefined ? undefined : o.p instanceof NDArray ? o.p : v.list(op, "p", o.p, v.number);
    const device = o.device === undefined ? undefined : v.device(op, "device", o.device);
    const k = prod(checkShape(op, shape));
    let n: number;
    if (a instanceof NDArray) {
      if (a.ndim < 1) throw new ShapeError(op, `a must have at least one axis, got shape []`);
      n = a.shape[0];
    } else {
      if (a < 0) throw new ValueError(op, `a must be a non-negative integer, got ${a}`);
      n = a;
    }
    if (n === 0 && k > 0) throw new ValueError(op, `cannot choose ${k} from an empty population`);
    let idx: Int32Array;
    if (!replace) {
      if (p !== undefined) throw new ValueError(op, `p is not supported with replace=false`);
      if (k > n) throw new ValueError(op, `cannot take ${k} samples from ${n} without replacement`);
      idx = this.#perm(op, n).slice(0, k);
    } else if (p === undefined) {
      idx = new Int32Array(k);
      for (let i = 0; i < k; i++) idx[i] = Math.floor(this.uniformDouble() * n);
    } else {
      const cdf = cumulative(op, p, n);
      idx = new Int32Array(k);
      for (let i = 0; i < k; i++) {
        const u = this.uniformDouble();
        let j = 0;
        while (!(u < cdf[j])) j++;
        idx[i] = j;
      }
    }
    if (a instanceof NDArray) {
      const rows = a.take(Array.from(idx), 0);
      return shape.length === 1 ? rows : rows.reshape([...shape, ...a.shape.slice(1)]);
    }
    return NDArray.fromTypedArray(idx, shape, device);
  }
}

/** cumsum(p) / sum(p) in float64, after checking p is 1-D of length n, non-negative, summing to 1. */
function cumulative(op: string, p: NDArray | readonly number[], n: number): Float64Array {
  if (p instanceof NDArray && p.ndim !== 1) {
    throw new ShapeError(op, `p must be 1-D, got shape [${p.shape.join(",")}]`);
  }
  const values = p instanceof NDArray ? Array.from(p.toTypedArray()) : p;
  if (values.length !== n) throw new ShapeError(op, `p has ${values.length} entries but a has ${n}`);
  const bad = values.find((x) => !(x >= 0) || !Number.isFinite(x));
  if (bad !== undefined) throw new ValueError(op, `p must be non-negative and finite, got ${bad}`);
  const cdf = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) cdf[i] = total += values[i];
  if (Math.abs(total - 1) > 1e-6) throw new ValueError(op, `p must sum to 1 (within 1e-6), got ${total}`);
  for (let i = 0; i < n; i++) cdf[i] /= total;
  return cdf;
}
