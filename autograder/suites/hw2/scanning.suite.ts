/**
 * §7 CNN as a scanning MLP. Both models get the same random MLP weights (PyTorch layout,
 * (out, in)); the weights cases check the converted Conv1d weights and biases, the forward
 * cases the scanned output Y (N, 4, T). Series lengths vary, including ones the stride does
 * not divide and the shortest possible (L = 8, one window).
 */
import type { Generator, NDArray } from "#ndarray";
import { defineCase, type CaseSpec, type Inputs, type Outputs, type Size } from "../../src/suite.js";
import { num, weights } from "./draw.js";
import type { HW2 } from "./types.js";

type Model = "SimpleScanningMLP" | "DistributedScanningMLP";

function inputs(rng: Generator, size: Size): Record<string, NDArray> {
  return {
    A: rng.randn([num(size, "N"), 24, num(size, "L")]),
    W1: weights(rng, [8, 192], 48),
    b1: rng.randn([8]).mul(0.5),
    W2: weights(rng, [16, 8], 4),
    b2: rng.randn([16]).mul(0.5),
    W3: weights(rng, [4, 16], 16),
    b3: rng.randn([4]).mul(0.5),
  };
}

function model(hw: HW2, name: Model, inputs: Inputs) {
  const m = new hw[name]();
  m.initWeights({ W: [inputs.W1, inputs.W2, inputs.W3], b: [inputs.b1, inputs.b2, inputs.b3] });
  return m;
}

const sizes = {
  public: [
    { N: 1, L: 24 },
    { N: 2, L: 31 },
  ],
  hidden: [
    { N: 3, L: 8 },
    { N: 1, L: 45 },
    { N: 2, L: 36 },
  ],
};

function weightsCase(name: Model, id: string, number: string, hint: string): CaseSpec<HW2> {
  return defineCase<HW2>({
    id,
    number,
    section: "scanning",
    title: `${name}: Conv1d weights from the MLP's`,
    points: 3,
    sizes,
    inputs,
    run: ({ hw, inputs }) => {
      const out: Outputs = {};
      model(hw, name, inputs).convs.forEach((conv, i) => {
        out[`conv${i + 1}W`] = conv.W;
        out[`conv${i + 1}b`] = conv.b;
      });
      return out;
    },
    failureHint: hint,
  });
}

function forwardCase(name: Model, id: string, number: string): CaseSpec<HW2> {
  return defineCase<HW2>({
    id,
    number,
    section: "scanning",
    title: `${name} forward`,
    points: 3,
    sizes,
    inputs,
    run: ({ hw, inputs }) => ({ Y: model(hw, name, inputs).forward(inputs.A) }),
    failureHint: "If the weights case passes, check the chain: conv1, ReLU, conv2, ReLU, conv3, with no ReLU after the last convolution.",
  });
}

export const cases: CaseSpec<HW2>[] = [
  weightsCase(
    "SimpleScanningMLP",
    "scanning.simple_weights",
    "7.1",
    "The MLP's input is time-major (index t·24 + c): reshape W1 to (8, 8, 24) = (out, t, c), then swap the last two axes to (out, c, t).",
  ),
  forwardCase("SimpleScanningMLP", "scanning.simple_forward", "7.2"),
  weightsCase(
    "DistributedScanningMLP",
    "scanning.distributed_weights",
    "7.3",
    "Use only the first block of each weight (W1[0:2, 0:48], W2[0:8, 0:4], W3[0:4, 0:16]) and convert it as in the simple model.",
  ),
  forwardCase("DistributedScanningMLP", "scanning.distributed_forward", "7.4"),
];
