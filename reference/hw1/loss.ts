/**
 * Losses with PyTorch's default reduction, "mean". `forward(A, Y)` returns the loss as a
 * 0-d NDArray (read it with `.item()`) and caches what backward needs; `backward()` takes
 * no argument (the loss is the end of the graph, dL/dL = 1) and returns dLdA, the gradient
 * with respect to the network's output A, with A's shape.
 * See handouts/hw1.md §3.
 */
import { arange, DTypeError, ShapeError, ValueError, type DType, type NDArray } from "#ndarray";
import { cached } from "./errors.js";

function fmt(shape: readonly number[]): string {
  return `[${shape.join(",")}]`;
}

/**
 * Mean squared error, as torch.nn.MSELoss() (reduction "mean" over ALL elements):
 *
 *   L = (1 / size) Σ (A − Y)²          A, Y: the same shape (N×C in hw1); size = N·C
 *   dLdA = 2 (A − Y) / size
 *
 * (11-785's MyTorch also divides by N·C; Y must have A's shape: no broadcasting.)
 */
export class MSELoss {
  /** The prediction and target of the last forward(). */
  private A?: NDArray;
  private Y?: NDArray;

  forward(A: NDArray, Y: NDArray): NDArray {
    if (A.ndim !== Y.ndim || A.shape.some((d, i) => d !== Y.shape[i])) {
      throw new ShapeError("MSELoss.forward", `A has shape ${fmt(A.shape)} but Y has shape ${fmt(Y.shape)}; they must be equal`);
    }
    // BEGIN SOLUTION
    this.A = A;
    this.Y = Y;
    const D = A.sub(Y);
    return D.mul(D).sum().div(A.size);
    // END SOLUTION
  }

  backward(): NDArray {
    // BEGIN SOLUTION
    const A = cached(this.A, "MSELoss.backward");
    const Y = cached(this.Y, "MSELoss.backward");
    return A.sub(Y).mul(2 / A.size);
    // END SOLUTION
  }
}

/**
 * One-hot rows: `oneHot([2, 0], 3)` is [[0, 0, 1], [1, 0, 0]]. `indices` is an int32 array
 * of shape (N) with values in [0, numClasses); the result has shape (N, numClasses), on
 * the indices' device, in `dtype` (default float32). Complete: a helper you may use.
 */
export function oneHot(indices: NDArray, numClasses: number, dtype: DType = "float32"): NDArray {
  const classes = arange(0, numClasses, 1, { dtype: "int32", device: indices.device });
  return indices.reshape([-1, 1]).eq(classes).astype(dtype);
}

/** Checks CrossEntropyLoss's operands and says which kind of target Y is. */
function targetKind(A: NDArray, Y: NDArray): "indices" | "probabilities" {
  const op = "CrossEntropyLoss.forward";
  if (A.ndim !== 2) throw new ShapeError(op, `A (logits) must have shape [N,C], got ${fmt(A.shape)}`);
  const [N, C] = A.shape;
  if (Y.dtype === "int32") {
    if (Y.ndim !== 1 || Y.shape[0] !== N) {
      throw new ShapeError(op, `class-index targets must have shape [${N}] for logits ${fmt(A.shape)}, got ${fmt(Y.shape)}`);
    }
    const bad = Array.from(Y.toTypedArray()).find((c) => c < 0 || c >= C);
    if (bad !== undefined) throw new ValueError(op, `class index ${bad} is outside [0, ${C})`);
    return "indices";
  }
  if (Y.dtype === "float32" || Y.dtype === "float64") {
    if (Y.ndim !== 2 || Y.shape[0] !== N || Y.shape[1] !== C) {
      throw new ShapeError(op, `probability targets must have the logits' shape ${fmt(A.shape)}, got ${fmt(Y.shape)} (class indices must be int32)`);
    }
    return "probabilities";
  }
  throw new DTypeError(op, `targets must be int32 class indices or float class probabilities, got dtype ${Y.dtype}`);
}

/**
 * Cross-entropy on logits, as torch.nn.CrossEntropyLoss() (softmax built in, reduction "mean"):
 *
 *   A: logits (N, C).   Y: either class indices, int32 of shape (N), values in [0, C),
 *                           or class probabilities, float of shape (N, C) (each row sums to 1)
 *   T = onehot(Y) for indices, T = Y for probabilities                   (N, C)
 *   log softmax(A)[n, c] = A[n, c] − m_n − log Σⱼ e^(A[n, j] − m_n),  m_n = maxⱼ A[n, j]
 *   L = −(1/N) Σₙ Σ_c T[n, c] · log softmax(A)[n, c]
 *   dLdA = (softmax(A) − T) / N                                           (N, C)
 *
 * The max shift keeps every exponent ≤ 0, so logits of 1e4 give a finite loss. As in
 * PyTorch, the mean divides by N for both kinds of target (no class weights, no
 * ignore_index, no label smoothing).
 */
export class CrossEntropyLoss {
  /** softmax(A) of the last forward(), (N, C). */
  private softmax?: NDArray;
  /** The target as a distribution T (one-hot rows for class indices), (N, C). */
  private T?: NDArray;

  forward(A: NDArray, Y: NDArray): NDArray {
    const kind = targetKind(A, Y);
    // Hint: for class indices, oneHot(Y, C, A.dtype) turns them into the distribution T.
    // BEGIN SOLUTION
    const N = A.shape[0];
    const T = kind === "indices" ? oneHot(Y, A.shape[1], A.dtype) : Y;
    const shifted = A.sub(A.max(-1, true));
    const logSoftmax = shifted.sub(shifted.exp().sum(-1, true).log());
    this.softmax = logSoftmax.exp();
    this.T = T;
    return T.mul(logSoftmax).sum().neg().div(N);
    // END SOLUTION
  }

  backward(): NDArray {
    // BEGIN SOLUTION
    const softmax = cached(this.softmax, "CrossEntropyLoss.backward");
    const T = cached(this.T, "CrossEntropyLoss.backward");
    return softmax.sub(T).div(softmax.shape[0]);
    // END SOLUTION
  }
}
