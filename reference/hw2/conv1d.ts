/**
 * 1-d convolution, as torch.nn.Conv1d (cross-correlation: the kernel is NOT flipped in the
 * forward pass; dilation 1, groups 1, zero padding).
 *
 * Conv1dStride1 is the core:
 *
 *   forward:  Z[n, o, l] = b[o] + Σ_c Σ_k A[n, c, l + k] · W[o, c, k]
 *             A: (N, Cin, Lin)   W: (Cout, Cin, K)   b: (Cout)   Z: (N, Cout, Lout),  Lout = Lin − K + 1
 *   backward: dLdb[o]       = Σ_n Σ_l dLdZ[n, o, l]                                       (Cout)
 *             dLdW[o, c, k] = Σ_n Σ_l dLdZ[n, o, l] · A[n, c, l + k]                      (Cout, Cin, K)
 *             dLdA          = the stride-1 convolution of dLdZ, zero-padded by K − 1 on both
 *                             sides, with the kernel flipped along k and its in/out axes swapped:
 *                             dLdA[n, c, i] = Σ_o Σ_k dLdZpad[n, o, i + k] · W[o, c, K − 1 − k]   (N, Cin, Lin)
 *
 * Conv1d adds stride s and zero padding p by composition, 11-785 style: pad, convolve with
 * stride 1, then keep every s-th output (Downsample1d). Its output length is PyTorch's,
 *
 *   Lout = ⌊(Lin + 2p − K) / s⌋ + 1,
 *
 * and its backward runs the pieces in reverse and cuts the padding off the gradient.
 *
 * Initialisation (PyTorch's default for Conv1d): with fan_in = Cin·K and k = 1/√fan_in,
 * W ~ U(−k, k) drawn first (`drawParam([Cout, Cin, K], k, opts)`), then b ~ U(−k, k).
 * See handouts/hw2.md §2.
 */
import { pad, ShapeError, type NDArray } from "#ndarray";
import { cached, checkInput, checkIntegers } from "./errors.js";
import { checkParamShape, drawParam, zeroParam, type Layer, type ParamOptions } from "./layers.js";
import { Downsample1d } from "./resampling.js";

// BEGIN SOLUTION NO PROMPT
/**
 * im2col: the (N·Lout, C·K) matrix whose row n·Lout + l is the window A[n, :, l : l + K],
 * flattened channel-major, so that a convolution is one matmul with W reshaped to (Cout, C·K).
 * The windows are a strided view of A (no copy); the reshape makes the one copy.
 */
function columns1d(A: NDArray, K: number): NDArray {
  const [N, C, L] = A.shape;
  const a = A.compact();
  const [sN, sC, sL] = a.strides;
  return a.asStrided([N, L - K + 1, C, K], [sN, sL, sC, sL]).reshape([N * (L - K + 1), C * K]);
}

/** Σ_c Σ_k A[n, c, l + k] · W[o, c, k] for W of shape (Cout, C, K): (N, Cout, L − K + 1), no bias. */
function correlate1d(A: NDArray, W: NDArray): NDArray {
  const [N, , L] = A.shape;
  const [Cout, C, K] = W.shape;
  const Z = columns1d(A, K).matmul(W.reshape([Cout, C * K]).transpose());
  return Z.reshape([N, L - K + 1, Cout]).permute([0, 2, 1]);
}
// END SOLUTION
/** Stride-1 Conv1d without padding (11-785's Conv1d_stride1): Lout = Lin − K + 1. */
export class Conv1dStride1 implements Layer {
  /** Weight, shape (outChannels, inChannels, kernelSize) — PyTorch's (out, in, k). */
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
    checkIntegers("Conv1dStride1", { inChannels, outChannels, kernelSize });
    // Hint: draw only what opts does not give, W before b, with the bound the doc comment states.
    // BEGIN SOLUTION
    // STUB: this.W = opts.W ?? zeroParam([outChannels, inChannels, kernelSize], opts);
    // STUB: this.b = opts.b ?? zeroParam([outChannels], opts);
    const k = 1 / Math.sqrt(inChannels * kernelSize);
    this.W = opts.W ?? drawParam([outChannels, inChannels, kernelSize], k, opts);
    this.b = opts.b ?? drawParam([outChannels], k, opts);
    // END SOLUTION
    checkParamShape("Conv1dStride1", "W", this.W, [outChannels, inChannels, kernelSize]);
    checkParamShape("Conv1dStride1", "b", this.b, [outChannels]);
  }

  /** Z (N, Cout, Lin − K + 1) for A (N, Cin, Lin). */
  forward(A: NDArray): NDArray {
    checkInput("Conv1dStride1.forward", A, 3, "[N,C,L]", this.inChannels);
    if (A.shape[2] < this.kernelSize) {
      throw new ShapeError("Conv1dStride1.forward", `input length ${A.shape[2]} is shorter than the kernel (${this.kernelSize})`);
    }
    // Hint: four nested loops work; so does a sum over k of (Cout, Cin) matrices times shifted slices of A.
    // BEGIN SOLUTION
    this.A = A;
    return correlate1d(A, this.W).add(this.b.reshape([this.outChannels, 1]));
    // END SOLUTION
  }

  /** dLdA (N, Cin, Lin) for dLdZ (N, Cout, Lout); stores dLdW and dLdb. */
  backward(dLdZ: NDArray): NDArray {
    // BEGIN SOLUTION
    const A = cached(this.A, "Conv1dStride1.backward");
    const [N, Cout, Lout] = dLdZ.shape;
    const K = this.kernelSize;
    this.dLdb = dLdZ.sum([0, 2]);
    const G = dLdZ.permute([1, 0, 2]).reshape([Cout, N * Lout]);
    this.dLdW = G.matmul(columns1d(A, K)).reshape([Cout, this.inChannels, K]);
    const dLdZpad = pad(dLdZ, [[0, 0], [0, 0], [K - 1, K - 1]]);
    return correlate1d(dLdZpad, this.W.transpose(0, 1).flip(2));
    // END SOLUTION
  }
}

/** Stride and padding of a strided convolution (default 1 and 0), with where its parameters come from. */
export interface ConvOptions extends ParamOptions {
  stride?: number;
  padding?: number;
}

/**
 * Conv1d with stride and zero padding, as torch.nn.Conv1d(Cin, Cout, K, stride, padding):
 * pad → Conv1dStride1 → Downsample1d(stride). W and b live in the stride-1 layer `conv`
 * (read and set them through `W`, `b`; read the gradients through `dLdW`, `dLdb`).
 */
export class Conv1d implements Layer {
  readonly stride: number;
  readonly padding: number;
  /** The stride-1 convolution; it holds W and b and draws them (see Conv1dStride1). */
  readonly conv: Conv1dStride1;
  readonly downsample: Downsample1d;

  constructor(inChannels: number, outChannels: number, kernelSize: number, opts: ConvOptions = {}) {
    const { stride = 1, padding = 0, ...params } = opts;
    checkIntegers("Conv1d", { stride });
    checkIntegers("Conv1d", { padding }, 0);
    this.stride = stride;
    this.padding = padding;
    this.conv = new Conv1dStride1(inChannels, outChannels, kernelSize, params);
    this.downsample = new Downsample1d(stride);
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

  /** Z (N, Cout, ⌊(Lin + 2p − K)/s⌋ + 1) for A (N, Cin, Lin). */
  forward(A: NDArray): NDArray {
    checkInput("Conv1d.forward", A, 3, "[N,C,L]", this.conv.inChannels);
    // Hint: `pad` from #ndarray takes one [before, after] pair per axis.
    // BEGIN SOLUTION
    const p = this.padding;
    return this.downsample.forward(this.conv.forward(pad(A, [[0, 0], [0, 0], [p, p]])));
    // END SOLUTION
  }

  /** dLdA (N, Cin, Lin) for dLdZ; the parameter gradients end up in `conv`. */
  backward(dLdZ: NDArray): NDArray {
    // BEGIN SOLUTION
    const p = this.padding;
    const dLdApad = this.conv.backward(this.downsample.backward(dLdZ));
    return dLdApad.slice(null, null, { start: p, stop: dLdApad.shape[2] - p });
    // END SOLUTION
  }
}
