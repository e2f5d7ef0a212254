/**
 * The softmax (cross-entropy) loss on logits and its gradient, as
 * torch.nn.functional.cross_entropy(Z, y) (reduction "mean").
 *
 *   Z: logits (N, k)     y: int32 class labels (N), values in [0, k)
 *
 *   ℓ(Z, y) = (1/N) Σₙ ( log Σ_c e^(Z[n, c]) − Z[n, y[n]] )
 *   ∂ℓ/∂Z   = (softmax(Z) − onehot(y)) / N                 (N, k)
 *
 * Compute log Σ e^z with the max shift, m + log Σ e^(z − m) where m = max_c z, so that logits
 * of ±100 (e^100 overflows float32) still give a finite loss.
 * See handouts/hw0.md §4.
 */
import type { NDArray } from "#ndarray";
import { oneHot } from "./practice.js";
import { NotImplementedError } from "#ndarray";

/** The mean softmax loss over the batch, as a number. */
export function softmaxLoss(Z: NDArray, y: NDArray): number {
  // BEGIN SOLUTION
  throw new NotImplementedError("softmaxLoss");
  // END SOLUTION
}

/** ∂ℓ/∂Z = (softmax(Z) − onehot(y)) / N, with Z's shape and dtype. */
export function softmaxLossGradient(Z: NDArray, y: NDArray): NDArray {
  // Hint: softmax itself needs the max shift too: e^(z − m) / Σ e^(z − m).
  // BEGIN SOLUTION
  throw new NotImplementedError("softmaxLossGradient");
  // END SOLUTION
}
