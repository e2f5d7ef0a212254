/**
 * §9 Weight initialisation (bonus): torch.nn.init's Xavier and Kaiming schemes. Each draw is
 * pinned (one `rng.uniform` or one `rng.normal` of the weight's shape, see hw1/init.ts), so
 * the drawn weights are compared value for value with the reference's, from a generator
 * built from `size.seed`. Both schemes of a family draw one after the other from ONE
 * generator: an extra or a missing draw in the first shows in the second. Shapes are
 * rectangular (fanIn ≠ fanOut), so a fan taken from the wrong axis changes the bound, and
 * one public variant has 4 axes (a receptive field). The gains come from calculateGain, so
 * a gain left out or a wrong one shows in the values.
 */
import { array, Generator } from "#ndarray";
import { defineCase, type CaseSpec, type Size } from "../../src/suite.js";
import type { HW1 } from "./types.js";

type Nonlinearity = Parameters<HW1["calculateGain"]>[0];
type FanMode = NonNullable<NonNullable<Parameters<HW1["kaimingUniform"]>[2]>["mode"]>;

const section = "init";

/** The weight shape of a variant: [out, in] or [out, in, k, k]. */
function shapeOf(size: Size): number[] {
  const shape = [size.out as number, size.in as number];
  return size.k === undefined ? shape : [...shape, size.k as number, size.k as number];
}

export const cases: CaseSpec<HW1>[] = [
  defineCase<HW1>({
    id: "init.fans_gain",
    number: "9.1",
    section,
    title: "fans and calculateGain, as torch computes them",
    points: 1,
    bonus: true,
    sizes: {
      public: [{ out: 5, in: 3 }, { out: 4, in: 6, k: 3 }],
      hidden: [{ out: 1, in: 7 }, { out: 8, in: 2, k: 2 }],
    },
    inputs: () => ({}),
    run: ({ hw, size }) => {
      const [fanIn, fanOut] = hw.fans(shapeOf(size));
      const gains = [hw.calculateGain("linear"), hw.calculateGain("sigmoid"), hw.calculateGain("tanh"), hw.calculateGain("relu"), hw.calculateGain("leaky_relu"), hw.calculateGain("leaky_relu", 0.2)];
      return { fanIn, fanOut, gains: array(gains, { dtype: "float64" }) };
    },
    failureHint:
      "A weight is [out, in, k…]: fanIn = in·(k…), fanOut = out·(k…), the receptive field multiplying both. Gains (in order linear, sigmoid, tanh, relu, leaky_relu, leaky_relu 0.2): 1, 1, 5/3, √2, √(2/(1 + slope²)) with slope 0.01 by default.",
  }),
  defineCase<HW1>({
    id: "init.xavier",
    number: "9.2",
    section,
    title: "xavierUniform then xavierNormal, with a gain",
    points: 2,
    bonus: true,
    sizes: {
      public: [
        { out: 6, in: 3, gain: "tanh", seed: 91 },
        { out: 4, in: 5, k: 3, gain: "relu", seed: 92 },
      ],
      hidden: [
        { out: 2, in: 9, gain: "linear", seed: 9101 },
        { out: 16, in: 8, gain: "tanh", seed: 9102 },
      ],
    },
    // The draws come from the generator built from size.seed: nothing to send.
    inputs: () => ({}),
    run: ({ hw, size }) => {
      const rng = new Generator(size.seed as number);
      const gain = hw.calculateGain(size.gain as Nonlinearity);
      const shape = shapeOf(size);
      return { U: hw.xavierUniform(shape, rng, { gain }), N: hw.xavierNormal(shape, rng, { gain }) };
    },
    failureHint:
      "xavierUniform: one rng.uniform(−b, b, shape) with b = gain·√(6/(fanIn + fanOut)); xavierNormal: one rng.normal(0, σ, shape) with σ = gain·√(2/(fanIn + fanOut)). Multiply by the gain you are given, and draw nothing else.",
  }),
  defineCase<HW1>({
    id: "init.kaiming",
    number: "9.3",
    section,
    title: "kaimingUniform then kaimingNormal: mode and nonlinearity",
    points: 2,
    bonus: true,
    sizes: {
      public: [
        { out: 6, in: 3, mode: "fan_in", nonlinearity: "relu", a: 0, seed: 93 },
        { out: 3, in: 5, k: 2, mode: "fan_out", nonlinearity: "leaky_relu", a: 0.1, seed: 94 },
      ],
      hidden: [
        { out: 7, in: 2, mode: "fan_out", nonlinearity: "tanh", a: 0, seed: 9301 },
        { out: 4, in: 9, mode: "fan_in", nonlinearity: "leaky_relu", a: 2.23606797749979, seed: 9302 },
      ],
    },
    inputs: () => ({}),
    run: ({ hw, size }) => {
      const rng = new Generator(size.seed as number);
      const opts = { a: size.a as number, mode: size.mode as FanMode, nonlinearity: size.nonlinearity as Nonlinearity };
      const shape = shapeOf(size);
      return { U: hw.kaimingUniform(shape, rng, opts), N: hw.kaimingNormal(shape, rng, opts) };
    },
    failureHint:
      "fan is fanIn for mode \"fan_in\", fanOut for \"fan_out\"; gain = calculateGain(nonlinearity, a). kaimingUniform: one rng.uniform(−b, b, shape), b = gain·√(3/fan); kaimingNormal: one rng.normal(0, σ, shape), σ = gain/√fan (no √3 there).",
  }),
];
