/**
 * §2 Linear layer: Z = A·Wᵀ + b and its three gradients, one case each, so a missing
 * transpose in dLdW or a forgotten dLdb costs exactly one test. The public shapes are
 * rectangular (Cin ≠ Cout), so a transposed result fails on its shape; the values are
 * checked too, so a transpose whose shape happens to fit fails on them. `linear.init`
 * checks the pinned draw order of the PyTorch-style initialisation (W first, then b).
 */
import { Generator, type NDArray } from "#ndarray";
import { defineCase, type CaseSpec, type Size } from "../../src/suite.js";
import type { HW1 } from "./types.js";

/** A, W, b for a forward() and the upstream gradient dLdZ for backward(). */
function inputs(rng: Generator, size: Size): Record<string, NDArray> {
  const [N, Cin, Cout] = [size.N as number, size.Cin as number, size.Cout as number];
  return {
    A: rng.randn([N, Cin]),
    W: rng.randn([Cout, Cin]),
    b: rng.randn([Cout]),
    dLdZ: rng.randn([N, Cout]),
  };
}

const sizes = {
  public: [
    { N: 4, Cin: 3, Cout: 2 },
    { N: 8, Cin: 5, Cout: 7 },
  ],
  hidden: [
    { N: 1, Cin: 6, Cout: 4 },
    { N: 13, Cin: 16, Cout: 9 },
    { N: 5, Cin: 6, Cout: 6 },
  ],
};

export const cases: CaseSpec<HW1>[] = [
  defineCase<HW1>({
    id: "linear.init",
    number: "2.1",
    section: "linear",
    title: "Linear initialisation from a Generator",
    points: 1,
    sizes: {
      public: [
        { Cin: 3, Cout: 2, seed: 11 },
        { Cin: 8, Cout: 5, seed: 12 },
      ],
      hidden: [
        { Cin: 1, Cout: 4, seed: 913 },
        { Cin: 16, Cout: 9, seed: 914 },
      ],
    },
    // The draws come from the generator built from size.seed, not from inputs: nothing to send.
    inputs: () => ({}),
    run: ({ hw, size }) => {
      const layer = new hw.Linear(size.Cin as number, size.Cout as number, { rng: new Generator(size.seed as number) });
      return { W: layer.W, b: layer.b };
    },
    failureHint: "Draw W ~ U(−k, k) of shape (Cout, Cin) first, then b ~ U(−k, k) of shape (Cout), with k = 1/√Cin.",
  }),
  defineCase<HW1>({
    id: "linear.forward",
    number: "2.2",
    section: "linear",
    title: "Linear forward",
    points: 3,
    sizes,
    inputs,
    run: ({ hw, inputs: { A, W, b } }) => {
      const layer = new hw.Linear(W.shape[1], W.shape[0], { W, b });
      return { Z: layer.forward(A) };
    },
    failureHint: "Z = A·Wᵀ + b with W of shape (Cout, Cin); b broadcasts over the batch axis.",
  }),
  defineCase<HW1>({
    id: "linear.backward_input",
    number: "2.3",
    section: "linear",
    title: "Linear backward: dLdA",
    points: 3,
    sizes,
    inputs,
    run: ({ hw, inputs: { A, W, b, dLdZ } }) => {
      const layer = new hw.Linear(W.shape[1], W.shape[0], { W, b });
      layer.forward(A);
      return { dLdA: layer.backward(dLdZ) };
    },
    failureHint: "dLdA = dLdZ·W, shape (N, Cin): W itself here, not its transpose; no division by N.",
  }),
  defineCase<HW1>({
    id: "linear.backward_weight",
    number: "2.4",
    section: "linear",
    title: "Linear backward: dLdW",
    points: 3,
    sizes,
    inputs,
    run: ({ hw, inputs: { A, W, b, dLdZ } }) => {
      const layer = new hw.Linear(W.shape[1], W.shape[0], { W, b });
      layer.forward(A);
      layer.backward(dLdZ);
      return { dLdW: layer.dLdW as NDArray };
    },
    failureHint: "dLdW is dLdZᵀ·A, shape (Cout, Cin) like W — not Aᵀ·dLdZ; and no division by N: averaging over the batch is the loss's job, already inside dLdZ.",
  }),
  defineCase<HW1>({
    id: "linear.backward_bias",
    number: "2.5",
    section: "linear",
    title: "Linear backward: dLdb",
    points: 3,
    sizes,
    inputs,
    run: ({ hw, inputs: { A, W, b, dLdZ } }) => {
      const layer = new hw.Linear(W.shape[1], W.shape[0], { W, b });
      layer.forward(A);
      layer.backward(dLdZ);
      return { dLdb: layer.dLdb as NDArray };
    },
    failureHint: "dLdb sums dLdZ over the batch axis (axis 0): shape (Cout), not (N, Cout); no division by N; backward() must store it on the layer.",
  }),
];
