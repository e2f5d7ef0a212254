/**
 * Three activations as layers with no parameters, given complete (hw1 asks you to write
 * them, with the same numbers):
 *
 *   forward(Z)     A = f(Z), element-wise; caches A for backward
 *   backward(dLdA) dLdZ = dLdA ⊙ f′(Z), written with A
 *
 * Z, A, dLdA and dLdZ all have the same shape, any number of axes; the dtype follows the input.
 */
import { onesLike, type NDArray } from "#ndarray";
import { cached } from "./cached.js";

/**
 * ReLU: A = max(Z, 0),  dA/dZ = 1 where Z > 0, else 0  (torch.nn.ReLU; at Z = 0 the
 * derivative is taken as 0, as PyTorch does).
 */
export class ReLU {
  /** The output max(Z, 0) of the last forward(): A > 0 exactly where Z > 0. */
  private A?: NDArray;

  forward(Z: NDArray): NDArray {
    this.A = Z.maximum(0);
    return this.A;
  }

  backward(dLdA: NDArray): NDArray {
    const A = cached(this.A, "ReLU.backward");
    return dLdA.mul(A.gt(0));
  }
}

/** Tanh: A = tanh(Z),  dA/dZ = 1 − A²  (torch.nn.Tanh). */
export class Tanh {
  /** The output tanh(Z) of the last forward(). */
  private A?: NDArray;

  forward(Z: NDArray): NDArray {
    this.A = Z.tanh();
    return this.A;
  }

  backward(dLdA: NDArray): NDArray {
    const A = cached(this.A, "Tanh.backward");
    return dLdA.mul(A.mul(A).neg().add(1));
  }
}

/** Sigmoid: A = σ(Z) = 1 / (1 + e^(−Z)),  dA/dZ = A ⊙ (1 − A)  (torch.nn.Sigmoid). */
export class Sigmoid {
  /** The output σ(Z) of the last forward(): backward() needs only A. */
  private A?: NDArray;

  forward(Z: NDArray): NDArray {
    this.A = onesLike(Z).div(Z.neg().exp().add(1));
    return this.A;
  }

  backward(dLdA: NDArray): NDArray {
    const A = cached(this.A, "Sigmoid.backward");
    return dLdA.mul(A.mul(A.neg().add(1)));
  }
}
