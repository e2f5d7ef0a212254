/**
 * NDArray practice: small functions that each exercise one part of the library
 * (comparisons and dtypes, reductions with keepdims, broadcasting, matmul, argmax). Each is
 * a one-liner or two in numpy; write them with whole-array operations, no loops over
 * elements. `squaredNorms` is done for you: read it first.
 * See handouts/hw0.md §1.
 */
import { arange, type NDArray } from "#ndarray";

/**
 * Worked example (complete, not graded). The squared Euclidean norm of each row:
 *
 *   out[i] = Σⱼ X[i, j]²            X: (N, D)  →  out: (N)
 *
 * One element-wise op and one reduction over the last axis; the result keeps X's dtype.
 */
export function squaredNorms(X: NDArray): NDArray {
  return X.mul(X).sum(-1);
}

/**
 * One-hot rows, as torch.nn.functional.one_hot(y, k).float():
 *
 *   out[n, c] = 1 if y[n] = c, else 0          y: int32 (N), values in [0, k)  →  out: float32 (N, k)
 */
export function oneHot(y: NDArray, k: number): NDArray {
  // Hint: compare a column (N, 1) with the row [0, 1, …, k−1]; broadcasting gives (N, k) booleans.
  // BEGIN SOLUTION
  const classes = arange(0, k, 1, { dtype: "int32", device: y.device });
  return y.reshape([-1, 1]).eq(classes).astype("float32");
  // END SOLUTION
}

/**
 * Standardised columns, as BatchNorm does in training mode before its scale and shift
 * (torch.nn.functional.batch_norm(X, None, None, training=True, eps=eps)):
 *
 *   μⱼ = (1/N) Σᵢ X[i, j]          σ²ⱼ = (1/N) Σᵢ (X[i, j] − μⱼ)²   (the BIASED variance)
 *   out[i, j] = (X[i, j] − μⱼ) / √(σ²ⱼ + eps)                      X, out: (N, D)
 */
export function standardize(X: NDArray, eps = 1e-5): NDArray {
  // Hint: reduce over axis 0 with keepdims so that (1, D) broadcasts against (N, D).
  // BEGIN SOLUTION
  const mean = X.mean(0, true);
  const variance = X.var(0, true);
  return X.sub(mean).div(variance.add(eps).sqrt());
  // END SOLUTION
}

/**
 * Squared Euclidean distances between every row of A and every row of B, as
 * torch.cdist(A, B) ** 2:
 *
 *   out[i, j] = Σ_d (A[i, d] − B[j, d])²       A: (N, D)   B: (M, D)   →   out: (N, M)
 *
 * Either broadcast (N, 1, D) against (1, M, D), or expand the square:
 * ‖a‖² − 2·a·b + ‖b‖², which needs one matmul and no (N, M, D) array.
 */
export function pairwiseSquaredDistances(A: NDArray, B: NDArray): NDArray {
  // BEGIN SOLUTION
  const cross = A.matmul(B.transpose());
  return squaredNorms(A).reshape([-1, 1]).sub(cross.mul(2)).add(squaredNorms(B).reshape([1, -1]));
  // END SOLUTION
}

/**
 * The classification error: the fraction of rows whose largest logit is not the label.
 *
 *   error = (1/N) · #{ n : argmax_c Z[n, c] ≠ y[n] }     Z: (N, k)   y: int32 (N)   →  a number in [0, 1]
 *
 * Ties go to the first maximum (numpy's and PyTorch's argmax).
 */
export function errorRate(Z: NDArray, y: NDArray): number {
  // BEGIN SOLUTION
  return Z.argmax(1).ne(y).astype("float64").mean().item();
  // END SOLUTION
}
