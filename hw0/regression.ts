/**
 * Softmax regression (multinomial logistic regression) trained by minibatch SGD, in the
 * orientation of plain matrix algebra: logits are X·θ.
 *
 *   X: (N, n) features   y: int32 (N) labels   θ: (n, k)   Z = X·θ: (N, k)
 *   ∇θ ℓ(X·θ, y) = Xᵀ · (softmax(X·θ) − onehot(y)) / N      (n, k)
 *
 * (No bias: hw1's Linear layer adds one and stores its weight PyTorch's way, (out, in).)
 * See handouts/hw0.md §5.
 */
import type { NDArray } from "#ndarray";
import { softmaxLossGradient } from "./softmax.js";
import { NotImplementedError } from "#ndarray";

/** Learning rate and minibatch size of one epoch of SGD. */
export interface EpochOptions {
  /** Step size (default 0.1). */
  lr?: number;
  /** Examples per minibatch (default 100). */
  batch?: number;
}

/** ∇θ of the mean softmax loss of the logits X·θ on labels y: Xᵀ·∂ℓ/∂Z, shape (n, k). */
export function softmaxRegressionGradient(X: NDArray, y: NDArray, theta: NDArray): NDArray {
  // Hint: by the chain rule through Z = X·θ, ∂ℓ/∂θ = Xᵀ · ∂ℓ/∂Z; softmaxLossGradient gives ∂ℓ/∂Z.
  // BEGIN SOLUTION
  throw new NotImplementedError("softmaxRegressionGradient");
  // END SOLUTION
}

/**
 * One epoch of minibatch SGD, updating θ IN PLACE (`theta.isub(…)`): for b = 0, 1, …, the
 * minibatch is rows [b·batch, (b+1)·batch) of X and y, in order (no shuffling; the last
 * minibatch is smaller when batch does not divide N), and each step is
 *
 *   θ ← θ − lr · ∇θ ℓ(X_b·θ, y_b)          (the mean over the minibatch's own rows)
 */
export function softmaxRegressionEpoch(X: NDArray, y: NDArray, theta: NDArray, opts: EpochOptions = {}): void {
  const { lr = 0.1, batch = 100 } = opts;
  // Hint: X.slice(`${start}:${start + batch}`) is a view of rows; slices clamp at the end, as in Python.
  // BEGIN SOLUTION
  throw new NotImplementedError("softmaxRegressionEpoch");
  // END SOLUTION
}
