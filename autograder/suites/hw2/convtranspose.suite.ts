/**
 * §4 Transposed convolutions, as torch.nn.ConvTranspose1d/2d with weights (in, out, k…).
 * Cin ≠ Cout in the init variants, so a bound computed from Cin instead of PyTorch's
 * fan_in = Cout·K… fails. The sizes checked include stride larger than the kernel (zeros
 * between the scattered kernels), a 1-wide kernel, padding of K − 1 or more (pure
 * cropping).
 */
import { Generator, type NDArray } from "#ndarray";
import { defineCase, type CaseSpec, type Inputs, type Size } from "../../src/suite.js";
import { convTransposeOut, num, weights } from "./draw.js";
import type { HW2 } from "./types.js";

/** Public and hidden variants of a case. */
type Sizes = { public: Size[]; hidden: Size[] };

function inputs(dim: 1 | 2) {
  return (rng: Generator, size: Size): Record<string, NDArray> => {
    const [N, Cin, Cout, K, s, p] = ["N", "Cin", "Cout", "K", "s", "p"].map((k) => num(size, k));
    const inSize = dim === 1 ? [num(size, "L")] : [num(size, "H"), num(size, "W")];
    const kernel = new Array<number>(dim).fill(K);
    return {
      A: rng.randn([N, Cin, ...inSize]),
      W: weights(rng, [Cin, Cout, ...kernel], Cin),
      b: rng.randn([Cout]).mul(0.5),
      dLdZ: rng.randn([N, Cout, ...inSize.map((n) => convTransposeOut(n, K, s, p))]),
    };
  };
}

function layer(hw: HW2, dim: 1 | 2, { W, b }: Inputs, size: Size) {
  const Layer = dim === 1 ? hw.ConvTranspose1d : hw.ConvTranspose2d;
  return new Layer(W.shape[0], W.shape[1], W.shape[2], { W, b, stride: num(size, "s"), padding: num(size, "p") });
}

/**
 * The first 1-d variant has Cin = Cout, so a kernel flipped but not swapped (or swapped but
 * not flipped) has the right shape and fails on values; the last has p ≥ K, where padding
 * by K − 1 − p instead of padding by K − 1 and cropping p is negative.
 */
const sizes1d: Sizes = {
  public: [
    { N: 2, Cin: 3, Cout: 3, L: 5, K: 3, s: 2, p: 1 },
    { N: 2, Cin: 3, Cout: 4, L: 5, K: 3, s: 2, p: 1 },
    { N: 1, Cin: 2, Cout: 3, L: 4, K: 4, s: 3, p: 0 },
    { N: 1, Cin: 2, Cout: 3, L: 6, K: 2, s: 3, p: 2 },
  ],
  hidden: [
    { N: 2, Cin: 3, Cout: 2, L: 6, K: 2, s: 3, p: 0 },
    { N: 1, Cin: 4, Cout: 3, L: 5, K: 1, s: 2, p: 0 },
    { N: 3, Cin: 2, Cout: 5, L: 4, K: 3, s: 1, p: 2 },
    { N: 1, Cin: 1, Cout: 2, L: 6, K: 2, s: 3, p: 2 },
  ],
};

const sizes2d: Sizes = {
  public: [
    { N: 1, Cin: 2, Cout: 3, H: 3, W: 4, K: 3, s: 2, p: 1 },
    { N: 2, Cin: 3, Cout: 2, H: 4, W: 3, K: 2, s: 2, p: 0 },
  ],
  hidden: [
    { N: 1, Cin: 2, Cout: 2, H: 3, W: 3, K: 2, s: 3, p: 0 },
    { N: 2, Cin: 1, Cout: 3, H: 4, W: 4, K: 1, s: 2, p: 0 },
    { N: 1, Cin: 3, Cout: 2, H: 3, W: 5, K: 3, s: 1, p: 2 },
  ],
};

function forwardCase(dim: 1 | 2, number: string, points: number, sizes: Sizes): CaseSpec<HW2> {
  return defineCase<HW2>({
    id: `convtranspose.${dim}d_forward`,
    number,
    section: "convtranspose",
    title: `ConvTranspose${dim}d forward`,
    points,
    sizes,
    inputs: inputs(dim),
    run: ({ hw, inputs, size }) => ({ Z: layer(hw, dim, inputs, size).forward(inputs.A) }),
    failureHint: "Upsample by s, pad by K − 1 (not K − 1 − p, which is negative when p ≥ K), convolve with W's in/out axes swapped AND the kernel flipped (neither alone), then crop p from each end.",
  });
}

function backwardInputCase(dim: 1 | 2, number: string, points: number, sizes: Sizes): CaseSpec<HW2> {
  return defineCase<HW2>({
    id: `convtranspose.${dim}d_backward_input`,
    number,
    section: "convtranspose",
    title: `ConvTranspose${dim}d backward: dLdA`,
    points,
    sizes,
    inputs: inputs(dim),
    run: ({ hw, inputs, size }) => {
      const l = layer(hw, dim, inputs, size);
      l.forward(inputs.A);
      return { dLdA: l.backward(inputs.dLdZ) };
    },
    failureHint: "Reverse the forward's steps: re-pad the cropped p, the stride-1 backward, cut the K − 1 padding, then Upsample's backward.",
  });
}

function backwardParamsCase(dim: 1 | 2, number: string, points: number, sizes: Sizes): CaseSpec<HW2> {
  return defineCase<HW2>({
    id: `convtranspose.${dim}d_backward_params`,
    number,
    section: "convtranspose",
    title: `ConvTranspose${dim}d backward: dLdW and dLdb`,
    points,
    sizes,
    inputs: inputs(dim),
    run: ({ hw, inputs, size }) => {
      const l = layer(hw, dim, inputs, size);
      l.forward(inputs.A);
      l.backward(inputs.dLdZ);
      return { dLdW: l.dLdW as NDArray, dLdb: l.dLdb as NDArray };
    },
    failureHint: "dLdW has W's layout (Cin, Cout, K…): swap the stride-1 layer's gradient axes back and flip it back.",
  });
}

export const cases: CaseSpec<HW2>[] = [
  defineCase<HW2>({
    id: "convtranspose.1d_init",
    number: "4.1",
    section: "convtranspose",
    title: "ConvTranspose1d initialisation from a Generator",
    points: 1,
    sizes: {
      public: [
        { Cin: 3, Cout: 2, K: 3, seed: 41 },
        { Cin: 2, Cout: 5, K: 2, seed: 42 },
      ],
      hidden: [
        { Cin: 6, Cout: 1, K: 4, seed: 4101 },
        { Cin: 1, Cout: 3, K: 1, seed: 4102 },
      ],
    },
    inputs: () => ({}),
    run: ({ hw, size }) => {
      const l = new hw.ConvTranspose1d(num(size, "Cin"), num(size, "Cout"), num(size, "K"), { rng: new Generator(num(size, "seed")) });
      return { W: l.W, b: l.b };
    },
    failureHint: "W has shape (Cin, Cout, K), not a Conv's (Cout, Cin, K); PyTorch's fan_in for a transposed conv is Cout·K (not Cin·K), so k = 1/√(Cout·K). W first, then b.",
  }),
  forwardCase(1, "4.2", 3, sizes1d),
  backwardInputCase(1, "4.3", 2, sizes1d),
  backwardParamsCase(1, "4.4", 2, sizes1d),
  forwardCase(2, "4.5", 2, sizes2d),
  backwardInputCase(2, "4.6", 2, sizes2d),
  backwardParamsCase(2, "4.7", 2, sizes2d),
];
