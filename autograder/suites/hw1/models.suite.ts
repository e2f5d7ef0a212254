/**
 * §7 Models: MLP0, MLP1 and MLP4 (Linear/ReLU stacks of fixed widths), forward and
 * backward, with every Linear's W and b set from inputs. The backward cases return every
 * Linear's dLdW/dLdb from the model's output back (dLdW4, dLdb4, …, dLdW0, dLdb0), then the
 * gradient for the model's input, so the first failure listed is the layer nearest the
 * output whose gradient is wrong: the mistake is in that Linear or in a layer after it.
 * Both cases also check that the model's list of layers is the same afterwards (a
 * `this.layers.reverse()` in backward() reverses it in place).
 *
 * The bonus case trains a small network with BatchNorm1d and Dropout for a few steps with
 * Adam on CrossEntropyLoss, then evaluates it: every piece of hw1 working together.
 */
import { Generator, stack, type NDArray } from "#ndarray";
import { checkLayersUnchanged } from "../../src/rules.js";
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
      run: ({ hw, inputs }) => {
        const model = buildModel(hw, name, inputs);
        const layers = [...model.layers];
        const Y = model.forward(inputs.A);
        checkLayersUnchanged(layers, model.layers);
        return { Y };
      },
      failureHint: "Apply the layers in order, feeding each layer's output to the next (if a §1 or §2 forward test fails, fix that first).",
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
        const [layerList, linears] = [[...model.layers], model.linears];
        model.forward(inputs.A);
        const dLdA = model.backward(inputs.dLdY);
        checkLayersUnchanged(layerList, model.layers);
        const out: Outputs = {};
        for (let l = layers - 1; l >= 0; l--) {
          out[`dLdW${l}`] = linears[l].dLdW as NDArray;
          out[`dLdb${l}`] = linears[l].dLdb as NDArray;
        }
        out.dLdA = dLdA;
        return out;
      },
      failureHint:
        "The gradients are listed from the model's output back: the first wrong one, dLdWl, points at Linear l or a layer after it (if relu.backward or a linear.backward_* test fails, fix that first). Walk the layers from the last to the first by index, handing each layer the gradient the one after it returned (not the original dLdA).",
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
      bn.W = inputs.bnW.clone();
      bn.b = inputs.bnb.clone();
      // The optimiser updates the weights in place: the layers get copies of the inputs.
      const linear = (l: number, cin: number, cout: number) => new hw.Linear(cin, cout, { W: inputs[`W${l}`].clone(), b: inputs[`b${l}`].clone() });
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
      const layerList = [...model.layers];
      for (let t = 0; t < (size.steps as number); t++) {
        losses.push(loss.forward(model.forward(inputs.A), inputs.Y));
        model.backward(loss.backward());
        opt.step();
      }
      checkLayersUnchanged(layerList, model.layers);
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
