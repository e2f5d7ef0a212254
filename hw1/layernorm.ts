/**
 * Layer normalisation over the features of each example, as torch.nn.LayerNorm(D) on
 * (N, D) input (normalized_shape the last axis). Where BatchNorm1d normalises each feature
 * over the batch (axis 0), LayerNorm normalises each ROW over its features (the last
 * axis), so it needs no batch statistics, behaves the same in training and evaluation,
 * and works for a batch of one:
 *
 *   M = (1/D) Σ_d Z                    (N, 1)   mean of each row
 *   V = (1/D) Σ_d (Z − M)²             (N, 1)   its variance, BIASED (divides by D), as torch
 *   NZ = (Z − M) / √(V + eps)          (N, D)
 *   Y = W ⊙ NZ + b                     (N, D)   W (γ, torch's `weight`, ones), b (β, `bias`, zeros), both (D)
 *
 * backward(dLdY) stores dLdW = Σₙ dLdY ⊙ NZ and dLdb = Σₙ dLdY (both (D)) and returns
 * dLdZ (N, D): BatchNorm's training-mode formula with the mean taken over the other axis,
 * since M and V depend on every entry of the row. With dLdNZ = dLdY ⊙ W:
 *
 *   dLdZ = (dLdNZ − mean_d(dLdNZ) − NZ ⊙ mean_d(dLdNZ ⊙ NZ)) / √(V + eps)
 *
 * See handouts/hw1.md §10.
 */
import { NotImplementedError, ones, ShapeError, ValueError, zeros, type Device, type DType, type NDArray } from "#ndarray";
import { cached } from "./errors.js";

export interface LayerNorm1dOptions {
  /** Added to the variance before the square root (default 1e-5, as torch). */
  eps?: number;
  /** dtype of W and b (default float32). */
  dtype?: DType;
  /** Their device (default: the default device). */
  device?: Device;
}

/** The same in training and evaluation: it has no `training` flag. */
export class LayerNorm1d {
  readonly dim: number;
  readonly eps: number;
  /** Scale γ (torch's `weight`), shape (D), initially ones. */
  W: NDArray;
  /** Shift β (torch's `bias`), shape (D), initially zeros. */
  b: NDArray;
  /** ∂L/∂W and ∂L/∂b from the last backward(), shape (D). */
  dLdW?: NDArray;
  dLdb?: NDArray;
  /** What the last forward() computed, for backward(): V (N, 1) and NZ (N, D). */
  private cache?: { V: NDArray; NZ: NDArray };

  constructor(dim: number, opts: LayerNorm1dOptions = {}) {
    const { eps = 1e-5, dtype = "float32", device } = opts;
    if (!Number.isInteger(dim) || dim < 1) throw new ValueError("LayerNorm1d", `dim must be a positive integer, got ${dim}`);
    if (!(eps >= 0)) throw new ValueError("LayerNorm1d", `eps must be >= 0, got ${eps}`);
    this.dim = dim;
    this.eps = eps;
    this.W = ones([dim], { dtype, device });
    this.b = zeros([dim], { dtype, device });
  }

  /** Y = W ⊙ (Z − M)/√(V + eps) + b, M and V over each row of Z (N, D). */
  forward(Z: NDArray): NDArray {
    if (Z.ndim !== 2 || Z.shape[1] !== this.dim) {
      throw new ShapeError("LayerNorm1d.forward", `expected input of shape [N,${this.dim}], got [${Z.shape.join(",")}]`);
    }
    // Hint: reduce over axis -1 with keepdims, so M and V have shape (N, 1) and broadcast against Z.
    // BEGIN SOLUTION
    throw new NotImplementedError("LayerNorm1d.forward");
    // END SOLUTION
  }

  /** dLdZ from dLdY (both (N, D)); stores dLdW and dLdb. */
  backward(dLdY: NDArray): NDArray {
    // BEGIN SOLUTION
    throw new NotImplementedError("LayerNorm1d.backward");
    // END SOLUTION
  }
}
