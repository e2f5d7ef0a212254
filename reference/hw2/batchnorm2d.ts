/**
 * Bonus. Batch normalisation of feature maps, as torch.nn.BatchNorm2d(C): hw1's BatchNorm1d
 * with the statistics taken per channel over the batch AND both spatial axes, so each
 * channel is normalised over its m = N·H·W values.
 *
 * Training mode (the default), with means over axes (0, 2, 3) and (C)-vectors broadcast as (1, C, 1, 1):
 *
 *   M = mean(Z)                 V = mean((Z − M)²)        (BIASED: divides by m)
 *   NZ = (Z − M) / √(V + eps)   BZ = W ⊙ NZ + b
 *   runningMean ← (1 − momentum)·runningMean + momentum·M
 *   runningVar  ← (1 − momentum)·runningVar  + momentum·V·m/(m − 1)   (UNBIASED, as PyTorch)
 *
 * Evaluation mode (`eval()`) normalises with runningMean and runningVar and updates nothing.
 * backward(dLdBZ) stores dLdW = Σ dLdBZ ⊙ NZ and dLdb = Σ dLdBZ (sums over (0, 2, 3), shape
 * (C)) and returns, with dLdNZ = dLdBZ ⊙ W:
 *
 *   training: dLdZ = (dLdNZ − mean(dLdNZ) − NZ ⊙ mean(dLdNZ ⊙ NZ)) / √(V + eps)
 *   eval:     dLdZ = dLdNZ / √(runningVar + eps)
 *
 * Defaults eps = 1e-5, momentum = 0.1; W starts at ones, b at zeros, runningMean at zeros,
 * runningVar at ones. See handouts/hw2.md §10.
 */
import { ones, ValueError, zeros, type Device, type DType, type NDArray } from "#ndarray";
import { cached, checkInput, checkIntegers } from "./errors.js";
import type { Layer } from "./layers.js";

export interface BatchNorm2dOptions {
  eps?: number;
  momentum?: number;
  dtype?: DType;
  device?: Device;
}

/** The axes a channel's statistics run over: batch, height, width. */
const STAT_AXES = [0, 2, 3];

export class BatchNorm2d implements Layer {
  readonly eps: number;
  readonly momentum: number;
  training = true;
  /** Scale γ and shift β, shape (C). */
  W: NDArray;
  b: NDArray;
  /** ∂L/∂W and ∂L/∂b from the last backward(), shape (C). */
  dLdW?: NDArray;
  dLdb?: NDArray;
  /** Running mean and UNBIASED running variance, shape (C). */
  runningMean: NDArray;
  runningVar: NDArray;
  /** What the last forward() used: its mode, the variance it normalised with, shape (1, C, 1, 1), and NZ. */
  private cache?: { training: boolean; V: NDArray; NZ: NDArray };

  constructor(
    readonly numFeatures: number,
    opts: BatchNorm2dOptions = {},
  ) {
    const { eps = 1e-5, momentum = 0.1, dtype = "float32", device } = opts;
    checkIntegers("BatchNorm2d", { numFeatures });
    if (!(eps >= 0)) throw new ValueError("BatchNorm2d", `eps must be >= 0, got ${eps}`);
    if (!(momentum >= 0 && momentum <= 1)) throw new ValueError("BatchNorm2d", `momentum must be in [0, 1], got ${momentum}`);
    this.eps = eps;
    this.momentum = momentum;
    this.W = ones([numFeatures], { dtype, device });
    this.b = zeros([numFeatures], { dtype, device });
    this.runningMean = zeros([numFeatures], { dtype, device });
    this.runningVar = ones([numFeatures], { dtype, device });
  }

  train(mode = true): this {
    this.training = mode;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  /** BZ (N, C, H, W) for Z (N, C, H, W); in training also updates the running statistics. */
  forward(Z: NDArray): NDArray {
    checkInput("BatchNorm2d.forward", Z, 4, "[N,C,H,W]", this.numFeatures);
    if (this.training && Z.size / this.numFeatures < 2) {
      throw new ValueError("BatchNorm2d.forward", `expected more than 1 value per channel when training, got input of shape [${Z.shape.join(",")}]`);
    }
    // Hint: Z.mean([0, 2, 3], true) keeps the reduced axes, shape (1, C, 1, 1); var takes the same axes and a ddof.
    // BEGIN SOLUTION
    const C = this.numFeatures;
    const asMap = (v: NDArray) => v.reshape([1, C, 1, 1]);
    let M: NDArray;
    let V: NDArray;
    if (this.training) {
      M = Z.mean(STAT_AXES, true);
      V = Z.var(STAT_AXES, true);
      this.runningMean.imul(1 - this.momentum).iadd(M.reshape([C]).mul(this.momentum));
      this.runningVar.imul(1 - this.momentum).iadd(Z.var(STAT_AXES, false, 1).mul(this.momentum));
    } else {
      M = asMap(this.runningMean);
      V = asMap(this.runningVar);
    }
    const NZ = Z.sub(M).div(V.add(this.eps).sqrt());
    this.cache = { training: this.training, V, NZ };
    return NZ.mul(asMap(this.W)).add(asMap(this.b));
    // END SOLUTION
  }

  /** dLdZ (N, C, H, W) for dLdBZ; stores dLdW and dLdb (C). */
  backward(dLdBZ: NDArray): NDArray {
    // BEGIN SOLUTION
    const { training, V, NZ } = cached(this.cache, "BatchNorm2d.backward");
    this.dLdW = dLdBZ.mul(NZ).sum(STAT_AXES);
    this.dLdb = dLdBZ.sum(STAT_AXES);
    const dLdNZ = dLdBZ.mul(this.W.reshape([1, this.numFeatures, 1, 1]));
    const std = V.add(this.eps).sqrt();
    if (!training) return dLdNZ.div(std);
    const centred = dLdNZ.sub(dLdNZ.mean(STAT_AXES, true)).sub(NZ.mul(dLdNZ.mul(NZ).mean(STAT_AXES, true)));
    return centred.div(std);
    // END SOLUTION
  }
}
