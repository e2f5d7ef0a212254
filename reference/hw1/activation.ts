/**
 * Activation functions, MyTorch style. Each is a layer with no parameters:
 *
 *   forward(Z)     A = f(Z), element-wise (Softmax: over the last axis); caches what backward needs
 *   backward(dLdA) dLdZ = dLdA ⊙ f′(Z)   (Softmax: the full Jacobian-vector product)
 *
 * Shapes: Z, A, dLdA and dLdZ all have the same shape, any number of axes (N×C in hw1).
 * The dtype follows the input (float32 in, float32 out; float64 in, float64 out).
 * Identity is the worked example: read it first, then write the others the same way.
 * See handouts/hw1.md §1.
 */
import { onesLike, type NDArray } from "#ndarray";
import { cached } from "./errors.js";

/**
 * Identity: A = Z, so dA/dZ = 1 and dLdZ = dLdA ⊙ 1. (Worked example, complete.)
 *
 * It shows the convention every layer follows: forward() keeps what backward() needs on
 * `this` (here A, only for its shape), and backward() multiplies the incoming gradient by
 * the local derivative dA/dZ, element by element.
 */
export class Identity {
  /** The output of the last forward(), cached for backward(). */
  private A?: NDArray;

  forward(Z: NDArray): NDArray {
    this.A = Z;
    return this.A;
  }

  backward(dLdA: NDArray): NDArray {
    const A = cached(this.A, "Identity.backward");
    const dAdZ = onesLike(A);
    return dLdA.mul(dAdZ);
  }
}

/**
 * Sigmoid: A = σ(Z) = 1 / (1 + e^(−Z)),  dA/dZ = A ⊙ (1 − A)  (torch.nn.Sigmoid).
 *
 * For very negative Z, e^(−Z) overflows to +∞ and A = 1/∞ = 0, which is the right limit:
 * no special case is needed.
 */
export class Sigmoid {
  /** The output σ(Z) of the last forward(): backward() needs only A. */
  private A?: NDArray;

  forward(Z: NDArray): NDArray {
    // Hint: there is no "1 / x" method; divide an array of ones (onesLike) by the denominator.
    // BEGIN SOLUTION
    this.A = onesLike(Z).div(Z.neg().exp().add(1));
    return this.A;
    // END SOLUTION
  }

  backward(dLdA: NDArray): NDArray {
    // BEGIN SOLUTION
    const A = cached(this.A, "Sigmoid.backward");
    return dLdA.mul(A.mul(A.neg().add(1)));
    // END SOLUTION
  }
}

/** Tanh: A = tanh(Z),  dA/dZ = 1 − A²  (torch.nn.Tanh). */
export class Tanh {
  /** The output tanh(Z) of the last forward(). */
  private A?: NDArray;

  forward(Z: NDArray): NDArray {
    // BEGIN SOLUTION
    this.A = Z.tanh();
    return this.A;
    // END SOLUTION
  }

  backward(dLdA: NDArray): NDArray {
    // BEGIN SOLUTION
    const A = cached(this.A, "Tanh.backward");
    return dLdA.mul(A.mul(A).neg().add(1));
    // END SOLUTION
  }
}

/**
 * ReLU: A = max(Z, 0),  dA/dZ = 1 where Z > 0, else 0  (torch.nn.ReLU; at Z = 0 the
 * derivative is taken as 0, as PyTorch does).
 */
export class ReLU {
  /** The output max(Z, 0) of the last forward(): A > 0 exactly where Z > 0. */
  private A?: NDArray;

  forward(Z: NDArray): NDArray {
    // BEGIN SOLUTION
    this.A = Z.maximum(0);
    return this.A;
    // END SOLUTION
  }

  backward(dLdA: NDArray): NDArray {
    // Hint: a comparison (A.gt(0)) gives a bool array; multiplying by it keeps dLdA's dtype.
    // BEGIN SOLUTION
    const A = cached(this.A, "ReLU.backward");
    return dLdA.mul(A.gt(0));
    // END SOLUTION
  }
}

/**
 * GELU, the exact (erf-based) form of torch.nn.GELU() with approximate="none":
 *
 *   A = Z ⊙ Φ(Z) = ½ Z (1 + erf(Z / √2))
 *   dA/dZ = Φ(Z) + Z ⊙ φ(Z),   φ(Z) = e^(−Z²/2) / √(2π)   (the standard normal pdf)
 *
 * Not the tanh approximation.
 */
export class GELU {
  /** The input of the last forward(): the derivative needs Z itself, not only A. */
  private Z?: NDArray;

  forward(Z: NDArray): NDArray {
    // Hint: NDArray has erf(); Φ(Z) = ½ (1 + erf(Z / √2)) is the standard normal cdf.
    // BEGIN SOLUTION
    this.Z = Z;
    return Z.mul(Z.div(Math.SQRT2).erf().add(1).mul(0.5));
    // END SOLUTION
  }

  backward(dLdA: NDArray): NDArray {
    // BEGIN SOLUTION
    const Z = cached(this.Z, "GELU.backward");
    const cdf = Z.div(Math.SQRT2).erf().add(1).mul(0.5);
    const pdf = Z.mul(Z).mul(-0.5).exp().div(Math.sqrt(2 * Math.PI));
    return dLdA.mul(cdf.add(Z.mul(pdf)));
    // END SOLUTION
  }
}

/**
 * Softmax over the last axis (torch.nn.Softmax(dim=-1)):
 *
 *   A[…, i] = e^(Z[…, i] − m) / Σⱼ e^(Z[…, j] − m),   m = maxⱼ Z[…, j]
 *
 * Subtracting the row maximum m changes nothing mathematically and keeps e^(·) ≤ 1, so
 * logits of 1e4 do not overflow. The Jacobian is dAᵢ/dZⱼ = Aᵢ (δᵢⱼ − Aⱼ), so the
 * vector-Jacobian product backward() returns is
 *
 *   dLdZ = A ⊙ (dLdA − Σⱼ dLdA[…, j] · A[…, j])   (the sum over the last axis, kept as a size-1 axis)
 *
 * — every output depends on every input of its row; it is not element-wise.
 */
export class Softmax {
  /** The output of the last forward(). */
  private A?: NDArray;

  forward(Z: NDArray): NDArray {
    // Hint: max(-1, true) and sum(-1, true) keep the reduced axis, so the results broadcast against Z.
    // BEGIN SOLUTION
    const E = Z.sub(Z.max(-1, true)).exp();
    this.A = E.div(E.sum(-1, true));
    return this.A;
    // END SOLUTION
  }

  backward(dLdA: NDArray): NDArray {
    // BEGIN SOLUTION
    const A = cached(this.A, "Softmax.backward");
    return A.mul(dLdA.sub(dLdA.mul(A).sum(-1, true)));
    // END SOLUTION
  }
}
