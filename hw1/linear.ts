/**
 * Linear (fully connected) layer, as torch.nn.Linear.
 *
 *   forward:  Z = A · Wᵀ + b             A: (N, Cin)  W: (Cout, Cin)  b: (Cout)  Z: (N, Cout)
 *   backward: dLdA = dLdZ · W            (N, Cin)
 *             dLdW = dLdZᵀ · A           (Cout, Cin)
 *             dLdb = Σₙ dLdZ             (Cout)        (PyTorch's shapes, as torch.nn.Linear)
 *
 * Convention: forward() caches A on `this`; backward() returns dLdA and stores dLdW, dLdb
 * (overwriting them: gradients are not accumulated across calls).
 * See handouts/hw1.md §2.
 */
import { NotImplementedError, ShapeError, ValueError, zeros, type Device, type DType, type Generator, type NDArray } from "#ndarray";
import { cached } from "./errors.js";

export interface LinearOptions {
  /**
   * Draws the parameters that are not given, PyTorch's default (Kaiming-uniform with
   * a = √5), with k = 1/√inFeatures:
   *   1. W ~ U(−k, k): `rng.uniform(-k, k, [outFeatures, inFeatures])`, outFeatures·inFeatures draws, row-major;
   *   2. then b ~ U(−k, k): `rng.uniform(-k, k, [outFeatures])`, outFeatures draws.
   * A parameter passed in `W` or `b` is not drawn and takes no draws.
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
 * y = x·Wᵀ + b over a batch. Parameters come from `opts`: given arrays, else draws from
 * `opts.rng` (W first, then b; see LinearOptions.rng), else zeros.
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

  constructor(inFeatures: number, outFeatures: number, opts: LinearOptions = {}) {
    for (const [name, n] of [["inFeatures", inFeatures], ["outFeatures", outFeatures]] as const) {
      if (!Number.isInteger(n) || n < 1) throw new ValueError("Linear", `${name} must be a positive integer, got ${n}`);
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    const { rng, W, b, device } = opts;
    const dtype = opts.dtype ?? W?.dtype ?? "float32";
    // Hint: draw only what is not given, in the order LinearOptions.rng states; without rng, zeros.
    // BEGIN SOLUTION
    this.W = W ?? zeros([outFeatures, inFeatures], { dtype, device });
    this.b = b ?? zeros([outFeatures], { dtype, device });
    // END SOLUTION
    if (this.W.ndim !== 2 || this.W.shape[0] !== outFeatures || this.W.shape[1] !== inFeatures) {
      throw new ShapeError("Linear", `W must have shape [${outFeatures},${inFeatures}] (outFeatures × inFeatures), got [${this.W.shape.join(",")}]`);
    }
    if (this.b.ndim !== 1 || this.b.shape[0] !== outFeatures) {
      throw new ShapeError("Linear", `b must have shape [${outFeatures}] (outFeatures), got [${this.b.shape.join(",")}]`);
    }
  }

  /** Z = A·Wᵀ + b for A of shape (N, inFeatures); Z has shape (N, outFeatures). */
  forward(A: NDArray): NDArray {
    // Hint: b has shape (Cout) and broadcasts over the batch axis; W.transpose() is a view.
    // BEGIN SOLUTION
    throw new NotImplementedError("Linear.forward");
    // END SOLUTION
  }

  /** dLdA = dLdZ·W; stores dLdW = dLdZᵀ·A and dLdb = Σₙ dLdZ. dLdZ has shape (N, outFeatures). */
  backward(dLdZ: NDArray): NDArray {
    // BEGIN SOLUTION
    throw new NotImplementedError("Linear.backward");
    // END SOLUTION
  }
}
