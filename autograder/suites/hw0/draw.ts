/** Seeded draws the hw0 suite files share: classification batches and two-layer weights. */
import type { Generator, NDArray } from "#ndarray";
import type { Size } from "../../src/suite.js";

/** size[key] as a number. */
export function num(size: Size, key: string): number {
  return size[key] as number;
}

/** Features X (N, n) ~ N(0, 1) and int32 labels y (N) in [0, k): X first, then y. */
export function batch(rng: Generator, N: number, n: number, k: number): { X: NDArray; y: NDArray } {
  return { X: rng.randn([N, n]), y: rng.randint(0, k, [N], { dtype: "int32" }) };
}

/**
 * Weights ~ N(0, 1)/√fanIn, so that logits stay of order one and no softmax saturates
 * (a saturated softmax has a near-zero gradient that hides a wrong one).
 */
export function weights(rng: Generator, shape: number[], fanIn: number): NDArray {
  return rng.randn(shape).div(Math.sqrt(fanIn));
}
