/**
 * Bonus. Channel dropout, as torch.nn.Dropout2d(p) on (N, C, H, W) input: in training mode
 * each whole channel (n, c) is kept or zeroed, and the kept ones are scaled by 1/(1 − p)
 * (inverted dropout, so evaluation needs no rescaling).
 *
 * The pinned draw (ndarray/generator.ts states the uniforms each draw consumes): each
 * training forward(x) makes exactly ONE draw,
 *
 *   mask = rng.bernoulli(1 − p, [N, C], { dtype: x.dtype, device: x.device })   (1 = keep)
 *   forward:  y[n, c, h, w] = x[n, c, h, w] · mask[n, c] / (1 − p)
 *   backward: dLdx[n, c, h, w] = dLdy[n, c, h, w] · mask[n, c] / (1 − p)   (the same mask)
 *
 * — N·C uniforms, one per channel, not one per element. For p = 1 the scale is 0 (y and
 * dLdx are zeros), as PyTorch. Evaluation mode (`eval()`): the identity, nothing drawn.
 * See handouts/hw2.md §9.
 */
import { ValueError, type Generator, type NDArray } from "#ndarray";
import { checkInput } from "./errors.js";
import type { Layer } from "./layers.js";

export class Dropout2d implements Layer {
  /** Training mode (draw a mask) or evaluation mode (identity). */
  training = true;
  /** The 0/1 mask of the last training forward(), shape (N, C) (1 = kept, unscaled); undefined after an eval forward(). */
  mask?: NDArray;

  constructor(
    readonly p: number,
    readonly rng: Generator,
  ) {
    if (!(p >= 0 && p <= 1)) throw new ValueError("Dropout2d", `p must be in [0, 1], got ${p}`);
  }

  /** Sets the mode (PyTorch's `module.train(mode)`); returns this. */
  train(mode = true): this {
    this.training = mode;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  forward(x: NDArray): NDArray {
    checkInput("Dropout2d.forward", x, 4, "[N,C,H,W]");
    // Hint: reshape the (N, C) mask to (N, C, 1, 1) so that it broadcasts over H and W.
    // BEGIN SOLUTION
    if (!this.training) {
      this.mask = undefined;
      return x;
    }
    const [N, C] = x.shape;
    this.mask = this.rng.bernoulli(1 - this.p, [N, C], { dtype: x.dtype, device: x.device });
    return this.scaled(x);
    // END SOLUTION
  }

  backward(dLdy: NDArray): NDArray {
    // BEGIN SOLUTION
    return this.mask === undefined ? dLdy : this.scaled(dLdy);
    // END SOLUTION
  }

  // BEGIN SOLUTION NO PROMPT
  /** x ⊙ mask / (1 − p), the mask broadcast over H and W (scale 0 when p = 1). */
  private scaled(x: NDArray): NDArray {
    const [N, C] = x.shape;
    const scale = this.p === 1 ? 0 : 1 / (1 - this.p);
    return x.mul((this.mask as NDArray).reshape([N, C, 1, 1])).mul(scale);
  }
  // END SOLUTION
}
