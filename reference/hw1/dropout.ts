/**
 * Inverted dropout, as torch.nn.Dropout(p).
 *
 * Training mode (`training === true`, the default): each forward(x) makes exactly ONE draw,
 *
 *   mask = rng.bernoulli(1 − p, x.shape, { dtype: x.dtype, device: x.device })   (1 = keep, with probability 1 − p)
 *   forward:  y = x ⊙ mask / (1 − p)
 *   backward: dLdx = dLdy ⊙ mask / (1 − p)     (the same mask)
 *
 * so the expected value of y is x and evaluation needs no rescaling. The draw is pinned
 * (ndarray/generator.ts states the uniforms each draw consumes): a student's mask matches
 * the reference's when both start from the same generator state. It is made for every p,
 * also p = 0 (all ones) and p = 1 (all zeros), so the generator advances by x.size
 * uniforms per training forward whatever p is.
 * For p = 1 the scale is taken as 0, not 1/0: y and dLdx are zeros (as PyTorch).
 *
 * Evaluation mode (`eval()`): forward and backward are the identity, and nothing is drawn.
 * See handouts/hw1.md §6.
 */
import { ValueError, type Generator, type NDArray } from "#ndarray";

export class Dropout {
  /** Probability of zeroing an element, in [0, 1]. */
  readonly p: number;
  /** The generator the masks are drawn from. */
  readonly rng: Generator;
  /** Training mode (draw a mask) or evaluation mode (identity); see train()/eval(). */
  training = true;
  /** The 0/1 mask of the last training forward() (1 = kept, unscaled); undefined after an eval forward(). */
  mask?: NDArray;

  constructor(p: number, rng: Generator) {
    if (!(p >= 0 && p <= 1)) throw new ValueError("Dropout", `p must be in [0, 1], got ${p}`);
    this.p = p;
    this.rng = rng;
  }

  /** Sets the mode (PyTorch's `module.train(mode)`); returns this. */
  train(mode = true): this {
    this.training = mode;
    return this;
  }

  /** Evaluation mode: the identity. Returns this. */
  eval(): this {
    return this.train(false);
  }

  forward(x: NDArray): NDArray {
    // Hint: draw the mask exactly as the doc comment says, then scale by 1/(1 − p) — or by 0 when p = 1.
    // BEGIN SOLUTION
    if (!this.training) {
      this.mask = undefined;
      return x;
    }
    this.mask = this.rng.bernoulli(1 - this.p, x.shape, { dtype: x.dtype, device: x.device });
    const scale = this.p === 1 ? 0 : 1 / (1 - this.p);
    return x.mul(this.mask).mul(scale);
    // END SOLUTION
  }

  backward(dLdy: NDArray): NDArray {
    // BEGIN SOLUTION
    if (this.mask === undefined) return dLdy;
    const scale = this.p === 1 ? 0 : 1 / (1 - this.p);
    return dLdy.mul(this.mask).mul(scale);
    // END SOLUTION
  }
}
