/**
 * Seeded randomness. A `Generator` owns one stream of uniform doubles `u` in [0, 1) and
 * every method draws from it on the host, in row-major order (element 0 first, last axis
 * fastest), then builds the NDArray with `NDArray.fromTypedArray`. The draws each method
 * makes are stated exactly, so a student's mask can match the reference's: a dropout mask
 * is one `rng.bernoulli(1 − p, shape)` draw, which takes `size` uniforms.
 *
 * The stream is seedrandom's `alea` PRNG, chosen for speed, seeded with `String(seed)`;
 * each `u` is one `prng.double()` (53 random bits). No draw uses the unseeded global generator.
 */
import seedrandom from "seedrandom";
import type { Device } from "./device.js";
import { DEFAULT_FLOAT, typedArrayFor, type DType, type TypedArray } from "./dtype.js";
import { DTypeError, ShapeError, ValueError } from "./errors.js";
import { NDArray } from "./ndarray.js";
import { checkShape, prod } from "./shape.js";

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

/** The number of elements of a valid shape (shape.ts's check, with the op's name). */
function sizeOf(op: string, shape: readonly number[]): number {
  return prod(checkShape(op, shape));
}

function checkFinite(op: string, name: string, value: number): void {
  if (!Number.isFinite(value)) throw new ValueError(op, `${name} must be a finite number, got ${value}`);
}

export class Generator {
  private readonly prng: seedrandom.PRNG;

  /** A generator whose stream is `seedrandom.alea(String(seed))`; equal seeds give equal streams. */
  constructor(readonly seed: number | string) {
    this.prng = seedrandom.alea(String(seed));
  }

  /** The next uniform double `u` in [0, 1) of the stream (one draw). Every method draws through this. */
  uniformDouble(): number {
    return this.prng.double();
  }

  /** Draws `size` values `f()` in row-major order into a fresh typed array of the checked dtype. */
  private draw(
    op: string,
    shape: readonly number[],
    opts: DrawOptions | undefined,
    fallback: DType,
    allowed: readonly DType[],
    f: () => number,
  ): NDArray {
    const size = sizeOf(op, shape);
    const dtype = opts?.dtype ?? fallback;
    if (!allowed.includes(dtype)) {
      throw new DTypeError(op, `dtype "${dtype}" is not supported; expected one of ${allowed.join(", ")}`);
    }
    const data: TypedArray = typedArrayFor(dtype, size);
    for (let i = 0; i < size; i++) data[i] = f();
    return NDArray.fromTypedArray(data, shape, opts?.device);
  }

  /**
   * Uniform samples in [0, 1): one `u` per element, stored as is. In float32 a `u` above
   * 1 − 2⁻²⁵ would round to 1; it is stored as 1 − 2⁻²⁴ instead, so values stay below 1.
   */
  rand(shape: readonly number[], opts?: DrawOptions): NDArray {
    const f32 = (opts?.dtype ?? DEFAULT_FLOAT) === "float32";
    return this.draw("Generator.rand", shape, opts, DEFAULT_FLOAT, FLOATS, () => {
      const u = this.uniformDouble();
      return f32 && Math.fround(u) === 1 ? BELOW_ONE_F32 : u;
    });
  }

  /** Uniform samples `low + (high − low)·u`, one `u` per element (requires low ≤ high). */
  uniform(low: number, high: number, shape: readonly number[], opts?: DrawOptions): NDArray {
    const op = "Generator.uniform";
    checkFinite(op, "low", low);
    checkFinite(op, "high", high);
    if (high < low) throw new ValueError(op, `high must be >= low, got low=${low}, high=${high}`);
    return this.draw(op, shape, opts, DEFAULT_FLOAT, FLOATS, () => low + (high - low) * this.uniformDouble());
  }

  /** One standard normal by Box–Muller from two uniforms, drawn in the order u1, u2. */
  private gaussian(): number {
    const u1 = this.uniformDouble();
    const u2 = this.uniformDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }

  /**
   * Standard normal samples by Box–Muller, TWO uniforms per element (u1 then u2; the sine
   * partner is discarded): z = sqrt(−2·ln(1 − u1))·cos(2π·u2). `1 − u1` avoids log(0).
   */
  randn(shape: readonly number[], opts?: DrawOptions): NDArray {
    return this.draw("Generator.randn", shape, opts, DEFAULT_FLOAT, FLOATS, () => this.gaussian());
  }

  /** Normal samples `mean + std·z`, with `z` drawn exactly as `randn` draws it (two uniforms each). */
  normal(mean: number, std: number, shape: readonly number[], opts?: DrawOptions): NDArray {
    const op = "Generator.normal";
    checkFinite(op, "mean", mean);
    checkFinite(op, "std", std);
    if (std < 0) throw new ValueError(op, `std must be >= 0, got ${std}`);
    return this.draw(op, shape, opts, DEFAULT_FLOAT, FLOATS, () => mean + std * this.gaussian());
  }

  /**
   * Integers in [low, high): one `u` per element, value floor(low + u·(high − low)) (clamped
   * to high − 1 should rounding reach high). int32 by default; float32/float64 allowed.
   */
  randint(low: number, high: number, shape: readonly number[], opts?: DrawOptions): NDArray {
    const op = "Generator.randint";
    if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high)) {
      throw new ValueError(op, `low and high must be integers, got low=${low}, high=${high}`);
    }
    if (high <= low) throw new ValueError(op, `high must be > low, got low=${low}, high=${high}`);
    if ((opts?.dtype ?? "int32") === "int32" && (low < -(2 ** 31) || high > 2 ** 31)) {
      throw new ValueError(op, `[${low}, ${high}) does not fit in int32`);
    }
    return this.draw(op, shape, opts, "int32", NUMERIC, () =>
      Math.min(high - 1, Math.floor(low + this.uniformDouble() * (high - low))),
    );
  }

  /**
   * Bernoulli samples: one `u` per element, 1 where u < p, else 0. float32 by default; bool,
   * int32 and float64 allowed. The dropout mask is `rng.bernoulli(1 − p, shape)`.
   */
  bernoulli(p: number, shape: readonly number[], opts?: DrawOptions): NDArray {
    const op = "Generator.bernoulli";
    if (!(p >= 0 && p <= 1)) throw new ValueError(op, `p must be in [0, 1], got ${p}`);
    return this.draw(op, shape, opts, DEFAULT_FLOAT, ALL, () => (this.uniformDouble() < p ? 1 : 0));
  }

  /** Fisher–Yates over the identity 0..n−1: for i = n−1 down to 1, j = floor(u·(i+1)), swap(i, j). */
  private perm(op: string, n: number): Int32Array {
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
  private permuteRows(op: string, x: NDArray): NDArray {
    if (x.ndim < 1) throw new ShapeError(op, `expected an array with at least one axis, got shape []`);
    return x.take(Array.from(this.perm(op, x.shape[0])), 0);
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
    if (a instanceof NDArray) return this.permuteRows(op, a);
    const perm = this.perm(op, a);
    return NDArray.fromTypedArray(perm, [perm.length], opts?.device);
  }

  /**
   * A NEW array equal to `x` with its first axis permuted by `permutation(x.shape[0])`
   * (same draws). Unlike numpy's `shuffle`, `x` itself is left unchanged.
   */
  shuffle(x: NDArray): NDArray {
    return this.permuteRows("Generator.shuffle", x);
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
    const shape = typeof size === "number" ? [size] : size;
    const k = sizeOf(op, shape);
    let n: number;
    if (a instanceof NDArray) {
      if (a.ndim < 1) throw new ShapeError(op, `a must have at least one axis, got shape []`);
      n = a.shape[0];
    } else {
      if (!Number.isInteger(a) || a < 0) throw new ValueError(op, `a must be a non-negative integer, got ${a}`);
      n = a;
    }
    if (n === 0 && k > 0) throw new ValueError(op, `cannot choose ${k} from an empty population`);
    const replace = opts?.replace ?? true;
    const p = opts?.p;
    let idx: Int32Array;
    if (!replace) {
      if (p !== undefined) throw new ValueError(op, `p is not supported with replace=false`);
      if (k > n) throw new ValueError(op, `cannot take ${k} samples from ${n} without replacement`);
      idx = this.perm(op, n).slice(0, k);
    } else if (p === undefined) {
      idx = new Int32Array(k);
      for (let i = 0; i < k; i++) idx[i] = Math.floor(this.uniformDouble() * n);
    } else {
      const cdf = this.cdf(op, p, n);
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
    return NDArray.fromTypedArray(idx, shape, opts?.device);
  }

  /** cumsum(p) / sum(p) in float64, after checking p is 1-D of length n, non-negative, summing to 1. */
  private cdf(op: string, p: NDArray | readonly number[], n: number): Float64Array {
    if (p instanceof NDArray && p.ndim !== 1) {
      throw new ShapeError(op, `p must be 1-D, got shape [${p.shape.join(",")}]`);
    }
    const values = p instanceof NDArray ? Array.from(p.toTypedArray()) : p;
    if (values.length !== n) throw new ShapeError(op, `p has ${values.length} entries but a has ${n}`);
    const bad = values.find((v) => !(v >= 0) || !Number.isFinite(v));
    if (bad !== undefined) throw new ValueError(op, `p must be non-negative and finite, got ${bad}`);
    const cdf = new Float64Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) cdf[i] = total += values[i];
    if (Math.abs(total - 1) > 1e-6) throw new ValueError(op, `p must sum to 1 (within 1e-6), got ${total}`);
    for (let i = 0; i < n; i++) cdf[i] /= total;
    return cdf;
  }
}
