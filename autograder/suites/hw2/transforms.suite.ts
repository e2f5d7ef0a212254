/**
 * §12 Bonus: data augmentation, RandomFlipHorizontal and RandomCrop applied to a row of
 * images one at a time, as a Dataset applies them. Each variant gives the transform a
 * generator built from `size.seed`, so a student's flips and shifts equal the reference's
 * only when they make the pinned draws (one uniform per image for the flip, two integers per
 * image for the crop) in image order. Images are non-square, so flipping the wrong axis
 * shows, and no pixel is 0, so the crop's zero fill shows.
 */
import { Generator, stack, type NDArray } from "#ndarray";
import { defineCase, type CaseSpec, type Size } from "../../src/suite.js";
import { num } from "./draw.js";
import type { HW2 } from "./types.js";

/** The transform's view of the case: one image in, one image out. */
interface ImageTransform {
  apply(image: NDArray): NDArray;
}

/** `t` applied to each image of X (K, C, H, W) in order, the results stacked back to (K, C, H, W). */
function eachImage(t: ImageTransform, X: NDArray): NDArray {
  return stack(Array.from({ length: X.shape[0] }, (_, k) => t.apply(X.slice(k))), 0);
}

/** K images (K, C, H, W) with values in (0, 1], none of them 0, so zero padding shows. */
function images(rng: Generator, size: Size): Record<string, NDArray> {
  const shape = ["K", "C", "H", "W"].map((k) => num(size, k));
  return { X: rng.rand(shape).rsub(1) };
}

const flipSizes = {
  public: [
    { K: 8, C: 2, H: 3, W: 4, p: 0.5, seed: 121 },
    { K: 6, C: 1, H: 4, W: 5, p: 0.3, seed: 122 },
  ],
  hidden: [
    { K: 5, C: 3, H: 2, W: 3, p: 0, seed: 12101 },
    { K: 4, C: 1, H: 3, W: 2, p: 1, seed: 12102 },
    { K: 10, C: 1, H: 2, W: 6, p: 0.8, seed: 12103 },
  ],
};

const cropSizes = {
  public: [
    { K: 6, C: 2, H: 5, W: 4, padding: 2, seed: 123 },
    { K: 5, C: 1, H: 4, W: 6, padding: 1, seed: 124 },
  ],
  hidden: [
    { K: 4, C: 2, H: 3, W: 4, padding: 0, seed: 12301 },
    { K: 6, C: 1, H: 3, W: 3, padding: 4, seed: 12302 },
    { K: 3, C: 3, H: 6, W: 5, padding: 3, seed: 12303 },
  ],
};

export const cases: CaseSpec<HW2>[] = [
  defineCase<HW2>({
    id: "transforms.flip",
    number: "12.1",
    section: "transforms",
    title: "RandomFlipHorizontal on each image in turn",
    points: 2,
    bonus: true,
    sizes: flipSizes,
    inputs: images,
    run: ({ hw, inputs, size }) => ({ Y: eachImage(new hw.RandomFlipHorizontal(num(size, "p"), new Generator(num(size, "seed"))), inputs.X) }),
    failureHint:
      "One u = rng.uniformDouble() per image, drawn even when p is 0 or 1; flip when u < p (not u ≥ p), and reverse the LAST axis (W) of the (C, H, W) image, not H.",
  }),
  defineCase<HW2>({
    id: "transforms.crop",
    number: "12.2",
    section: "transforms",
    title: "RandomCrop with zero padding on each image in turn",
    points: 2,
    bonus: true,
    sizes: cropSizes,
    inputs: images,
    run: ({ hw, inputs, size }) => ({ Y: eachImage(new hw.RandomCrop(num(size, "padding"), new Generator(num(size, "seed"))), inputs.X) }),
    failureHint:
      "[dy, dx] = rng.randint(−padding, padding + 1, [2]) per image, dy first; out[c, i, j] = image[c, i + dy, j + dx] (0 outside): pad by `padding` on every side and cut the H×W window starting at (padding + dy, padding + dx).",
  }),
];
