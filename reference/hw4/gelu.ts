// Given code, complete: generated from reference/given/gelu.ts by npm run stubs (instructors: edit that file, not this one).
/**
 * GELU, the exact (erf-based) form of torch.nn.GELU() with approximate="none":
 *
 *   A = Z ⊙ Φ(Z) = ½ Z (1 + erf(Z / √2))
 *   dA/dZ = Φ(Z) + Z ⊙ φ(Z),   φ(Z) = e^(−Z²/2) / √(2π)   (the standard normal pdf)
 *
 * Not the tanh approximation. Shapes: any; the dtype follows the input. Given complete
 * (hw1 asks you to write it, with the same numbers).
 */
import type { NDArray } from "#ndarray";
import { cached } from "./cached.js";

export class GELU {
  /** The input of the last forward(): the derivative needs Z itself, not only A. */
  private Z?: NDArray;

  forward(Z: NDArray): NDArray {
    this.Z = Z;
    return Z.mul(Z.div(Math.SQRT2).erf().add(1).mul(0.5));
  }

  backward(dLdA: NDArray): NDArray {
    const Z = cached(this.Z, "GELU.backward");
    const cdf = Z.div(Math.SQRT2).erf().add(1).mul(0.5);
    const pdf = Z.mul(Z).mul(-0.5).exp().div(Math.sqrt(2 * Math.PI));
    return dLdA.mul(cdf.add(Z.mul(pdf)));
  }
}
