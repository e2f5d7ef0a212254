/**
 * §5 BatchNorm1d on (N, C) input, as torch.nn.BatchNorm1d: the training forward, the
 * running statistics, the evaluation forward, dLdZ and the parameter gradients, one case
 * each. W and b are set from inputs (not the initial ones and zeros, which would hide a
 * missing scale or shift), and each feature of Z gets its own mean and spread so that
 * normalising over the wrong axis fails.
 *
 * `batchnorm.eval_forward` sets runningMean and runningVar from inputs after a training
 * forward, so it tests evaluation mode alone: a bug in the running updates costs
 * `batchnorm.running_stats` only.
 *
 * In `flat` variants feature 0 is nearly constant (spread 1e-3 around 0, variance about
 * 1e-6, below eps = 1e-5): there √(V + eps) and √V + eps differ by a factor of three, so
 * eps on the wrong side of the square root fails; elsewhere eps is lost in rounding.
 */
import { stack, type Generator, type NDArray } from "#ndarray";
import { defineCase, type CaseSpec, type Inputs, type Size } from "../../src/suite.js";
import type { HW1 } from "./types.js";

/** (N, C) with feature c drawn around its own mean, with its own spread; with `flat`, feature 0 nearly constant. */
function features(rng: Generator, N: number, C: number, flat = false): NDArray {
  const scale = rng.uniform(0.5, 3, [C]);
  const shift = rng.randn([C]).mul(2);
  if (flat) {
    scale.slice(0).assign(1e-3);
    shift.slice(0).assign(0);
  }
  return rng.randn([N, C]).mul(scale).add(shift);
}

function inputs(rng: Generator, size: Size): Record<string, NDArray> {
  const [N, C] = [size.N as number, size.C as number];
  return { Z: features(rng, N, C, size.flat === true), W: rng.randn([C]), b: rng.randn([C]), dLdBZ: rng.randn([N, C]) };
}

/** A layer with the variant's momentum and the given W and b, in training mode. */
function layer(hw: HW1, inputs: Inputs, size: Size) {
  const bn = new hw.BatchNorm1d(inputs.W.shape[0], { momentum: size.momentum as number });
  bn.W = inputs.W;
  bn.b = inputs.b;
  return bn;
}

const sizes: { public: Size[]; hidden: Size[] } = {
  public: [
    { N: 4, C: 3, momentum: 0.1 },
    { N: 8, C: 5, momentum: 0.1 },
    { N: 6, C: 4, momentum: 0.1, flat: true },
  ],
  hidden: [
    { N: 3, C: 7, momentum: 0.1 },
    { N: 13, C: 16, momentum: 0.3 },
    { N: 5, C: 1, momentum: 0.1 },
  ],
};

const trainHint =
  "NZ = (Z − M)/√(V + eps) over the batch axis (axis 0): eps INSIDE the square root (√V + eps fails the flat variant, whose feature 0 has V < eps) and the biased variance V (divide by N, not N − 1); then W ⊙ NZ + b.";

export const cases: CaseSpec<HW1>[] = [
  defineCase<HW1>({
    id: "batchnorm.train_forward",
    number: "5.1",
    section: "batchnorm",
    title: "BatchNorm1d forward, training mode",
    points: 3,
    sizes,
    inputs,
    run: ({ hw, inputs, size }) => ({ BZ: layer(hw, inputs, size).forward(inputs.Z) }),
    failureHint: trainHint,
  }),
  defineCase<HW1>({
    id: "batchnorm.running_stats",
    number: "5.2",
    section: "batchnorm",
    title: "BatchNorm1d running mean and variance",
    points: 2,
    sizes: {
      public: [
        { N: 4, C: 3, momentum: 0.1, forwards: 2 },
        { N: 8, C: 5, momentum: 0.1, forwards: 3 },
      ],
      hidden: [
        { N: 2, C: 7, momentum: 0.1, forwards: 3 },
        { N: 13, C: 16, momentum: 0.3, forwards: 2 },
        { N: 5, C: 4, momentum: 0.9, forwards: 3 },
      ],
    },
    inputs: (rng, size) => {
      const [N, C, forwards] = [size.N as number, size.C as number, size.forwards as number];
      const Zs: NDArray[] = [];
      for (let i = 0; i < forwards; i++) Zs.push(features(rng, N, C));
      return { Zs: stack(Zs), W: rng.randn([C]), b: rng.randn([C]) };
    },
    run: ({ hw, inputs, size }) => {
      const bn = layer(hw, inputs, size);
      for (let i = 0; i < inputs.Zs.shape[0]; i++) bn.forward(inputs.Zs.slice(i));
      return { runningMean: bn.runningMean, runningVar: bn.runningVar };
    },
    failureHint:
      "BatchNorm normalises with the biased batch variance but keeps the unbiased one (× N/(N − 1)) in runningVar; new = (1 − momentum)·old + momentum·batch.",
  }),
  defineCase<HW1>({
    id: "batchnorm.eval_forward",
    number: "5.3",
    section: "batchnorm",
    title: "BatchNorm1d forward, evaluation mode",
    points: 2,
    sizes,
    inputs: (rng, size) => {
      const C = size.C as number;
      return {
        ...inputs(rng, size),
        runningMean: rng.randn([C]),
        runningVar: rng.uniform(0.25, 4, [C]),
        Zeval: features(rng, size.N as number, C),
      };
    },
    run: ({ hw, inputs, size }) => {
      const bn = layer(hw, inputs, size);
      bn.forward(inputs.Z);
      bn.runningMean = inputs.runningMean;
      bn.runningVar = inputs.runningVar;
      bn.eval();
      return { BZ: bn.forward(inputs.Zeval) };
    },
    failureHint: "In eval mode normalise with runningMean and runningVar (plus eps), not the batch's statistics, and update nothing.",
  }),
  defineCase<HW1>({
    id: "batchnorm.backward",
    number: "5.4",
    section: "batchnorm",
    title: "BatchNorm1d backward: dLdZ",
    points: 4,
    sizes,
    inputs,
    run: ({ hw, inputs, size }) => {
      const bn = layer(hw, inputs, size);
      bn.forward(inputs.Z);
      return { dLdZ: bn.backward(inputs.dLdBZ) };
    },
    failureHint:
      "In training the batch mean and variance depend on Z, so the evaluation formula dLdNZ/√(V + eps) is wrong here: dLdZ = (dLdNZ − mean(dLdNZ) − NZ ⊙ mean(dLdNZ ⊙ NZ)) / √(V + eps), with dLdNZ = dLdBZ ⊙ W.",
  }),
  defineCase<HW1>({
    id: "batchnorm.param_grads",
    number: "5.5",
    section: "batchnorm",
    title: "BatchNorm1d backward: dLdW and dLdb",
    points: 2,
    sizes,
    inputs,
    run: ({ hw, inputs, size }) => {
      const bn = layer(hw, inputs, size);
      bn.forward(inputs.Z);
      bn.backward(inputs.dLdBZ);
      return { dLdW: bn.dLdW as NDArray, dLdb: bn.dLdb as NDArray };
    },
    failureHint: "dLdW = Σₙ dLdBZ ⊙ NZ (the normalised input, not Z) and dLdb = Σₙ dLdBZ, both of shape (C).",
  }),
];

