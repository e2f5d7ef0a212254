// Given code, complete: generated from reference/given/linear.ts by npm run stubs (instructors: edit that file, not this one).
/**
 * Linear (fully connected) layer, as torch.nn.Linear, on the last axis of its input:
 *
 *   forward:  Z = A · Wᵀ + b          A: (…, in)   W: (out, in)   b: (out)   Z: (…, out)
 *   backward: dLdA = dLdZ · W         (…, in)
 *             dLdW = dLdZᵀ · A        (out, in), summed over every leading axis of A
 *             dLdb = Σ dLdZ           (out), summed over every leading axis
 *
 * forward() caches A; backward() returns dLdA and stores dLdW, dLdb (overwriting them:
 * gradients are not accumulated across calls). Given complete (hw1 asks you to write the
 * (N, in) case, with the same numbers).
 */
import { Generator, ShapeError, ValueError, zeros, type Device, type DType, type NDArray } from "#ndarray";
import { cached } from "./cached.js";

export interface LinearOptions {
  /**
   * Draws the parameters that are not given, PyTorch's default (Kaiming-uniform with
   * a = √5), with k = 1/√inFeatures:
   *   1. W ~ U(−k, k): `rng.uniform(-k, k, [outFeatures, inFeatures])`, outFeatures·inFeatures draws, row-major;
   *   2. then b ~ U(−k, k): `rng.uniform(-k, k, [outFeatures])`, outFeatures draws.
   * A parameter passed in `W` or `b` is not drawn and takes no draws, so a model built
   * from one Generator always gets the same weights.
   */
  rng?: Generator;
  /** The weight (outFeatures × inFeatures), used as given (not copied). */
  W?: NDArray;
  /** The bias (outFeatures), used as given (not copied). */
  b?: NDArray;
  /** dtype of drawn or zero parameters: default float32, or the dtype of a given W. */
  dtype?: DType;
  /** Device of drawn or zero parameters (default: the default device). */
  device?: Device;
}

/**
 * Z = A·Wᵀ + b. Parameters come from the options: given arrays, else draws from `rng`
 * (W first, then b; see LinearOptions.rng), else zeros. A Generator passed alone is short
 * for `{ rng: generator }`.
 */
export class Linear {
  readonly inFeatures: number;
  readonly outFeatures: number;
  /** Weight, shape (outFeatures, inFeatures). */
  W: NDArray;
  /** Bias, shape (outFeatures). */
  b: NDArray;
  /** ∂L/∂W from the last backward(), shape (outFeatures, inFeatures). */
  dLdW?: NDArray;
  /** ∂L/∂b from the last backward(), shape (outFeatures). */
  dLdb?: NDArray;
  /** The input of the last forward(), cached for backward(). */
  private A?: NDArray;

  constructor(inFeatures: number, outFeatures: number, options: LinearOptions | Generator = {}) {
    for (const [name, n] of [["inFeatures", inFeatures], ["outFeatures", outFeatures]] as const) {
      if (!Number.isInteger(n) || n < 1) throw new ValueError("Linear", `${name} must be a positive integer, got ${n}`);
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    const opts: LinearOptions = options instanceof Generator ? { rng: options } : options;
    const { rng, W, b, device } = opts;
    const dtype = opts.dtype ?? W?.dtype ?? "float32";
    const k = 1 / Math.sqrt(inFeatures);
    const init = (shape: number[]) => (rng ? rng.uniform(-k, k, shape, { dtype, device }) : zeros(shape, { dtype, device }));
    this.W = W ?? init([outFeatures, inFeatures]);
    this.b = b ?? init([outFeatures]);
    if (this.W.ndim !== 2 || this.W.shape[0] !== outFeatures || this.W.shape[1] !== inFeatures) {
      throw new ShapeError("Linear", `W must have shape [${outFeatures},${inFeatures}] (outFeatures × inFeatures), got [${this.W.shape.join(",")}]`);
    }
    if (this.b.ndim !== 1 || this.b.shape[0] !== outFeatures) {
      throw new ShapeError("Linear", `b must have shape [${outFeatures}] (outFeatures), got [${this.b.shape.join(",")}]`);
    }
  }

  /** Z = A·Wᵀ + b for A of shape (…, inFeatures); Z has shape (…, outFeatures). */
  forward(A: NDArray): NDArray {
    this.A = A;
    return A.matmul(this.W.transpose()).add(this.b);
  }

  /** dLdA = dLdZ·W; stores dLdW and dLdb, summed over every leading axis. dLdZ has Z's shape. */
  backward(dLdZ: NDArray): NDArray {
    const A = cached(this.A, "Linear.backward");
    // Folding every leading axis into one row axis makes the weight gradient one 2-D matmul.
    const rows = dLdZ.reshape([-1, this.outFeatures]);
    this.dLdW = rows.transpose().matmul(A.reshape([-1, this.inFeatures]));
    this.dLdb = rows.sum(0);
    return dLdZ.matmul(this.W);
  }
}
