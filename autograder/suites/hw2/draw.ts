/** Helpers the hw2 suite files share: size lookups, output-size rules, and seeded draws. */
import type { Generator, NDArray } from "#ndarray";
import type { Size } from "../../src/suite.js";

/** size[key] as a number (every hw2 size field is one, except the CNN's architecture name). */
export function num(size: Size, key: string): number {
  return size[key] as number;
}

/** The (N, C, H, W) shape a variant's size names. */
export function mapShape(size: Size): number[] {
  return ["N", "C", "H", "W"].map((k) => num(size, k));
}

/** PyTorch's Conv/Pool output length: ⌊(L + 2p − K)/s⌋ + 1. */
export function convOut(L: number, K: number, s = 1, p = 0): number {
  return Math.floor((L + 2 * p - K) / s) + 1;
}

/** PyTorch's ConvTranspose output length (output_padding 0): (L − 1)·s − 2p + K. */
export function convTransposeOut(L: number, K: number, s: number, p: number): number {
  return (L - 1) * s - 2 * p + K;
}

/**
 * Standard normal weights scaled by 1/√fanIn, so that a layer's outputs stay of order one
 * (no saturated activation hides a wrong gradient).
 */
export function weights(rng: Generator, shape: number[], fanIn: number): NDArray {
  return rng.randn(shape).div(Math.sqrt(fanIn));
}

/**
 * Values that are all different (a shuffled grid in [−2, 2)), so a max-pool window never
 * holds a tie and the arg-max is unambiguous. One permutation draw of prod(shape) elements.
 */
export function distinct(rng: Generator, shape: number[]): NDArray {
  const n = shape.reduce((a, b) => a * b, 1);
  return rng.permutation(n).astype("float32").mul(4 / n).sub(2).reshape(shape);
}
