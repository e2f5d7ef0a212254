/**
 * §7 Models: MLP0, MLP1 and MLP4 (Linear/ReLU stacks of fixed widths), forward and
 * backward, with every Linear's W and b set from inputs. The backward cases return the
 * gradient for the model's input and every layer's dLdW/dLdb (dLdW0, dLdb0, …), so a
 * failure names the first layer whose gradient is wrong.
 *
 * The bonus case trains a small network with BatchNorm1d and Dropout for a few steps with
 * Adam on CrossEntropyLoss, then evaluates it: every piece of hw1 working together.
 */
import { Generator, stack, type NDArray } from "#ndarray";
import { defineCase, type CaseSpec, type Inputs, type Outputs, type Size } from "../../src/suite.js";
import type { HW1 } from "./types.js";

type ModelName = "MLP0" | "MLP1" | "MLP4";

/** The layer widths each model is built with (models.ts): input first, output last. */
const WIDTHS: Record<ModelName, readonly number[]> = {
  MLP0: [2, 3],
  MLP1: [2, 3, 2],
  MLP4: [2, 4, 8, 8, 4, 2],
};

function modelInputs(widths: readonly number[]) {
  return (rng: Generator, size: Size): Record<string, NDArray> => {
    const N = size.N as number;
    const out: Record<string, NDArray> = { A: rng.randn([N, widths[0]]) };
    for (let l = 0; l + 1 < widths.length; l++) {
      out[`W${l}`] = rng.randn([widths[l + 1], widths[l]]);
      out[`b${l}`] = rng.randn([widths[l + 1]]);
    }
    out.dLdY = rng.randn([N, widths[widths.length - 1]]);
    return out;
  };
}

/** The model with its Linear layers' W and b taken from inputs W0, b0, W1, … */
function buildModel(hw: HW1, name: ModelName, inputs: Inputs) {
  const model = new hw[name]();
  model.linears.forEach((layer, l) => {
    layer.W = inputs[`W${l}`];
    layer.b = inputs[`b${l}`];
  });
  return model;
}

const modelSizes = {
  public: [{ N: 4 }, { N: 7 }],
  hidden: [{ N: 1 }, { N: 13 }, { N: 16 }],
};

function modelCases(name: ModelName, id: string, numbers: [string, string], points: [number, number]): CaseSpec<HW1>[] {
  const inputs = modelInputs(WIDTHS[name]);
  const layers = WIDTHS[name].length - 1;
  return [
    defineCase<HW1>({
      id: `${id}.forward`,
      number: numbers[0],
      section: "models",
      title: `${name} forward`,
      points: points[0],
      sizes: modelSizes,
      inputs,
      run: ({ hw, inputs }) => ({ Y: buildModel(hw, name, inputs).forward(inputs.A) }),
      failureHint: "Apply the layers in order, feeding each layer's output to the next.",
    }),
    defineCase<HW1>({
      id: `${id}.backward`,
      number: numbers[1],
      section: "models",
      title: `${name} backward`,
      points: points[1],
      sizes: modelSizes,
      inputs,
      run: ({ hw, inputs }) => {
        const model = buildModel(hw, name, inputs);
        model.forward(inputs.A);
        const out: Outputs = { dLdA: model.backward(inputs.dLdY) };
        for (let l = 0; l < layers; l++) {
          out[`dLdW${l}`] = model.linears[l].dLdW as NDArray;
          out[`dLdb${l}`] = model.linears[l].dLdb as NDArray;
        }
        return out;
      },
      failureHint: "Walk the layers from the last to the first, passing each backward() result to the layer before it.",
    }),
  ];
}

export const cases: CaseSpec<HW1>[] = [
  ...modelCases("MLP0", "mlp0", ["7.1", "7.2"], [2, 2]),
  ...modelCases("MLP1", "mlp1", ["7.3", "7.4"], [2, 2]),
  ...modelCases("MLP4", "mlp4", ["7.5", "7.6"], [3, 4]),
  defineCase<HW1>({
    id: "models.train_steps",
    number: "7.7",
    section: "models",
    title: "Training an MLP with BatchNorm1d and Dropout by Adam",
    points: 5,
    bonus: true,
    sizes: {
      public: [
        { N: 8, Cin: 4, H: 8, C: 3, p: 0.2, lr: 0.01, steps: 3, seed: 71 },
        { N: 12, Cin: 6, H: 10, C: 5, p: 0.5, lr: 0.05, steps: 3, seed: 72 },
      ],
      hidden: [
        { N: 16, Cin: 3, H: 16, C: 4, p: 0.3, lr: 0.02, steps: 4, seed: 7101 },
        { N: 5, Cin: 7, H: 6, C: 2, p: 0.1, lr: 0.01, steps: 3, seed: 7102 },
      ],
    },
    inputs: (rng, size) => {
      const [N, Cin, H, C] = [size.N as number, size.Cin as number, size.H as number, size.C as number];
      const widths = [Cin, H, H, C];
      const out: Record<string, NDArray> = {
        A: rng.randn([N, Cin]).mul(2).add(1),
        Y: rng.randint(0, C, [N], { dtype: "int32" }),
        bnW: rng.uniform(0.5, 1.5, [Cin]),
        bnb: rng.randn([Cin]).mul(0.1),
      };
      for (let l = 0; l < 3; l++) {
        const k = 1 / Math.sqrt(widths[l]);
        out[`W${l}`] = rng.uniform(-k, k, [widths[l + 1], widths[l]]);
        out[`b${l}`] = rng.uniform(-k, k, [widths[l + 1]]);
      }
      return out;
    },
    run: ({ hw, inputs, size }) => {
      const [Cin, H, C] = [size.Cin as number, size.H as number, size.C as number];
      // BatchNorm sits on the input: right after a Linear it would make that Linear's dLdb
      // zero up to rounding, and Adam (which divides by √v̂) would turn the rounding into
      // full-size steps. As it is, the default tolerance holds with a wide margin.
      const bn = new hw.BatchNorm1d(Cin);
      bn.W = inputs.bnW;
      bn.b = inputs.bnb;
      const linear = (l: number, cin: number, cout: number) => new hw.Linear(cin, cout, { W: inputs[`W${l}`], b: inputs[`b${l}`] });
      const model = new hw.Sequential([
        bn,
        linear(0, Cin, H),
        new hw.ReLU(),
        new hw.Dropout(size.p as number, new Generator(size.seed as number)),
        linear(1, H, H),
        new hw.ReLU(),
        linear(2, H, C),
      ]);
      const loss = new hw.CrossEntropyLoss();
      const opt = new hw.Adam(model.parameters(), { lr: size.lr as number });
      const losses: NDArray[] = [];
      for (let t = 0; t < (size.steps as number); t++) {
        losses.push(loss.forward(model.forward(inputs.A), inputs.Y));
        model.backward(loss.backward());
        opt.step();
      }
      const Y_eval = model.eval().forward(inputs.A);
      const out: Outputs = { L: stack(losses), bnW: bn.W, bnb: bn.b, Y_eval };
      model.linears.forEach((layer, l) => {
        out[`W${l}`] = layer.W;
        out[`b${l}`] = layer.b;
      });
      return out;
    },
    failureHint:
      "If the single-layer cases pass, look at the glue: parameters() must list BatchNorm1d's W and b too, and eval() must reach every layer.",
  }),
];
