/**
 * Building blocks from hw1, given complete so that hw4 stands on its own (a homework
 * never imports another one): Linear on any number of leading axes, the exact GELU, and
 * inverted Dropout. They are worked examples, not graded; read them, since multi-head
 * attention, the decoder block and the language model are built from them.
 * See handouts/hw4.md §0.
 */
import { zeros, ValueError, type Generator, type NDArray } from "#ndarray";
import { cached } from "./errors.js";

/**
 * Linear layer, as torch.nn.Linear(in, out): Z = A·Wᵀ + b on the last axis of A.
 *
 *   A (…, in) → Z (…, out),   W (out, in),   b (out)
 *   backward(dLdZ): dLdA = dLdZ·W;  dLdW = Σ over all leading axes of dLdZᵀ·A;  dLdb = Σ dLdZ
 *
 * Initialisation: with `rng`, W = rng.uniform(−k, k, [out, in]) and then
 * b = rng.uniform(−k, k, [out]), k = 1/√in (torch's bound; in that order, so a model built
 * from one Generator always gets the same weights); without `rng`, zeros.
 */
export class Linear {
  W: NDArray;
  b: NDArray;
  dLdW?: NDArray;
  dLdb?: NDArray;
  private A?: NDArray;

  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    rng?: Generator,
  ) {
    const k = 1 / Math.sqrt(inFeatures);
    this.W = rng ? rng.uniform(-k, k, [outFeatures, inFeatures]) : zeros([outFeatures, inFeatures]);
    this.b = rng ? rng.uniform(-k, k, [outFeatures]) : zeros([outFeatures]);
  }

  forward(A: NDArray): NDArray {
    this.A = A;
    return A.matmul(this.W.transpose()).add(this.b);
  }

  backward(dLdZ: NDArray): NDArray {
    const A = cached(this.A, "Linear.backward");
    // Folding every leading axis into one row axis makes the weight gradient one 2-D matmul.
    const rows = dLdZ.reshape([-1, this.outFeatures]);
    this.dLdW = rows.transpose().matmul(A.reshape([-1, this.inFeatures]));
    this.dLdb = rows.sum(0);
    return dLdZ.matmul(this.W);
  }
}

/**
 * GELU, exact (erf) form, as torch.nn.GELU() (approximate="none"):
 *   A = ½ Z (1 + erf(Z/√2)),   dA/dZ = Φ(Z) + Z·φ(Z),   φ(Z) = e^(−Z²/2)/√(2π).
 */
export class GELU {
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

/**
 * Inverted dropout, as torch.nn.Dropout(p) and hw1's Dropout. Each training forward(x)
 * makes exactly one draw, mask = rng.bernoulli(1 − p, x.shape, { dtype: x.dtype })
 * (1 = keep), also when p = 0, and returns x ⊙ mask/(1 − p) (0 instead of 1/0 when p = 1);
 * backward reuses that mask. In evaluation mode both are the identity and nothing is drawn.
 */
export class Dropout {
  training = true;
  mask?: NDArray;

  constructor(
    readonly p: number,
    readonly rng: Generator,
  ) {
    if (!(p >= 0 && p <= 1)) throw new ValueError("Dropout", `p must be in [0, 1], got ${p}`);
  }

  private get scale(): number {
    return this.p === 1 ? 0 : 1 / (1 - this.p);
  }

  forward(x: NDArray): NDArray {
    if (!this.training) {
      this.mask = undefined;
      return x;
    }
    this.mask = this.rng.bernoulli(1 - this.p, x.shape, { dtype: x.dtype, device: x.device });
    return x.mul(this.mask).mul(this.scale);
  }

  backward(dLdy: NDArray): NDArray {
    if (this.mask === undefined) return dLdy;
    return dLdy.mul(this.mask).mul(this.scale);
  }
}
