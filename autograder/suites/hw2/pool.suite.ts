/**
 * §6 Pooling: MaxPool2d and MeanPool2d (torch's MaxPool2d/AvgPool2d, no padding), the
 * stride-1 layers and the strided ones, forward and backward apart. Max-pool inputs are
 * drawn with all values distinct, so no window holds a tie. The sizes checked include a
 * 1×1 window, stride larger than the window (inputs skipped entirely) and stride 1 on the
 * strided layer (overlapping windows, where gradients must add up).
 */
import type { Generator, NDArray } from "#ndarray";
import { defineCase, type CaseSpec, type Outputs, type Size } from "../../src/suite.js";
import { convOut, distinct, num } from "./draw.js";
import type { HW2 } from "./types.js";

type PoolKind = "max" | "mean";

function inputs(rng: Generator, size: Size): Record<string, NDArray> {
  const [N, C, H, W, K] = ["N", "C", "H", "W", "K"].map((k) => num(size, k));
  const s = num(size, "s") ?? 1;
  return { A: distinct(rng, [N, C, H, W]), dLdZ: rng.randn([N, C, convOut(H, K, s), convOut(W, K, s)]) };
}

/** The layer a variant asks for: stride-1 when its size has no `s`. */
function pool(hw: HW2, kind: PoolKind, size: Size) {
  const K = num(size, "K");
  if (size.s === undefined) return kind === "max" ? new hw.MaxPool2dStride1(K) : new hw.MeanPool2dStride1(K);
  return kind === "max" ? new hw.MaxPool2d(K, num(size, "s")) : new hw.MeanPool2d(K, num(size, "s"));
}

const stride1Sizes = {
  public: [
    { N: 1, C: 3, H: 5, W: 6, K: 2 },
    { N: 2, C: 2, H: 5, W: 4, K: 2 },
    { N: 1, C: 3, H: 6, W: 6, K: 3 },
  ],
  hidden: [
    { N: 2, C: 1, H: 4, W: 5, K: 1 },
    { N: 1, C: 2, H: 7, W: 6, K: 4 },
    { N: 3, C: 2, H: 3, W: 3, K: 3 },
  ],
};

const stridedSizes = {
  public: [
    { N: 2, C: 2, H: 6, W: 6, K: 2, s: 2 },
    { N: 1, C: 3, H: 7, W: 5, K: 3, s: 2 },
  ],
  hidden: [
    { N: 2, C: 1, H: 9, W: 8, K: 2, s: 3 },
    { N: 1, C: 2, H: 5, W: 5, K: 1, s: 1 },
    { N: 3, C: 2, H: 8, W: 7, K: 3, s: 1 },
  ],
};

interface PoolCase {
  kind: PoolKind;
  stride1: boolean;
  pass: "forward" | "backward";
  number: string;
  points: number;
  hint: string;
}

function poolCase(c: PoolCase): CaseSpec<HW2> {
  const name = `${c.kind === "max" ? "MaxPool2d" : "MeanPool2d"}${c.stride1 ? "Stride1" : ""}`;
  return defineCase<HW2>({
    id: `pool.${c.kind}_${c.stride1 ? "stride1_" : ""}${c.pass}`,
    number: c.number,
    section: "pool",
    title: `${name} ${c.pass}`,
    points: c.points,
    sizes: c.stride1 ? stride1Sizes : stridedSizes,
    inputs,
    run: ({ hw, inputs, size }) => {
      const layer = pool(hw, c.kind, size);
      const Z = layer.forward(inputs.A);
      const out: Outputs = c.pass === "forward" ? { Z } : { dLdA: layer.backward(inputs.dLdZ) };
      return out;
    },
    failureHint: c.hint,
  });
}

export const cases: CaseSpec<HW2>[] = [
  poolCase({ kind: "max", stride1: true, pass: "forward", number: "6.1", points: 2, hint: "Z[n, c, i, j] is the largest value of the K×K window whose top-left corner is (i, j)." }),
  poolCase({
    kind: "max",
    stride1: true,
    pass: "backward",
    number: "6.2",
    points: 2,
    hint: "Each dLdZ[n, c, i, j] goes only to the arg-max of its window; overlapping windows ADD their contributions (iadd, not assign: assigning overwrites the neighbour's).",
  }),
  poolCase({ kind: "max", stride1: false, pass: "forward", number: "6.3", points: 1, hint: "MaxPool2dStride1, then Downsample2d(stride): ⌊(H − K)/s⌋ + 1 rows." }),
  poolCase({ kind: "max", stride1: false, pass: "backward", number: "6.4", points: 2, hint: "Downsample2d's backward first, then the stride-1 pool's backward." }),
  poolCase({ kind: "mean", stride1: true, pass: "forward", number: "6.5", points: 1, hint: "Z[n, c, i, j] is the mean (sum / K²) of the K×K window at (i, j)." }),
  poolCase({
    kind: "mean",
    stride1: true,
    pass: "backward",
    number: "6.6",
    points: 2,
    hint: "Each position of a window gets dLdZ / K² — averaged, not summed — and overlapping windows add up (iadd, not assign).",
  }),
  poolCase({ kind: "mean", stride1: false, pass: "forward", number: "6.7", points: 1, hint: "MeanPool2dStride1, then Downsample2d(stride)." }),
  poolCase({ kind: "mean", stride1: false, pass: "backward", number: "6.8", points: 1, hint: "Downsample2d's backward first, then the stride-1 pool's backward." }),
];
