/**
 * §10 Bonus: BatchNorm2d, hw1's BatchNorm1d with statistics per channel over (N, H, W):
 * the training forward with its running statistics, the evaluation forward, and the
 * backward. Every channel has its own mean and spread, so normalising over the wrong axes
 * fails.
 */
import type { Generator, NDArray } from "#ndarray";
import { defineCase, type CaseSpec, type Inputs, type Size } from "../../src/suite.js";
import { mapShape, num } from "./draw.js";
import type { HW2 } from "./types.js";

/** (N, C, H, W) with each channel around its own mean and spread, so normalising over the wrong axes fails. */
function featureMaps(rng: Generator, shape: number[]): NDArray {
  const C = shape[1];
  const scale = rng.uniform(0.5, 3, [C]).reshape([1, C, 1, 1]);
  const shift = rng.randn([C]).mul(2).reshape([1, C, 1, 1]);
  return rng.randn(shape).mul(scale).add(shift);
}

const bnSizes = {
  public: [
    { N: 4, C: 3, H: 2, W: 3, momentum: 0.1 },
    { N: 2, C: 2, H: 3, W: 3, momentum: 0.3 },
  ],
  hidden: [
    { N: 1, C: 4, H: 3, W: 2, momentum: 0.1 },
    { N: 5, C: 1, H: 2, W: 2, momentum: 0.5 },
  ],
};

function bnInputs(rng: Generator, size: Size): Record<string, NDArray> {
  const shape = mapShape(size);
  const C = shape[1];
  return {
    Z: featureMaps(rng, shape),
    W: rng.uniform(0.5, 1.5, [C]),
    b: rng.randn([C]),
    runningMean: rng.randn([C]),
    runningVar: rng.uniform(0.5, 2, [C]),
    dLdBZ: rng.randn(shape),
  };
}

function batchNorm(hw: HW2, inputs: Inputs, size: Size) {
  const bn = new hw.BatchNorm2d(inputs.W.shape[0], { momentum: num(size, "momentum") });
  bn.W = inputs.W;
  bn.b = inputs.b;
  return bn;
}

export const cases: CaseSpec<HW2>[] = [
  defineCase<HW2>({
    id: "batchnorm2d.train_forward",
    number: "10.1",
    section: "batchnorm2d",
    title: "BatchNorm2d forward, training mode, and running statistics",
    points: 2,
    bonus: true,
    sizes: bnSizes,
    inputs: bnInputs,
    run: ({ hw, inputs, size }) => {
      const bn = batchNorm(hw, inputs, size);
      const BZ = bn.forward(inputs.Z);
      return { BZ, runningMean: bn.runningMean, runningVar: bn.runningVar };
    },
    failureHint: "Statistics per channel over (N, H, W): the biased variance to normalise, the unbiased one (m/(m − 1), m = N·H·W) in runningVar.",
  }),
  defineCase<HW2>({
    id: "batchnorm2d.eval_forward",
    number: "10.2",
    section: "batchnorm2d",
    title: "BatchNorm2d forward, evaluation mode",
    points: 1,
    bonus: true,
    sizes: bnSizes,
    inputs: bnInputs,
    run: ({ hw, inputs, size }) => {
      const bn = batchNorm(hw, inputs, size).eval();
      bn.runningMean = inputs.runningMean;
      bn.runningVar = inputs.runningVar;
      return { BZ: bn.forward(inputs.Z) };
    },
    failureHint: "In eval mode normalise with runningMean and runningVar, reshaped to (1, C, 1, 1), and update nothing.",
  }),
  defineCase<HW2>({
    id: "batchnorm2d.backward",
    number: "10.3",
    section: "batchnorm2d",
    title: "BatchNorm2d backward, training mode",
    points: 2,
    bonus: true,
    sizes: bnSizes,
    inputs: bnInputs,
    run: ({ hw, inputs, size }) => {
      const bn = batchNorm(hw, inputs, size);
      bn.forward(inputs.Z);
      const dLdZ = bn.backward(inputs.dLdBZ);
      return { dLdZ, dLdW: bn.dLdW as NDArray, dLdb: bn.dLdb as NDArray };
    },
    failureHint: "hw1's BatchNorm1d backward with every mean and sum taken over axes (0, 2, 3) instead of axis 0.",
  }),
];
