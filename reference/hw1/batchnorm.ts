/**
 * Batch normalisation over a batch of feature vectors, as torch.nn.BatchNorm1d on (N, C) input.
 *
 * Training mode (`training === true`, the default) uses the statistics of the batch:
 *
 *   M = (1/N) Σₙ Z                     (C)   batch mean
 *   V = (1/N) Σₙ (Z − M)²              (C)   batch variance, BIASED (divides by N)
 *   NZ = (Z − M) / √(V + eps)          (N, C)
 *   BZ = W ⊙ NZ + b                    (N, C)  W (γ, PyTorch's `weight`), b (β, PyTorch's `bias`)
 *
 * and updates the running estimates with the UNBIASED variance, as PyTorch does:
 *
 *   runningMean ← (1 − momentum)·runningMean + momentum·M
 *   runningVar  ← (1 − momentum)·runningVar  + momentum·V·N/(N − 1)
 *
 * Evaluation mode (`eval()`) normalises with runningMean and runningVar instead and
 * updates nothing. (11-785's MyTorch uses the biased variance in both places; we follow
 * PyTorch, so torch is always a valid oracle.)
 *
 * backward(dLdBZ) stores dLdW = Σₙ dLdBZ ⊙ NZ and dLdb = Σₙ dLdBZ (both (C)) and returns
 * dLdZ (N, C). With dLdNZ = dLdBZ ⊙ W:
 *
 *   training:  dLdZ = (dLdNZ − meanₙ(dLdNZ) − NZ ⊙ meanₙ(dLdNZ ⊙ NZ)) / √(V + eps)
 *              (M and V depend on every row of Z: this is the full gradient through them)
 *   eval:      dLdZ = dLdNZ / √(runningVar + eps)   (the statistics are constants)
 *
 * backward() follows the mode of the last forward(). With `affine: false`, W stays ones,
 * b zeros, and backward() leaves dLdW and dLdb undefined, so no optimiser updates them.
 * See handouts/hw1.md §5.
 */
import { ones, ShapeError, ValueError, zeros, type Device, type DType, type NDArray } from "#ndarray";
import { cached } from "./errors.js";

export interface BatchNorm1dOptions {
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
  /** Weight of the new batch statistic in the running estimates (default 0.1). */
  momentum?: number;
  /** Learnable W and b (default true). */
  affine?: boolean;
  /** dtype of W, b and the running statistics (default float32). */
  dtype?: DType;
  /** Their device (default: the default device). */
  device?: Device;
}

export class BatchNorm1d {
  readonly numFeatures: number;
  readonly eps: number;
  readonly momentum: number;
  readonly affine: boolean;
  /** Training mode (batch statistics) or evaluation mode (running statistics); see train()/eval(). */
  training = true;
  /** Scale γ (PyTorch's `weight`), shape (C), initially ones. */
  W: NDArray;
  /** Shift β (PyTorch's `bias`), shape (C), initially zeros. */
  b: NDArray;
  /** ∂L/∂W and ∂L/∂b from the last backward(), shape (C); undefined when affine is false. */
  dLdW?: NDArray;
  dLdb?: NDArray;
  /** Running estimates of the mean (initially zeros) and the UNBIASED variance (initially ones), shape (C). */
  runningMean: NDArray;
  runningVar: NDArray;
  /**
   * What the last forward() used, for backward(): its mode, the variance V it normalised
   * with (batch or running) and the normalised input NZ.
   */
  private cache?: { training: boolean; V: NDArray; NZ: NDArray };

  constructor(numFeatures: number, opts: BatchNorm1dOptions = {}) {
    const { eps = 1e-5, momentum = 0.1, affine = true, dtype = "float32", device } = opts;
    if (!Number.isInteger(numFeatures) || numFeatures < 1) {
      throw new ValueError("BatchNorm1d", `numFeatures must be a positive integer, got ${numFeatures}`);
    }
    if (!(eps >= 0)) throw new ValueError("BatchNorm1d", `eps must be >= 0, got ${eps}`);
    if (!(momentum >= 0 && momentum <= 1)) throw new ValueError("BatchNorm1d", `momentum must be in [0, 1], got ${momentum}`);
    this.numFeatures = numFeatures;
    this.eps = eps;
    this.momentum = momentum;
    this.affine = affine;
    this.W = ones([numFeatures], { dtype, device });
    this.b = zeros([numFeatures], { dtype, device });
    this.runningMean = zeros([numFeatures], { dtype, device });
    this.runningVar = ones([numFeatures], { dtype, device });
  }

  /** Sets the mode (PyTorch's `module.train(mode)`); returns this. */
  train(mode = true): this {
    this.training = mode;
    return this;
  }

  /** Evaluation mode: normalise with the running statistics. Returns this. */
  eval(): this {
    return this.train(false);
  }

  /** BZ = W ⊙ (Z − M)/√(V + eps) + b for Z of shape (N, C); in training also updates the running statistics. */
  forward(Z: NDArray): NDArray {
    if (Z.ndim !== 2 || Z.shape[1] !== this.numFeatures) {
      throw new ShapeError("BatchNorm1d.forward", `expected input of shape [N,${this.numFeatures}], got [${Z.shape.join(",")}]`);
    }
    if (this.training && Z.shape[0] < 2) {
      throw new ValueError("BatchNorm1d.forward", `expected more than 1 value per channel when training, got input of shape [${Z.shape.join(",")}]`);
    }
    // Hint: Z.var(0) is biased (ddof 0); Z.var(0, false, 1) is unbiased. Update the running statistics in place (imul, iadd).
    // BEGIN SOLUTION
    let M: NDArray;
    let V: NDArray;
    if (this.training) {
      M = Z.mean(0);
      V = Z.var(0);
      this.runningMean.imul(1 - this.momentum).iadd(M.mul(this.momentum));
      this.runningVar.imul(1 - this.momentum).iadd(Z.var(0, false, 1).mul(this.momentum));
    } else {
      M = this.runningMean;
      V = this.runningVar;
    }
    const NZ = Z.sub(M).div(V.add(this.eps).sqrt());
    this.cache = { training: this.training, V, NZ };
    return NZ.mul(this.W).add(this.b);
    // END SOLUTION
  }

  /** dLdZ from dLdBZ (both (N, C)); stores dLdW and dLdb when affine. */
  backward(dLdBZ: NDArray): NDArray {
    // BEGIN SOLUTION
    const { training, V, NZ } = cached(this.cache, "BatchNorm1d.backward");
    if (this.affine) {
      this.dLdW = dLdBZ.mul(NZ).sum(0);
      this.dLdb = dLdBZ.sum(0);
    }
    const dLdNZ = dLdBZ.mul(this.W);
    const std = V.add(this.eps).sqrt();
    if (!training) return dLdNZ.div(std);
    return dLdNZ.sub(dLdNZ.mean(0)).sub(NZ.mul(dLdNZ.mul(NZ).mean(0))).div(std);
    // END SOLUTION
  }
}
