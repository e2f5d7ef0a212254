/**
 * 2-d convolution, as torch.nn.Conv2d with a square kernel, one stride and one padding for
 * both axes (cross-correlation; dilation 1, groups 1, zero padding).
 *
 * Conv2dStride1 is the core:
 *
 *   forward:  Z[n, o, i, j] = b[o] + Σ_c Σ_p Σ_q A[n, c, i + p, j + q] · W[o, c, p, q]
 *             A: (N, Cin, Hin, Win)   W: (Cout, Cin, K, K)   b: (Cout)
 *             Z: (N, Cout, Hin − K + 1, Win − K + 1)
 *   backward: dLdb[o]          = Σ_n Σ_i Σ_j dLdZ[n, o, i, j]                                  (Cout)
 *             dLdW[o, c, p, q] = Σ_n Σ_i Σ_j dLdZ[n, o, i, j] · A[n, c, i + p, j + q]          (Cout, Cin, K, K)
 *             dLdA             = the stride-1 convolution of dLdZ, zero-padded by K − 1 on all four
 *                                sides, with the kernel flipped along both spatial axes and its
 *                                in/out axes swapped                                        (N, Cin, Hin, Win)
 *
 * Conv2d adds stride s and zero padding p: pad H and W by p on both sides → Conv2dStride1 →
 * Downsample2d(s). Output size, PyTorch's, on each spatial axis:
 *
 *   Hout = ⌊(Hin + 2p − K) / s⌋ + 1,   Wout = ⌊(Win + 2p − K) / s⌋ + 1.
 *
 * Initialisation (PyTorch's default for Conv2d): with fan_in = Cin·K·K and k = 1/√fan_in,
 * W ~ U(−k, k) drawn first (`drawParam([Cout, Cin, K, K], k, opts)`), then b ~ U(−k, k).
 * See handouts/hw2.md §3.
 */
import { NotImplementedError, pad, ShapeError, type NDArray } from "#ndarray";
import { cached, checkInput, checkIntegers } from "./errors.js";
import { checkParamShape, drawParam, zeroParam, type Layer, type ParamOptions } from "./layers.js";
import type { ConvOptions } from "./conv1d.js";
import { Downsample2d } from "./resampling.js";

/** Stride-1 Conv2d without padding (11-785's Conv2d_stride1): Hout = Hin − K + 1, Wout = Win − K + 1. */
export class Conv2dStride1 implements Layer {
  /** Weight, shape (outChannels, inChannels, kernelSize, kernelSize). */
  W: NDArray;
  /** Bias, shape (outChannels). */
  b: NDArray;
  /** ∂L/∂W and ∂L/∂b from the last backward(), shaped like W and b. */
  dLdW?: NDArray;
  dLdb?: NDArray;
  /** The input of the last forward(). */
  private A?: NDArray;

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    readonly kernelSize: number,
    opts: ParamOptions = {},
  ) {
    checkIntegers("Conv2dStride1", { inChannels, outChannels, kernelSize });
    const K = kernelSize;
    // BEGIN SOLUTION
    this.W = opts.W ?? zeroParam([outChannels, inChannels, K, K], opts);
    this.b = opts.b ?? zeroParam([outChannels], opts);
    // END SOLUTION
    checkParamShape("Conv2dStride1", "W", this.W, [outChannels, inChannels, K, K]);
    checkParamShape("Conv2dStride1", "b", this.b, [outChannels]);
  }

  /** Z (N, Cout, Hin − K + 1, Win − K + 1) for A (N, Cin, Hin, Win). */
  forward(A: NDArray): NDArray {
    checkInput("Conv2dStride1.forward", A, 4, "[N,C,H,W]", this.inChannels);
    if (A.shape[2] < this.kernelSize || A.shape[3] < this.kernelSize) {
      throw new ShapeError("Conv2dStride1.forward", `input ${A.shape[2]}×${A.shape[3]} is smaller than the kernel (${this.kernelSize}×${this.kernelSize})`);
    }
    // BEGIN SOLUTION
    throw new NotImplementedError("Conv2dStride1.forward");
    // END SOLUTION
  }

  /** dLdA (N, Cin, Hin, Win) for dLdZ (N, Cout, Hout, Wout); stores dLdW and dLdb. */
  backward(dLdZ: NDArray): NDArray {
    // Hint: flip(axes) and transpose(0, 1) are views; pad takes one [before, after] pair per axis.
    // BEGIN SOLUTION
    throw new NotImplementedError("Conv2dStride1.backward");
    // END SOLUTION
  }
}

/**
 * Conv2d with stride and zero padding, as torch.nn.Conv2d(Cin, Cout, K, stride, padding):
 * pad → Conv2dStride1 → Downsample2d(stride). W and b live in the stride-1 layer `conv`.
 */
export class Conv2d implements Layer {
  readonly stride: number;
  readonly padding: number;
  /** The stride-1 convolution; it holds W and b and draws them (see Conv2dStride1). */
  readonly conv: Conv2dStride1;
  readonly downsample: Downsample2d;

  constructor(inChannels: number, outChannels: number, kernelSize: number, opts: ConvOptions = {}) {
    const { stride = 1, padding = 0, ...params } = opts;
    checkIntegers("Conv2d", { stride });
    checkIntegers("Conv2d", { padding }, 0);
    this.stride = stride;
    this.padding = padding;
    this.conv = new Conv2dStride1(inChannels, outChannels, kernelSize, params);
    this.downsample = new Downsample2d(stride);
  }

  get W(): NDArray {
    return this.conv.W;
  }
  set W(W: NDArray) {
    this.conv.W = W;
  }
  get b(): NDArray {
    return this.conv.b;
  }
  set b(b: NDArray) {
    this.conv.b = b;
  }
  get dLdW(): NDArray | undefined {
    return this.conv.dLdW;
  }
  get dLdb(): NDArray | undefined {
    return this.conv.dLdb;
  }

  /** Z (N, Cout, Hout, Wout) for A (N, Cin, Hin, Win), sizes as in the file's doc comment. */
  forward(A: NDArray): NDArray {
    checkInput("Conv2d.forward", A, 4, "[N,C,H,W]", this.conv.inChannels);
    // BEGIN SOLUTION
    throw new NotImplementedError("Conv2d.forward");
    // END SOLUTION
  }

  /** dLdA (N, Cin, Hin, Win) for dLdZ; the parameter gradients end up in `conv`. */
  backward(dLdZ: NDArray): NDArray {
    // BEGIN SOLUTION
    throw new NotImplementedError("Conv2d.backward");
    // END SOLUTION
  }
}
