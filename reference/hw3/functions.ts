/**
 * Small functions the hw3 layers share. This file ships to students complete: use them.
 * See handouts/hw3.md "Conventions used throughout".
 */
import type { NDArray } from "#ndarray";

/**
 * σ(x) = 1 / (1 + e^(−x)), element-wise, in x's dtype. Written as (1 + tanh(x/2)) / 2,
 * which is the same function but never overflows: e^(−x) would be +∞ for x < −89 in float32.
 * Its derivative is σ(x)(1 − σ(x)).
 */
export function sigmoid(x: NDArray): NDArray {
  return x.mul(0.5).tanh().mul(0.5).add(0.5);
}

/**
 * log(eᵃ + eᵇ) for plain numbers, without overflow or underflow: the larger exponent is
 * factored out, so log(e^(−1000) + e^(−1001)) is −999.69 rather than log(0) = −∞.
 * −∞ stands for log 0, the log-probability of the impossible: logAddExp(−∞, b) = b.
 */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log1p(Math.exp(-Math.abs(a - b)));
}
