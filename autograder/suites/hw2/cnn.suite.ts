/**
 * §8 The CNN model: forward, and backward with every parameter gradient (dLdW0, dLdb0, …
 * for the convolutions, dLdWl, dLdbl for the Linear layer), so a failure names the first
 * layer that is wrong. The architecture is a variant parameter (`arch`, a key of ARCHS),
 * so depths, kernels, strides, paddings and activations all vary.
 */
import type { Generator, NDArray } from "#ndarray";
import { defineCase, type CaseSpec, type Inputs, type Outputs, type Size } from "../../src/suite.js";
import { convOut, num, weights } from "./draw.js";
import type { HW2 } from "./types.js";

type Activation = "ReLU" | "Tanh" | "Sigmoid";

export interface Arch {
  inChannels: number;
  inSize: [number, number];
  channels: number[];
  kernelSizes: number[];
  strides: number[];
  paddings: number[];
  activations: Activation[];
  outFeatures: number;
}

/** The architectures variants name (autograder/verify/hw2.py repeats this table). */
export const ARCHS: Record<string, Arch> = {
  small: { inChannels: 1, inSize: [8, 8], channels: [3, 4], kernelSizes: [3, 3], strides: [1, 2], paddings: [0, 1], activations: ["ReLU", "Tanh"], outFeatures: 5 },
  wide: { inChannels: 2, inSize: [7, 9], channels: [4], kernelSizes: [3], strides: [2], paddings: [1], activations: ["Sigmoid"], outFeatures: 3 },
  deep: { inChannels: 2, inSize: [9, 7], channels: [4, 3, 2], kernelSizes: [3, 1, 2], strides: [2, 1, 1], paddings: [1, 0, 0], activations: ["Tanh", "ReLU", "Sigmoid"], outFeatures: 4 },
  strided: { inChannels: 3, inSize: [10, 10], channels: [2, 3], kernelSizes: [2, 3], strides: [3, 1], paddings: [0, 1], activations: ["ReLU", "ReLU"], outFeatures: 2 },
};

/** Channels, height and width after every convolution of `arch`: the last entry feeds Flatten. */
function featureSizes(arch: Arch): [number, number, number] {
  let [H, W] = arch.inSize;
  arch.channels.forEach((_, i) => {
    [H, W] = [H, W].map((n) => convOut(n, arch.kernelSizes[i], arch.strides[i], arch.paddings[i]));
  });
  return [arch.channels[arch.channels.length - 1], H, W];
}

function inputs(rng: Generator, size: Size): Record<string, NDArray> {
  const arch = ARCHS[size.arch as string];
  const N = num(size, "N");
  const out: Record<string, NDArray> = { A: rng.randn([N, arch.inChannels, ...arch.inSize]) };
  let C = arch.inChannels;
  arch.channels.forEach((Cout, i) => {
    const K = arch.kernelSizes[i];
    out[`W${i}`] = weights(rng, [Cout, C, K, K], C * K * K);
    out[`b${i}`] = rng.randn([Cout]).mul(0.3);
    C = Cout;
  });
  const features = featureSizes(arch).reduce((a, b) => a * b, 1);
  out.Wl = weights(rng, [arch.outFeatures, features], features);
  out.bl = rng.randn([arch.outFeatures]).mul(0.3);
  out.dLdY = rng.randn([N, arch.outFeatures]);
  return out;
}

/** The model of the variant's architecture with every parameter set from inputs. */
function build(hw: HW2, size: Size, inputs: Inputs) {
  const arch = ARCHS[size.arch as string];
  const model = new hw.CNN({ ...arch, activations: arch.activations.map((a) => new hw[a]()) });
  model.convs.forEach((conv, i) => {
    conv.W = inputs[`W${i}`];
    conv.b = inputs[`b${i}`];
  });
  model.linear.W = inputs.Wl;
  model.linear.b = inputs.bl;
  return model;
}

const sizes = {
  public: [
    { arch: "small", N: 2 },
    { arch: "wide", N: 3 },
  ],
  hidden: [
    { arch: "deep", N: 2 },
    { arch: "strided", N: 1 },
    { arch: "small", N: 4 },
  ],
};

export const cases: CaseSpec<HW2>[] = [
  defineCase<HW2>({
    id: "cnn.forward",
    number: "8.1",
    section: "cnn",
    title: "CNN forward",
    points: 5,
    sizes,
    inputs,
    run: ({ hw, inputs, size }) => ({ Y: build(hw, size, inputs).forward(inputs.A) }),
    failureHint: "Each convolution, then its activation; Flatten after the last one; the Linear layer last, with no activation after it.",
  }),
  defineCase<HW2>({
    id: "cnn.backward",
    number: "8.2",
    section: "cnn",
    title: "CNN backward",
    points: 7,
    sizes,
    inputs,
    run: ({ hw, inputs, size }) => {
      const model = build(hw, size, inputs);
      model.forward(inputs.A);
      const out: Outputs = { dLdA: model.backward(inputs.dLdY) };
      model.convs.forEach((conv, i) => {
        out[`dLdW${i}`] = conv.dLdW as NDArray;
        out[`dLdb${i}`] = conv.dLdb as NDArray;
      });
      out.dLdWl = model.linear.dLdW as NDArray;
      out.dLdbl = model.linear.dLdb as NDArray;
      return out;
    },
    failureHint: "The exact reverse of forward: Linear, Flatten, then for the last convolution first: its activation's backward, then the convolution's.",
  }),
];
