/**
 * §9 Bonus: Dropout2d, channel dropout with the pinned (N, C) mask draw. Each variant gets
 * a generator built from `size.seed`, so a student's mask equals the reference's; the
 * forward case runs two forwards to catch a mask drawn once and reused.
 */
import { Generator, type NDArray } from "#ndarray";
import { defineCase, type CaseSpec, type Size } from "../../src/suite.js";
import { mapShape, num } from "./draw.js";
import type { HW2 } from "./types.js";

const dropoutSizes = {
  public: [
    { N: 4, C: 3, H: 2, W: 3, p: 0.5, seed: 81 },
    { N: 2, C: 5, H: 3, W: 2, p: 0.3, seed: 82 },
  ],
  hidden: [
    { N: 8, C: 4, H: 1, W: 2, p: 0.8, seed: 8101 },
    { N: 3, C: 2, H: 4, W: 4, p: 0, seed: 8102 },
  ],
};

function dropoutInputs(rng: Generator, size: Size): Record<string, NDArray> {
  const shape = mapShape(size);
  return { X: rng.randn(shape), X2: rng.randn(shape), dLdY: rng.randn(shape) };
}

export const cases: CaseSpec<HW2>[] = [
  defineCase<HW2>({
    id: "dropout2d.forward",
    number: "9.1",
    section: "dropout2d",
    title: "Dropout2d forward, training mode",
    points: 2,
    bonus: true,
    sizes: dropoutSizes,
    inputs: dropoutInputs,
    run: ({ hw, inputs, size }) => {
      const layer = new hw.Dropout2d(num(size, "p"), new Generator(num(size, "seed")));
      const Y = layer.forward(inputs.X);
      return { Y, Y2: layer.forward(inputs.X2) };
    },
    failureHint: "One draw per forward: rng.bernoulli(1 − p, [N, C], { dtype: x.dtype }) — one value per CHANNEL — broadcast over H and W, scaled by 1/(1 − p).",
  }),
  defineCase<HW2>({
    id: "dropout2d.backward",
    number: "9.2",
    section: "dropout2d",
    title: "Dropout2d backward, training mode",
    points: 1,
    bonus: true,
    sizes: dropoutSizes,
    inputs: dropoutInputs,
    run: ({ hw, inputs, size }) => {
      const layer = new hw.Dropout2d(num(size, "p"), new Generator(num(size, "seed")));
      layer.forward(inputs.X);
      return { dLdX: layer.backward(inputs.dLdY) };
    },
    failureHint: "Reuse the last forward's mask (do not draw again) and the same 1/(1 − p).",
  }),
];
