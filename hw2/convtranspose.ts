/**
 * Transposed convolutions, as torch.nn.ConvTranspose1d/2d(Cin, Cout, K, stride, padding)
 * (output_padding 0, dilation 1, groups 1). The weight is stored as PyTorch stores it,
 * (in, out, k…) — the transpose of a Conv's (out, in, k…) — and bias (out).
 *
 * Definition (1d; 2d is the same on each spatial axis): every input position i scatters
 * its kernel, scaled, into the output at offset s·i, and p positions are cut off each end:
 *
 *   Z[n, o, j] = b[o] + Σ_c Σ_i A[n, c, i] · W[c, o, j + p − s·i]   (terms with 0 ≤ j + p − s·i < K)
 *   Lout = (Lin − 1)·s − 2p + K
 *
 * Built from the layers you already have, as the write-up derives:
 *
 *   1. U = Upsample1d(s)(A)                  zero insertion: (N, Cin, (Lin − 1)·s + 1)
 *   2. pad U with K − 1 zeros on both sides  (the "full" convolution)
 *   3. Y = Conv1dStride1 with weight W′ = W with in/out swapped and flipped along k,
 *          W′[o, c, k] = W[c, o, K − 1 − k]  (shape (Cout, Cin, K)), and bias b
 *   4. Z = Y with p positions cut off each end
 *
 * (Steps 2 and 4 together are padding by K − 1 − p, which is negative — cropping — when
 * p ≥ K.) Backward runs the steps in reverse; W′'s gradient from the stride-1 layer, with
 * its axes swapped back and flipped back, is dLdW.
 *
 * Initialisation (PyTorch's default for ConvTranspose): PyTorch computes fan_in from the
 * weight's SECOND axis, so here fan_in = Cout·K (1d) or Cout·K·K (2d), k = 1/√fan_in:
 * W ~ U(−k, k) of shape (Cin, Cout, K…) drawn first, then b ~ U(−k, k) of shape (Cout).
 * See handouts/hw2.md §4.
 */
import { NotImplementedError, pad, ShapeError, zeros, type NDArray } from "#ndarray";
import { cached, checkInput, checkIntegers } from "./errors.js";
import { Conv1dStride1, type ConvOptions } from "./conv1d.js";
import { Conv2dStride1 } from "./conv2d.js";
import { checkParamShape, drawParam, zeroParam, type Layer } from "./layers.js";
import { Upsample1d, Upsample2d } from "./resampling.js";

/** ConvTranspose1d: (N, Cin, Lin) → (N, Cout, (Lin − 1)·s − 2p + K). */
export class ConvTranspose1d implements Layer {
  readonly stride: number;
  readonly padding: number;
  /** Weight, shape (inChannels, outChannels, kernelSize) — PyTorch's layout for transposed convolutions. */
  W: NDArray;
  /** Bias, shape (outChannels). */
  b: NDArray;
  /** ∂L/∂W (inChannels, outChannels, kernelSize) and ∂L/∂b (outChannels) from the last backward(). */
  dLdW?: NDArray;
  dLdb?: NDArray;
  readonly upsample: Upsample1d;
  /** The stride-1 convolution of step 3; forward() sets its W and b from this layer's. */
  readonly conv: Conv1dStride1;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    readonly kernelSize: number,
    opts: ConvOptions = {},
  ) {
    const { stride = 1, padding = 0, ...params } = opts;
    checkIntegers("ConvTranspose1d", { inChannels, outChannels, kernelSize, stride });
    checkIntegers("ConvTranspose1d", { padding }, 0);
    this.stride = stride;
    this.padding = padding;
    // Hint: the bound comes from fan_in = outChannels·kernelSize (see the doc comment), not inChannels.
    // BEGIN SOLUTION
    this.W = params.W ?? zeroParam([inChannels, outChannels, kernelSize], params);
    this.b = params.b ?? zeroParam([outChannels], params);
    // END SOLUTION
    checkParamShape("ConvTranspose1d", "W", this.W, [inChannels, outChannels, kernelSize]);
    checkParamShape("ConvTranspose1d", "b", this.b, [outChannels]);
    this.upsample = new Upsample1d(stride);
    this.conv = new Conv1dStride1(inChannels, outChannels, kernelSize, { W: zeroParam([outChannels, inChannels, kernelSize], params), b: this.b });
  }

  /** Z (N, Cout, (Lin − 1)·s − 2p + K) for A (N, Cin, Lin). */
  forward(A: NDArray): NDArray {
    checkInput("ConvTranspose1d.forward", A, 3, "[N,C,L]", this.inChannels);
    const Lout = (A.shape[2] - 1) * this.stride - 2 * this.padding + this.kernelSize;
    if (Lout < 1) throw new ShapeError("ConvTranspose1d.forward", `the output length (Lin − 1)·s − 2p + K = ${Lout} is not positive`);
    // BEGIN SOLUTION
    throw new NotImplementedError("ConvTranspose1d.forward");
    // END SOLUTION
  }

  /** dLdA (N, Cin, Lin) for dLdZ (N, Cout, Lout); stores dLdW (Cin, Cout, K) and dLdb (Cout). */
  backward(dLdZ: NDArray): NDArray {
    // BEGIN SOLUTION
    throw new NotImplementedError("ConvTranspose1d.backward");
    // END SOLUTION
  }
}

/** ConvTranspose2d: (N, Cin, Hin, Win) → (N, Cout, (Hin − 1)·s − 2p + K, (Win − 1)·s − 2p + K). */
export class ConvTranspose2d implements Layer {
  readonly stride: number;
  readonly padding: number;
  /** Weight, shape (inChannels, outChannels, kernelSize, kernelSize). */
  W: NDArray;
  /** Bias, shape (outChannels). */
  b: NDArray;
  /** ∂L/∂W (inChannels, outChannels, K, K) and ∂L/∂b (outChannels) from the last backward(). */
  dLdW?: NDArray;
  dLdb?: NDArray;
  readonly upsample: Upsample2d;
  /** The stride-1 convolution; forward() sets its W and b from this layer's. */
  readonly conv: Conv2dStride1;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    readonly kernelSize: number,
    opts: ConvOptions = {},
  ) {
    const { stride = 1, padding = 0, ...params } = opts;
    checkIntegers("ConvTranspose2d", { inChannels, outChannels, kernelSize, stride });
    checkIntegers("ConvTranspose2d", { padding }, 0);
    this.stride = stride;
    this.padding = padding;
    const K = kernelSize;
    // BEGIN SOLUTION
    this.W = params.W ?? zeroParam([inChannels, outChannels, K, K], params);
    this.b = params.b ?? zeroParam([outChannels], params);
    // END SOLUTION
    checkParamShape("ConvTranspose2d", "W", this.W, [inChannels, outChannels, K, K]);
    checkParamShape("ConvTranspose2d", "b", this.b, [outChannels]);
    this.upsample = new Upsample2d(stride);
    this.conv = new Conv2dStride1(inChannels, outChannels, K, { W: zeroParam([outChannels, inChannels, K, K], params), b: this.b });
  }

  /** Z (N, Cout, Hout, Wout) for A (N, Cin, Hin, Win). */
  forward(A: NDArray): NDArray {
    checkInput("ConvTranspose2d.forward", A, 4, "[N,C,H,W]", this.inChannels);
    const [s, p, K] = [this.stride, this.padding, this.kernelSize];
    const [Hout, Wout] = [(A.shape[2] - 1) * s - 2 * p + K, (A.shape[3] - 1) * s - 2 * p + K];
    if (Hout < 1 || Wout < 1) throw new ShapeError("ConvTranspose2d.forward", `the output size ${Hout}×${Wout} is not positive`);
    // BEGIN SOLUTION
    throw new NotImplementedError("ConvTranspose2d.forward");
    // END SOLUTION
  }

  /** dLdA (N, Cin, Hin, Win) for dLdZ; stores dLdW (Cin, Cout, K, K) and dLdb (Cout). */
  backward(dLdZ: NDArray): NDArray {
    // BEGIN SOLUTION
    throw new NotImplementedError("ConvTranspose2d.backward");
    // END SOLUTION
  }
}
