/**
 * A two-layer network without biases, with backpropagation written by hand:
 *
 *   X: (N, n)   W1: (n, h)   W2: (h, k)   y: int32 (N)
 *   A1 = ReLU(X·W1)        (N, h)
 *   Z  = A1·W2             (N, k)  the logits
 *   ℓ  = softmax loss of Z on y (the mean over the batch, §4)
 *
 * Backward, with G2 = ∂ℓ/∂Z = (softmax(Z) − onehot(y)) / N:
 *
 *   ∂ℓ/∂W2 = A1ᵀ·G2                          (h, k)
 *   G1     = (G2·W2ᵀ) ⊙ 1[X·W1 > 0]          (N, h)   ReLU passes gradient where its input was > 0
 *   ∂ℓ/∂W1 = Xᵀ·G1                           (n, h)
 *
 * (ReLU's derivative at exactly 0 is 0, as in PyTorch.)
 * See handouts/hw0.md §6.
 */
import type { NDArray } from "#ndarray";
import type { EpochOptions } from "./regression.js";
import { softmaxLossGradient } from "./softmax.js";

/** The logits ReLU(X·W1)·W2, shape (N, k). */
export function twoLayerForward(X: NDArray, W1: NDArray, W2: NDArray): NDArray {
  // BEGIN SOLUTION
  return X.matmul(W1).maximum(0).matmul(W2);
  // END SOLUTION
}

/** The gradients of the mean softmax loss with respect to W1 (n, h) and W2 (h, k). */
export function twoLayerGradients(X: NDArray, y: NDArray, W1: NDArray, W2: NDArray): { dLdW1: NDArray; dLdW2: NDArray } {
  // Hint: keep X·W1 from the forward pass; its sign gives ReLU's mask (`.gt(0)`, a bool array).
  // BEGIN SOLUTION
  const Z1 = X.matmul(W1);
  const A1 = Z1.maximum(0);
  const G2 = softmaxLossGradient(A1.matmul(W2), y);
  const G1 = G2.matmul(W2.transpose()).mul(Z1.gt(0));
  return { dLdW1: X.transpose().matmul(G1), dLdW2: A1.transpose().matmul(G2) };
  // END SOLUTION
}

/**
 * One epoch of minibatch SGD on both weights, IN PLACE: the minibatches are taken in order
 * as in softmaxRegressionEpoch, and each step computes BOTH gradients at the current
 * weights before changing either:
 *
 *   W1 ← W1 − lr·∂ℓ/∂W1,   W2 ← W2 − lr·∂ℓ/∂W2
 */
export function twoLayerEpoch(X: NDArray, y: NDArray, W1: NDArray, W2: NDArray, opts: EpochOptions = {}): void {
  const { lr = 0.1, batch = 100 } = opts;
  // BEGIN SOLUTION
  for (let start = 0; start < X.shape[0]; start += batch) {
    const rows = `${start}:${start + batch}`;
    const { dLdW1, dLdW2 } = twoLayerGradients(X.slice(rows), y.slice(rows), W1, W2);
    W1.isub(dLdW1.mul(lr));
    W2.isub(dLdW2.mul(lr));
  }
  // END SOLUTION
}
