/**
 * §8 Bonus: Dropout2d (channel dropout with the pinned (N, C) mask draw), BatchNorm2d and a
 * ResNet basic block. Dropout2d gets a generator built from `size.seed`, so a student's mask
 * equals the reference's; its forward case runs two forwards to catch a mask drawn once and
 * reused. The ResBlock variants cover both shortcuts: the identity and the projection (by
 * stride, by a change of channels, or both).
 */
import { Generator, type NDArray } from "#ndarray";
import { defineCase, type CaseSpec, type Inputs, type Outputs, type Size } from "../../src/suite.js";
import { num, weights } from "./draw.js";
import type { HW2 } from "./types.js";

function mapShape(size: Size): number[] {
  return ["N", "C", "H", "W"].map((k) => num(size, k));
}

/** (N, C, H, W) with each channel around its own mean and spread, so normalising over the wrong axes fails. */
function featureMaps(rng: Generator, shape: number[]): NDArray {
  const C = shape[1];
  const scale = rng.uniform(0.5, 3, [C]).reshape([1, C, 1, 1]);
  const shift = rng.randn([C]).mul(2).reshape([1, C, 1, 1]);
  return rng.randn(shape).mul(scale).add(shift);
}

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

const resSizes = {
  public: [
    { N: 2, Cin: 2, Cout: 2, H: 5, W: 4, s: 1 },
    { N: 2, Cin: 2, Cout: 3, H: 6, W: 6, s: 2 },
  ],
  hidden: [
    { N: 3, Cin: 3, Cout: 3, H: 4, W: 5, s: 1 },
    { N: 2, Cin: 3, Cout: 2, H: 5, W: 5, s: 1 },
    { N: 2, Cin: 2, Cout: 2, H: 7, W: 6, s: 2 },
  ],
};

/** Whether a ResBlock variant has the projection shortcut. */
function projects(size: Size): boolean {
  return num(size, "s") !== 1 || num(size, "Cin") !== num(size, "Cout");
}

/** The units of a block, by the names its inputs and outputs use. */
const UNITS = ["branch1", "branch2", "projection"] as const;

function resInputs(rng: Generator, size: Size): Record<string, NDArray> {
  const [N, Cin, Cout, H, W, s] = ["N", "Cin", "Cout", "H", "W", "s"].map((k) => num(size, k));
  const Hout = Math.floor((H - 1) / s) + 1;
  const Wout = Math.floor((W - 1) / s) + 1;
  const out: Record<string, NDArray> = {
    A: rng.randn([N, Cin, H, W]),
    branch1W: weights(rng, [Cout, Cin, 3, 3], Cin * 9),
    branch2W: weights(rng, [Cout, Cout, 3, 3], Cout * 9),
  };
  if (projects(size)) out.projectionW = weights(rng, [Cout, Cin, 1, 1], Cin);
  for (const unit of UNITS) {
    if (out[`${unit}W`] === undefined) continue;
    out[`${unit}Gamma`] = rng.uniform(0.5, 1.5, [Cout]);
    out[`${unit}Beta`] = rng.randn([Cout]).mul(0.5);
  }
  out.dLdY = rng.randn([N, Cout, Hout, Wout]);
  return out;
}

function resBlock(hw: HW2, inputs: Inputs, size: Size) {
  const block = new hw.ResBlock(num(size, "Cin"), num(size, "Cout"), num(size, "s"));
  for (const name of UNITS) {
    const unit = block[name];
    if (unit === undefined) continue;
    unit.conv.W = inputs[`${name}W`];
    unit.bn.W = inputs[`${name}Gamma`];
    unit.bn.b = inputs[`${name}Beta`];
  }
  return block;
}

export const cases: CaseSpec<HW2>[] = [
  defineCase<HW2>({
    id: "dropout2d.forward",
    number: "8.1",
    section: "bonus",
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
    number: "8.2",
    section: "bonus",
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
  defineCase<HW2>({
    id: "batchnorm2d.train_forward",
    number: "8.3",
    section: "bonus",
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
    number: "8.4",
    section: "bonus",
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
    number: "8.5",
    section: "bonus",
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
  defineCase<HW2>({
    id: "resblock.forward",
    number: "8.6",
    section: "bonus",
    title: "ResBlock forward",
    points: 2,
    bonus: true,
    sizes: resSizes,
    inputs: resInputs,
    run: ({ hw, inputs, size }) => ({ Y: resBlock(hw, inputs, size).forward(inputs.A) }),
    failureHint: "Y = ReLU(BN(conv(ReLU(BN(conv(A))))) + shortcut(A)): the last ReLU comes AFTER the sum.",
  }),
  defineCase<HW2>({
    id: "resblock.backward",
    number: "8.7",
    section: "bonus",
    title: "ResBlock backward",
    points: 3,
    bonus: true,
    sizes: resSizes,
    inputs: resInputs,
    run: ({ hw, inputs, size }) => {
      const block = resBlock(hw, inputs, size);
      block.forward(inputs.A);
      const out: Outputs = { dLdA: block.backward(inputs.dLdY) };
      for (const name of UNITS) {
        const unit = block[name];
        if (unit === undefined) continue;
        out[`${name}dLdW`] = unit.conv.dLdW as NDArray;
        out[`${name}dLdGamma`] = unit.bn.dLdW as NDArray;
        out[`${name}dLdBeta`] = unit.bn.dLdb as NDArray;
      }
      return out;
    },
    // Two batch norms in float32 put rounding of a few 1e-6 into the weight gradients.
    tolerance: Object.fromEntries(
      ["dLdA", ...UNITS.flatMap((u) => [`${u}dLdW`, `${u}dLdGamma`, `${u}dLdBeta`])].map((name) => [name, { atol: 5e-5, rtol: 1e-4 }]),
    ),
    failureHint: "The sum's gradient goes unchanged into both branches, and dLdA adds what the main branch and the shortcut return.",
  }),
];
