/**
 * §10 The module tree (bonus; torch.nn.Module's, as CMU 10-414's needle has it). Small nested
 * models: eval() on the outer container must reach a BatchNorm1d and a Dropout two levels
 * down (Y_eval), train() must bring them back (Y_train2), and parameters() must list a layer
 * used at two places once (n, then P, every parameter flattened in order). The Dropout draws
 * from a generator built from `size.seed`; the BatchNorm1d layers are made in the input's
 * dtype (float32 when graded), so the torch oracle, which runs the cases on float64 inputs,
 * compares float64 throughout.
 */
import { concat, Generator, type NDArray } from "#ndarray";
import { defineCase, type CaseSpec } from "../../src/suite.js";
import type { HW1 } from "./types.js";

const section = "module";

/** A Linear with W and b copied from inputs `W<i>`, `b<i>`. */
function linear(hw: HW1, inputs: Readonly<Record<string, NDArray>>, i: number): InstanceType<HW1["Linear"]> {
  const W = inputs[`W${i}`];
  return new hw.Linear(W.shape[1], W.shape[0], { W: W.clone(), b: inputs[`b${i}`].clone() });
}

export const cases: CaseSpec<HW1>[] = [
  defineCase<HW1>({
    id: "module.eval_nested",
    number: "10.1",
    section,
    title: "train()/eval() reach layers inside nested containers",
    points: 2,
    bonus: true,
    sizes: {
      public: [
        { N: 6, C: 3, H: 4, K: 2, p: 0.5, seed: 103 },
        { N: 4, C: 5, H: 3, K: 3, p: 0.2, seed: 104 },
      ],
      hidden: [
        { N: 9, C: 2, H: 6, K: 4, p: 0.3, seed: 10301 },
        { N: 3, C: 4, H: 4, K: 2, p: 0.7, seed: 10302 },
      ],
    },
    inputs: (rng, size) => {
      const [N, C, H, K] = [size.N as number, size.C as number, size.H as number, size.K as number];
      return { X: rng.randn([N, C]).mul(2).add(1), X2: rng.randn([N, C]), W0: rng.randn([H, C]), b0: rng.randn([H]), W1: rng.randn([K, H]), b1: rng.randn([K]) };
    },
    // Sequential([Linear, Sequential([BatchNorm1d, ReLU, Residual(Sequential([Dropout, BatchNorm1d]))]), Linear])
    run: ({ hw, inputs, size }) => {
      const H = size.H as number;
      const opts = { dtype: inputs.X.dtype };
      const deepest = new hw.Sequential([new hw.Dropout(size.p as number, new Generator(size.seed as number)), new hw.BatchNorm1d(H, opts)]);
      const model = new hw.Sequential([linear(hw, inputs, 0), new hw.Sequential([new hw.BatchNorm1d(H, opts), new hw.ReLU(), new hw.Residual(deepest)]), linear(hw, inputs, 1)]);
      const Y_train = model.forward(inputs.X);
      const Y_eval = model.eval().forward(inputs.X2);
      const Y_train2 = model.train().forward(inputs.X);
      return { Y_train, Y_eval, Y_train2 };
    },
    failureHint:
      "modules() must visit the whole tree, not one level: a module, then each child's modules() (a Residual's child is its fn), so that eval() reaches every BatchNorm1d and Dropout however deep (Y_eval) and train() brings them back (Y_train2).",
  }),
  defineCase<HW1>({
    id: "module.parameters_shared",
    number: "10.2",
    section,
    title: "parameters() lists a shared layer once",
    points: 1,
    bonus: true,
    sizes: {
      public: [
        { N: 4, C: 3, K: 2 },
        { N: 6, C: 5, K: 4 },
      ],
      hidden: [
        { N: 1, C: 4, K: 3 },
        { N: 8, C: 2, K: 2 },
      ],
    },
    inputs: (rng, size) => {
      const [N, C, K] = [size.N as number, size.C as number, size.K as number];
      return { X: rng.randn([N, C]), W0: rng.randn([C, C]), b0: rng.randn([C]), W1: rng.randn([K, C]), b1: rng.randn([K]) };
    },
    // The same Linear (W0, b0) twice: at the top and inside a nested Sequential (weight tying).
    run: ({ hw, inputs }) => {
      const shared = linear(hw, inputs, 0);
      const model = new hw.Sequential([shared, new hw.ReLU(), new hw.Sequential([shared, new hw.ReLU()]), linear(hw, inputs, 1)]);
      const Y = model.forward(inputs.X);
      const params = model.parameters();
      return { Y, n: params.length, P: concat(params.map((p) => p.data.reshape([-1]))) };
    },
    failureHint:
      "modules() lists each object once: keep a Set of the modules visited and skip one seen before, so a layer at two places of the tree gives one W and one b (n = 4 here), as torch's parameters().",
  }),
];
