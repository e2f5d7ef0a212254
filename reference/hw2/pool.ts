/**
 * Pooling over K×K windows, as torch.nn.MaxPool2d(K, stride) and torch.nn.AvgPool2d(K,
 * stride) with no padding (ceil_mode false, dilation 1): the stride defaults to K, and on
 * each spatial axis
 *
 *   Hout = ⌊(Hin − K) / s⌋ + 1,   Wout = ⌊(Win − K) / s⌋ + 1.
 *
 * As with convolutions, the stride-1 layers are the core and the strided ones are stride-1
 * pooling followed by Downsample2d(s), whose length rule gives exactly PyTorch's sizes.
 *
 *   MaxPool2dStride1:  Z[n, c, i, j] = max_{p,q < K} A[n, c, i + p, j + q]
 *                      dLdA: each window's dLdZ goes to the position of its maximum (the
 *                      arg-max), all other positions of the window get nothing from it
 *   MeanPool2dStride1: Z[n, c, i, j] = (1/K²) Σ_{p,q < K} A[n, c, i + p, j + q]
 *                      dLdA: each window's dLdZ / K² goes to every position of the window
 *
 * Windows overlap when s < K (and always at stride 1): an input position then collects
 * gradient from every window that contains it — add the contributions up. Channels are
 * pooled independently. No parameters.
 *
 * Ties: if two positions of a window held the same maximum, which one gets the gradient
 * would be a convention (PyTorch picks one). The grader draws inputs with all values
 * distinct, so ties cannot occur and any correct routing passes.
 * See handouts/hw2.md §6.
 */
import { zeros, type NDArray } from "#ndarray";
import { cached, checkInput, checkIntegers } from "./errors.js";
import type { Layer } from "./layers.js";
import { Downsample2d } from "./resampling.js";

// BEGIN SOLUTION NO PROMPT
/**
 * The (p, q) shift of every window: A[:, :, p : p + Ho, q : q + Wo], a view whose element
 * (n, c, i, j) is position (p, q) of window (i, j). Pooling over K² such views is pooling
 * over the windows, with no loop over i and j.
 */
function shifted(A: NDArray, p: number, q: number, Ho: number, Wo: number): NDArray {
  return A.slice(null, null, { start: p, stop: p + Ho }, { start: q, stop: q + Wo });
}

/** Hout, Wout of a stride-1 pool: Hin − K + 1, Win − K + 1. */
function pooledSize(A: NDArray, K: number): [number, number] {
  return [A.shape[2] - K + 1, A.shape[3] - K + 1];
}
// END SOLUTION
/** Max over every K×K window at stride 1: (N, C, Hin, Win) → (N, C, Hin − K + 1, Win − K + 1). */
export class MaxPool2dStride1 implements Layer {
  /** What backward() needs from the last forward(): its input and output. */
  private cache?: { A: NDArray; Z: NDArray };

  constructor(readonly kernelSize: number) {
    checkIntegers("MaxPool2dStride1", { kernelSize });
  }

  forward(A: NDArray): NDArray {
    checkInput("MaxPool2dStride1.forward", A, 4, "[N,C,H,W]");
    // Hint: loops over n, c, i, j with a max over each window work; so does taking the maximum of K² shifted slices.
    // BEGIN SOLUTION
    const K = this.kernelSize;
    const [Ho, Wo] = pooledSize(A, K);
    let Z = shifted(A, 0, 0, Ho, Wo);
    for (let p = 0; p < K; p++) {
      for (let q = 0; q < K; q++) Z = Z.maximum(shifted(A, p, q, Ho, Wo));
    }
    this.cache = { A, Z };
    return Z;
    // END SOLUTION
  }

  /** dLdA (N, C, Hin, Win): each dLdZ[n, c, i, j] added at the arg-max of window (i, j). */
  backward(dLdZ: NDArray): NDArray {
    // BEGIN SOLUTION
    const { A, Z } = cached(this.cache, "MaxPool2dStride1.backward");
    const K = this.kernelSize;
    const [Ho, Wo] = pooledSize(A, K);
    const dLdA = zeros(A.shape, { dtype: dLdZ.dtype, device: dLdZ.device });
    for (let p = 0; p < K; p++) {
      for (let q = 0; q < K; q++) {
        const isMax = shifted(A, p, q, Ho, Wo).eq(Z);
        shifted(dLdA, p, q, Ho, Wo).iadd(dLdZ.mul(isMax));
      }
    }
    return dLdA;
    // END SOLUTION
  }
}

/** Mean over every K×K window at stride 1: (N, C, Hin, Win) → (N, C, Hin − K + 1, Win − K + 1). */
export class MeanPool2dStride1 implements Layer {
  /** The input shape of the last forward(). */
  private inShape?: number[];

  constructor(readonly kernelSize: number) {
    checkIntegers("MeanPool2dStride1", { kernelSize });
  }

  forward(A: NDArray): NDArray {
    checkInput("MeanPool2dStride1.forward", A, 4, "[N,C,H,W]");
    // BEGIN SOLUTION
    const K = this.kernelSize;
    const [Ho, Wo] = pooledSize(A, K);
    let Z = zeros([A.shape[0], A.shape[1], Ho, Wo], { dtype: A.dtype, device: A.device });
    for (let p = 0; p < K; p++) {
      for (let q = 0; q < K; q++) Z = Z.add(shifted(A, p, q, Ho, Wo));
    }
    this.inShape = [...A.shape];
    return Z.div(K * K);
    // END SOLUTION
  }

  /** dLdA (N, C, Hin, Win): each dLdZ[n, c, i, j] / K² added to every position of window (i, j). */
  backward(dLdZ: NDArray): NDArray {
    // BEGIN SOLUTION
    const inShape = cached(this.inShape, "MeanPool2dStride1.backward");
    const K = this.kernelSize;
    const [Ho, Wo] = [dLdZ.shape[2], dLdZ.shape[3]];
    const dLdA = zeros(inShape, { dtype: dLdZ.dtype, device: dLdZ.device });
    const share = dLdZ.div(K * K);
    for (let p = 0; p < K; p++) {
      for (let q = 0; q < K; q++) shifted(dLdA, p, q, Ho, Wo).iadd(share);
    }
    return dLdA;
    // END SOLUTION
  }
}

/** MaxPool2d(K, stride = K), as torch.nn.MaxPool2d: MaxPool2dStride1(K) → Downsample2d(stride). */
export class MaxPool2d implements Layer {
  readonly pool: MaxPool2dStride1;
  readonly downsample: Downsample2d;

  constructor(
    readonly kernelSize: number,
    readonly stride: number = kernelSize,
  ) {
    this.pool = new MaxPool2dStride1(kernelSize);
    this.downsample = new Downsample2d(stride);
  }

  forward(A: NDArray): NDArray {
    // BEGIN SOLUTION
    return this.downsample.forward(this.pool.forward(A));
    // END SOLUTION
  }

  backward(dLdZ: NDArray): NDArray {
    // BEGIN SOLUTION
    return this.pool.backward(this.downsample.backward(dLdZ));
    // END SOLUTION
  }
}

/** MeanPool2d(K, stride = K), as torch.nn.AvgPool2d: MeanPool2dStride1(K) → Downsample2d(stride). */
export class MeanPool2d implements Layer {
  readonly pool: MeanPool2dStride1;
  readonly downsample: Downsample2d;

  constructor(
    readonly kernelSize: number,
    readonly stride: number = kernelSize,
  ) {
    this.pool = new MeanPool2dStride1(kernelSize);
    this.downsample = new Downsample2d(stride);
  }

  forward(A: NDArray): NDArray {
    // BEGIN SOLUTION
    return this.downsample.forward(this.pool.forward(A));
    // END SOLUTION
  }

  backward(dLdZ: NDArray): NDArray {
    // BEGIN SOLUTION
    return this.pool.backward(this.downsample.backward(dLdZ));
    // END SOLUTION
  }
}
