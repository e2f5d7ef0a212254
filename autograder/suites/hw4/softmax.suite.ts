/**
 * §1 Softmax over any axis. Variants name the axis (negative ones too) of 2-D and 3-D
 * inputs (`shape: "2x3x4"`); `scale: 1e4` gives logits around ±1e4, where e^Z overflows
 * without the max shift. The first forward variant is square, so that a sum without
 * keepdims still broadcasts (along the wrong axis) and fails on its values. `softmax.masked_rows` feeds −∞ entries and slices that are all
 * −∞: probability 0 there, and zero slices (output and gradient) instead of NaN.
 */
import { where, type Generator, type NDArray } from "#ndarray";
import { defineCase, type CaseSpec, type Size } from "../../src/suite.js";
import type { HW4 } from "./types.js";

function shapeOf(size: Size): number[] {
  return String(size.shape).split("x").map(Number);
}

function logits(rng: Generator, size: Size): NDArray {
  return rng.randn(shapeOf(size)).mul(size.scale as number);
}

/**
 * N(0, 4) logits with about a third of the entries −∞, and every slice along the softmax
 * axis at index 0 of another axis entirely −∞.
 */
function maskedLogits(rng: Generator, size: Size): NDArray {
  const shape = shapeOf(size);
  const Z = rng.randn(shape).mul(2);
  const masked = rng.rand(shape).lt(1 / 3);
  const axis = ((size.axis as number) + shape.length) % shape.length;
  const other = axis === 0 ? 1 : 0;
  masked.slice(...shape.map((_, i) => (i === other ? 0 : null))).assign(1);
  return where(masked, -Infinity, Z);
}

const forwardSizes = {
  public: [
    { shape: "5x5", axis: -1, scale: 1 },
    { shape: "4x5", axis: -1, scale: 1 },
    { shape: "3x4x5", axis: 1, scale: 1e4 },
  ],
  hidden: [
    { shape: "6x3", axis: 0, scale: 2 },
    { shape: "2x3x7", axis: -1, scale: 1e4 },
    { shape: "4x2x3", axis: 0, scale: 1 },
    { shape: "5x1", axis: 1, scale: 1 },
  ],
};

const backwardSizes = {
  public: [
    { shape: "4x5", axis: -1, scale: 1 },
    { shape: "3x4x5", axis: 1, scale: 2 },
  ],
  hidden: [
    { shape: "6x3", axis: 0, scale: 2 },
    { shape: "2x3x7", axis: -2, scale: 1 },
    { shape: "4x2x3", axis: 0, scale: 1 },
  ],
};

export const cases: CaseSpec<HW4>[] = [
  defineCase<HW4>({
    id: "softmax.forward",
    number: "1.1",
    section: "softmax",
    title: "Softmax forward, any axis",
    points: 4,
    sizes: forwardSizes,
    inputs: (rng, size) => ({ Z: logits(rng, size) }),
    run: ({ hw, inputs, size }) => ({ A: new hw.Softmax(size.axis as number).forward(inputs.Z) }),
    failureHint: "Subtract the maximum along the axis (max(axis, true)) before exp(), and normalise along that same axis, whatever it is (not always the last), with keepdims so the sum broadcasts back.",
  }),
  defineCase<HW4>({
    id: "softmax.backward",
    number: "1.2",
    section: "softmax",
    title: "Softmax backward, any axis",
    points: 4,
    sizes: backwardSizes,
    inputs: (rng, size) => ({ Z: logits(rng, size), dLdA: rng.randn(shapeOf(size)) }),
    run: ({ hw, inputs, size }) => {
      const layer = new hw.Softmax(size.axis as number);
      layer.forward(inputs.Z);
      return { dLdZ: layer.backward(inputs.dLdA) };
    },
    failureHint: "dLdZ = A ⊙ (dLdA − Σ(dLdA ⊙ A)), the sum along the softmax axis kept as a size-1 axis: softmax is not element-wise.",
  }),
  defineCase<HW4>({
    id: "softmax.masked_rows",
    number: "1.3",
    section: "softmax",
    title: "Softmax with −∞ entries and fully masked slices",
    points: 3,
    sizes: {
      public: [
        { shape: "4x6", axis: -1 },
        { shape: "3x4x5", axis: -1 },
      ],
      hidden: [
        { shape: "5x3", axis: 0 },
        { shape: "2x5x4", axis: 1 },
      ],
    },
    inputs: (rng, size) => ({ Z: maskedLogits(rng, size), dLdA: rng.randn(shapeOf(size)) }),
    run: ({ hw, inputs, size }) => {
      const layer = new hw.Softmax(size.axis as number);
      const A = layer.forward(inputs.Z);
      return { A, dLdZ: layer.backward(inputs.dLdA) };
    },
    failureHint: "A slice of all −∞ has maximum −∞ and −∞ − (−∞) = NaN: shift by 0 there, and divide by 1 where the sum of e^(·) is 0.",
  }),
];
