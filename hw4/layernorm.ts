/**
 * Layer normalisation over the last axis, as torch.nn.LayerNorm(E) (eps 1e-5,
 * elementwise_affine). See handouts/hw4.md §6. For X (…, E), per position:
 *
 *   μ = mean over the last axis,  σ² = mean of (X − μ)² over the last axis  (BIASED: divides by E)
 *   NX = (X − μ) / √(σ² + eps),   Y = W ⊙ NX + b          W, b (E): initially ones, zeros
 *
 * Unlike BatchNorm there are no running statistics and no train/eval difference: each
 * position is normalised with its own statistics. backward(dLdY) stores
 * dLdW = Σ dLdY ⊙ NX and dLdb = Σ dLdY (sums over every leading axis, shape (E)) and
 * returns, with dLdNX = dLdY ⊙ W and means over the last axis,
 *
 *   dLdX = (dLdNX − mean(dLdNX) − NX ⊙ mean(dLdNX ⊙ NX)) / √(σ² + eps)
 */
import { NotImplementedError, ones, zeros, type NDArray } from "#ndarray";
import { cached } from "./errors.js";

export class LayerNorm {
  W: NDArray;
  b: NDArray;
  dLdW?: NDArray;
  dLdb?: NDArray;
  /** The normalised input and the √(σ² + eps) of each position, from the last forward(). */
  private cache?: { NX: NDArray; std: NDArray };

  constructor(
    readonly normalizedShape: number,
    readonly eps = 1e-5,
  ) {
    this.W = ones([normalizedShape]);
    this.b = zeros([normalizedShape]);
  }

  forward(X: NDArray): NDArray {
    // Hint: X.var(-1, true) is the biased variance; keepdims makes it broadcast against X.
    // BEGIN SOLUTION
    throw new NotImplementedError("LayerNorm.forward");
    // END SOLUTION
  }

  backward(dLdY: NDArray): NDArray {
    // BEGIN SOLUTION
    throw new NotImplementedError("LayerNorm.backward");
    // END SOLUTION
  }
}
