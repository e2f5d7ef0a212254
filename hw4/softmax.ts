/**
 * Softmax over any axis, as torch.nn.Softmax(dim=axis), with one extra convention that
 * attention needs. See handouts/hw4.md §1.
 *
 *   A = e^(Z − m) / Σ_axis e^(Z − m),   m = max_axis Z   (kept as a size-1 axis)
 *
 * Subtracting the maximum changes nothing mathematically and keeps every e^(·) ≤ 1, so
 * logits of 1e4 do not overflow. Backward is the Jacobian-vector product along the axis:
 *
 *   dLdZ = A ⊙ (dLdA − Σ_axis (dLdA ⊙ A))
 *
 * Convention for masking: an entry of −∞ gets probability exactly 0, and a slice whose
 * entries are ALL −∞ (every key masked) gives zeros, not NaN — output and gradient. (torch's
 * F.softmax returns NaN there; PyTorch ≥ 2.5's scaled_dot_product_attention returns zeros,
 * and we follow it.) Such a slice has m = −∞: use 0 in place of m, so e^(−∞ − 0) = 0, and
 * divide by 1 where the sum is 0.
 */
import { NotImplementedError, where, type NDArray } from "#ndarray";
import { cached } from "./errors.js";

export class Softmax {
  /** The output of the last forward(). */
  private A?: NDArray;

  /** `axis` may be negative (−1: the last axis), as PyTorch's `dim`. */
  constructor(readonly axis = -1) {}

  forward(Z: NDArray): NDArray {
    // Hint: max(axis, true) and sum(axis, true) keep the reduced axis so they broadcast; m.eq(-Infinity) finds all-−∞ slices.
    // BEGIN SOLUTION
    throw new NotImplementedError("Softmax.forward");
    // END SOLUTION
  }

  backward(dLdA: NDArray): NDArray {
    // BEGIN SOLUTION
    throw new NotImplementedError("Softmax.backward");
    // END SOLUTION
  }
}
