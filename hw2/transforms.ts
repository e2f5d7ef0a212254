/**
 * Data augmentation, as needle's (CMU 10-414 hw2) and torchvision's RandomHorizontalFlip and
 * RandomCrop with zero padding: transforms of ONE image (C, H, W) that a Dataset applies to
 * each sample every time it is read, so every epoch sees a freshly drawn variant of each
 * training image and the network cannot memorise exact pixels.
 *
 * The pinned draws (ndarray/generator.ts states the uniforms each draw consumes): every
 * apply() draws from the transform's own Generator, always, whatever p or padding is, so a
 * student's flips and shifts match the reference's draw for draw:
 *
 *   RandomFlipHorizontal(p, rng): ONE uniform, u = rng.uniformDouble();
 *       flip (reverse the LAST axis, W) when u < p, else return the image unchanged.
 *   RandomCrop(padding, rng): TWO integers, [dy, dx] = rng.randint(−padding, padding + 1, [2])
 *       (dy, the row shift, first); out[c, i, j] = image[c, i + dy, j + dx], and 0 where
 *       (i + dy, j + dx) falls outside the image: pad by `padding` zeros on every side and cut
 *       the H×W window whose corner is (padding + dy, padding + dx).
 *
 * Transforms sharing one Generator draw in the order they are applied: a Dataset with
 * [flip, crop] on one generator draws u, dy, dx for its first sample read, then u, dy, dx
 * for the next. Neither modifies its input. See handouts/hw2.md §12.
 */
import { NotImplementedError, pad, ValueError, type Generator, type NDArray } from "#ndarray";
import { checkInput, checkIntegers } from "./errors.js";

/** One image in, one image out: (C, H, W) → (C, H, W). */
export interface Transform {
  apply(image: NDArray): NDArray;
}

export class RandomFlipHorizontal implements Transform {
  constructor(readonly p: number, readonly rng: Generator) {
    if (!(p >= 0 && p <= 1)) throw new ValueError("RandomFlipHorizontal", `p must be in [0, 1], got ${p}`);
  }

  apply(image: NDArray): NDArray {
    checkInput("RandomFlipHorizontal.apply", image, 3, "[C,H,W]");
    // Hint: image.flip(2) is the image reversed along W (a view).
    // BEGIN SOLUTION
    throw new NotImplementedError("RandomFlipHorizontal.apply");
    // END SOLUTION
  }
}

export class RandomCrop implements Transform {
  constructor(readonly padding: number, readonly rng: Generator) {
    checkIntegers("RandomCrop", { padding }, 0);
  }

  apply(image: NDArray): NDArray {
    checkInput("RandomCrop.apply", image, 3, "[C,H,W]");
    // Hint: pad(image, [[0, 0], [P, P], [P, P]]) zero-pads H and W; a slice with { start, stop } on axes 1 and 2 cuts the window.
    // BEGIN SOLUTION
    throw new NotImplementedError("RandomCrop.apply");
    // END SOLUTION
  }
}
