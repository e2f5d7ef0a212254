/**
 * §1 Resampling: Downsample1d, Upsample2d and Downsample2d, forward and backward, one case
 * each. (Upsample1d is the worked example and is not graded.) Lengths include odd ones and
 * ones that the factor does not divide, where ⌈W/k⌉ and ⌊W/k⌋ differ and where Downsample's
 * backward must remember the input length; factor 1 (the identity) is checked too.
 */
import type { Generator, NDArray } from "#ndarray";
import { defineCase, type CaseSpec, type Size } from "../../src/suite.js";
import { num } from "./draw.js";
import type { HW2 } from "./types.js";

const up = (n: number, k: number) => k * (n - 1) + 1;
const down = (n: number, k: number) => Math.ceil(n / k);

function inputs1d(rng: Generator, size: Size): Record<string, NDArray> {
  const [N, C, W, k] = [num(size, "N"), num(size, "C"), num(size, "W"), num(size, "k")];
  return { A: rng.randn([N, C, W]), dLdZ: rng.randn([N, C, down(W, k)]) };
}

function inputs2d(outSize: (n: number, k: number) => number) {
  return (rng: Generator, size: Size): Record<string, NDArray> => {
    const [N, C, H, W, k] = [num(size, "N"), num(size, "C"), num(size, "H"), num(size, "W"), num(size, "k")];
    return { A: rng.randn([N, C, H, W]), dLdZ: rng.randn([N, C, outSize(H, k), outSize(W, k)]) };
  };
}

const sizes1d = {
  public: [
    { N: 2, C: 3, W: 8, k: 2 },
    { N: 1, C: 2, W: 7, k: 3 },
  ],
  hidden: [
    { N: 3, C: 1, W: 9, k: 2 },
    { N: 2, C: 4, W: 5, k: 1 },
    { N: 1, C: 2, W: 12, k: 5 },
  ],
};

const sizes2d = {
  public: [
    { N: 2, C: 2, H: 4, W: 6, k: 2 },
    { N: 1, C: 3, H: 5, W: 3, k: 3 },
  ],
  hidden: [
    { N: 2, C: 1, H: 7, W: 4, k: 2 },
    { N: 1, C: 2, H: 3, W: 3, k: 1 },
    { N: 3, C: 2, H: 6, W: 9, k: 4 },
  ],
};

export const cases: CaseSpec<HW2>[] = [
  defineCase<HW2>({
    id: "resampling.downsample1d_forward",
    number: "1.1",
    section: "resampling",
    title: "Downsample1d forward",
    points: 2,
    sizes: sizes1d,
    inputs: inputs1d,
    run: ({ hw, inputs, size }) => ({ Z: new hw.Downsample1d(num(size, "k")).forward(inputs.A) }),
    failureHint: "Keep positions 0, k, 2k, … of the last axis (starting at 0, not at k − 1): ⌈W/k⌉ of them, the first one included.",
  }),
  defineCase<HW2>({
    id: "resampling.downsample1d_backward",
    number: "1.2",
    section: "resampling",
    title: "Downsample1d backward",
    points: 2,
    sizes: sizes1d,
    inputs: inputs1d,
    run: ({ hw, inputs, size }) => {
      const layer = new hw.Downsample1d(num(size, "k"));
      layer.forward(inputs.A);
      return { dLdA: layer.backward(inputs.dLdZ) };
    },
    failureHint: "dLdA has the INPUT's length, cached in forward (not k·Wout, which differs when k does not divide W): dLdZ goes back to positions 0, k, 2k, …, zeros elsewhere.",
  }),
  defineCase<HW2>({
    id: "resampling.upsample2d_forward",
    number: "1.3",
    section: "resampling",
    title: "Upsample2d forward",
    points: 2,
    sizes: sizes2d,
    inputs: inputs2d(up),
    run: ({ hw, inputs, size }) => ({ Z: new hw.Upsample2d(num(size, "k")).forward(inputs.A) }),
    failureHint: "Both H and W grow to k·(n − 1) + 1, not k·n: k − 1 zeros between neighbours, no trailing zeros after the last.",
  }),
  defineCase<HW2>({
    id: "resampling.upsample2d_backward",
    number: "1.4",
    section: "resampling",
    title: "Upsample2d backward",
    points: 2,
    sizes: sizes2d,
    inputs: inputs2d(up),
    run: ({ hw, inputs, size }) => {
      const layer = new hw.Upsample2d(num(size, "k"));
      layer.forward(inputs.A);
      return { dLdA: layer.backward(inputs.dLdZ) };
    },
    failureHint: "Read dLdZ at rows and columns 0, k, 2k, …: the inserted zeros pass no gradient back.",
  }),
  defineCase<HW2>({
    id: "resampling.downsample2d_forward",
    number: "1.5",
    section: "resampling",
    title: "Downsample2d forward",
    points: 2,
    sizes: sizes2d,
    inputs: inputs2d(down),
    run: ({ hw, inputs, size }) => ({ Z: new hw.Downsample2d(num(size, "k")).forward(inputs.A) }),
    failureHint: "Keep every k-th row AND every k-th column, starting at 0: ⌈H/k⌉ × ⌈W/k⌉.",
  }),
  defineCase<HW2>({
    id: "resampling.downsample2d_backward",
    number: "1.6",
    section: "resampling",
    title: "Downsample2d backward",
    points: 2,
    sizes: sizes2d,
    inputs: inputs2d(down),
    run: ({ hw, inputs, size }) => {
      const layer = new hw.Downsample2d(num(size, "k"));
      layer.forward(inputs.A);
      return { dLdA: layer.backward(inputs.dLdZ) };
    },
    failureHint: "dLdA has the input's H and W (cache both in forward); dLdZ goes to rows and columns 0, k, 2k, ….",
  }),
];
