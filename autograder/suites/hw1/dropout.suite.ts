/**
 * §6 Dropout (inverted, as torch.nn.Dropout). The mask is the one pinned draw
 * `rng.bernoulli(1 − p, x.shape)` from the Generator the layer is given, so a student's
 * mask equals the reference's when both layers get a generator built from the same seed
 * (`size.seed`). The forward case runs two forwards on one layer: the second needs a
 * fresh mask from the advanced generator, which catches a mask drawn once and reused. Then
 * a second layer (p = 0.5) on the same generator, as in a model, forwards X once more (Y3):
 * a first layer that skipped its draw (at p = 0) or drew another shape leaves the
 * generator out of step, and Y3 shows it. Public variants include p = 0 and p = 1, where
 * 1/(1 − p) is 1/0: the scale is 0 there, not NaN.
 */
import { Generator, type NDArray } from "#ndarray";
import { defineCase, type CaseSpec, type Size } from "../../src/suite.js";
import type { HW1 } from "./types.js";

function inputs(rng: Generator, size: Size): Record<string, NDArray> {
  const shape = [size.N as number, size.C as number];
  return { X: rng.randn(shape), X2: rng.randn(shape), dLdY: rng.randn(shape) };
}

const sizes = {
  public: [
    { N: 4, C: 5, p: 0.5, seed: 61 },
    { N: 8, C: 3, p: 0.2, seed: 62 },
    { N: 3, C: 4, p: 0, seed: 65 },
    { N: 2, C: 5, p: 1, seed: 66 },
  ],
  hidden: [
    { N: 1, C: 16, p: 0.3, seed: 6101 },
    { N: 13, C: 9, p: 0.9, seed: 6102 },
    { N: 5, C: 4, p: 0, seed: 6103 },
  ],
};

export const cases: CaseSpec<HW1>[] = [
  defineCase<HW1>({
    id: "dropout.forward",
    number: "6.1",
    section: "dropout",
    title: "Dropout forward, training mode",
    points: 3,
    sizes,
    inputs,
    run: ({ hw, inputs, size }) => {
      const rng = new Generator(size.seed as number);
      const layer = new hw.Dropout(size.p as number, rng);
      const Y = layer.forward(inputs.X);
      const Y2 = layer.forward(inputs.X2);
      return { Y, Y2, Y3: new hw.Dropout(0.5, rng).forward(inputs.X) };
    },
    failureHint:
      "Draw mask = rng.bernoulli(1 − p, x.shape, { dtype: x.dtype }) (keep with probability 1 − p, not p) once per forward, also when p = 0 (skipping the draw, or drawing another shape, puts the generator out of step: Y3 comes from a second layer on the same generator); scale kept values by 1/(1 − p), by 0 when p = 1 (not 1/0, which gives NaN).",
  }),
  defineCase<HW1>({
    id: "dropout.backward",
    number: "6.2",
    section: "dropout",
    title: "Dropout backward, training mode",
    points: 2,
    sizes,
    inputs,
    run: ({ hw, inputs, size }) => {
      const layer = new hw.Dropout(size.p as number, new Generator(size.seed as number));
      layer.forward(inputs.X);
      return { dLdX: layer.backward(inputs.dLdY) };
    },
    failureHint: "Reuse the mask of the last forward (do not draw again in backward()) and scale by the same 1/(1 − p), or 0 when p = 1.",
  }),
  defineCase<HW1>({
    id: "dropout.eval",
    number: "6.3",
    section: "dropout",
    title: "Dropout in evaluation mode",
    points: 1,
    sizes: {
      public: [
        { N: 4, C: 5, p: 0.5, seed: 63 },
        { N: 6, C: 2, p: 0.8, seed: 64 },
      ],
      hidden: [
        { N: 1, C: 7, p: 0.3, seed: 6301 },
        { N: 11, C: 16, p: 0.5, seed: 6302 },
      ],
    },
    inputs,
    run: ({ hw, inputs, size }) => {
      const layer = new hw.Dropout(size.p as number, new Generator(size.seed as number));
      layer.eval();
      const Y = layer.forward(inputs.X);
      return { Y, dLdX: layer.backward(inputs.dLdY) };
    },
    failureHint: "In eval mode forward and backward are the identity: no mask and no 1/(1 − p) scaling.",
  }),
];
