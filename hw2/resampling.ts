/**
 * Resampling by an integer factor k ≥ 1 along the last axis (1d: N×C×W) or the last two
 * axes (2d: N×C×H×W). These are the building blocks that turn stride-1 layers into strided
 * ones (Conv1d, Conv2d, pooling) and strided ones into transposed ones (ConvTranspose).
 *
 *   Upsample (zero insertion):   Z[…, k·i] = A[…, i], zeros in between and nowhere else
 *                                Wout = k·(Win − 1) + 1          (no trailing zeros)
 *   Downsample (keep every k-th): Z[…, i] = A[…, k·i],  i = 0, 1, …
 *                                Wout = ⌈Win / k⌉ = ⌊(Win − 1) / k⌋ + 1
 *
 * The two are each other's adjoints, so each one's backward is the other's forward — with
 * one catch: Downsample forgets Win (Win = 7 and Win = 8 both give Wout = 4 when k = 2),
 * so Downsample's forward must cache the input length for its backward. Factor 1 is the
 * identity. Upsample1d is the worked example, complete; the other three follow its pattern.
 * See handouts/hw2.md §1.
 */
import { NotImplementedError, zeros, type NDArray } from "#ndarray";
import { cached, checkInput, checkIntegers } from "./errors.js";

/**
 * Upsample1d: (N, C, Win) → (N, C, k·(Win − 1) + 1), A's values at positions 0, k, 2k, …
 * (Worked example, complete.)
 *
 * forward() writes A into every k-th position of a zero array, through a strided view;
 * backward() reads the same positions back out of dLdZ: the gradient of a zero that was
 * inserted flows nowhere.
 */
export class Upsample1d {
  constructor(readonly factor: number) {
    checkIntegers("Upsample1d", { factor });
  }

  forward(A: NDArray): NDArray {
    checkInput("Upsample1d.forward", A, 3, "[N,C,W]");
    const [N, C, Win] = A.shape;
    const Z = zeros([N, C, this.factor * (Win - 1) + 1], { dtype: A.dtype, device: A.device });
    Z.slice(null, null, { step: this.factor }).assign(A);
    return Z;
  }

  backward(dLdZ: NDArray): NDArray {
    return dLdZ.slice(null, null, { step: this.factor });
  }
}

/** Downsample1d: (N, C, Win) → (N, C, ⌈Win / k⌉), keeping positions 0, k, 2k, … */
export class Downsample1d {
  /** The input length of the last forward(): backward() cannot recover it from dLdZ. */
  private Win?: number;

  constructor(readonly factor: number) {
    checkIntegers("Downsample1d", { factor });
  }

  forward(A: NDArray): NDArray {
    checkInput("Downsample1d.forward", A, 3, "[N,C,W]");
    // BEGIN SOLUTION
    throw new NotImplementedError("Downsample1d.forward");
    // END SOLUTION
  }

  /** dLdA (N, C, Win): dLdZ's values at positions 0, k, 2k, …, zeros elsewhere. */
  backward(dLdZ: NDArray): NDArray {
    // BEGIN SOLUTION
    throw new NotImplementedError("Downsample1d.backward");
    // END SOLUTION
  }
}

/** Upsample2d: (N, C, Hin, Win) → (N, C, k·(Hin − 1) + 1, k·(Win − 1) + 1), along both H and W. */
export class Upsample2d {
  constructor(readonly factor: number) {
    checkIntegers("Upsample2d", { factor });
  }

  forward(A: NDArray): NDArray {
    checkInput("Upsample2d.forward", A, 4, "[N,C,H,W]");
    // Hint: Upsample1d does this along one axis; a slice with a step on both H and W does it along two.
    // BEGIN SOLUTION
    throw new NotImplementedError("Upsample2d.forward");
    // END SOLUTION
  }

  backward(dLdZ: NDArray): NDArray {
    // BEGIN SOLUTION
    throw new NotImplementedError("Upsample2d.backward");
    // END SOLUTION
  }
}

/** Downsample2d: (N, C, Hin, Win) → (N, C, ⌈Hin / k⌉, ⌈Win / k⌉), keeping every k-th row and column. */
export class Downsample2d {
  /** The input height and width of the last forward(). */
  private inSize?: [number, number];

  constructor(readonly factor: number) {
    checkIntegers("Downsample2d", { factor });
  }

  forward(A: NDArray): NDArray {
    checkInput("Downsample2d.forward", A, 4, "[N,C,H,W]");
    // BEGIN SOLUTION
    throw new NotImplementedError("Downsample2d.forward");
    // END SOLUTION
  }

  backward(dLdZ: NDArray): NDArray {
    // BEGIN SOLUTION
    throw new NotImplementedError("Downsample2d.backward");
    // END SOLUTION
  }
}
