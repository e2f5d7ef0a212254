/**
 * `npm run train hw1 [-- --model mlp|resnet]`: trains a network built from the student's
 * hw1 layers on the digits, through hw1's public API only. Two models:
 *
 *   mlp (the default):
 *     Sequential([Linear(784, 96), BatchNorm1d(96), ReLU(), Linear(96, 10)])
 *     Adam (lr 3e-3, PyTorch's defaults otherwise), minibatches of 200, 8 epochs
 *   resnet (§10, CMU 10-414's MLPResNet):
 *     MLPResNet(784, rng, { hidden: 100, blocks: 3, classes: 10, norm: BatchNorm1d, dropP: 0.1 })
 *     Adam (weight decay 1e-3, as needle's train_mnist), minibatches of 100, 10 epochs, the
 *     learning rate on a cosine from 2e-3 (epoch e of E: 2e-3·(1 + cos(π(e − 1)/E))/2), so
 *     that the last epochs settle instead of jumping between minima
 *
 * both with CrossEntropyLoss. The Linear layers draw their weights from the seeded Generator
 * (PyTorch's default initialisation, see hw1's LinearOptions), which the resnet's Dropout
 * layers then draw their masks from. Each epoch visits the training digits in a fresh
 * seeded order in training mode; the test split is evaluated in evaluation mode (BatchNorm
 * with its running statistics, Dropout the identity). The digits are read with the kit's
 * own IDX reader.
 */
import { Generator, KitError } from "#ndarray";
import type { HW1 } from "../../suites/hw1/types.js";
import { saveModel } from "../challenge/model-file.js";
import { classificationError, firstRows, loadFeatures } from "./digits.js";
import { loadHomework } from "./homework.js";
import { classifierEpoch, runLoopYielding, shuffledMinibatches } from "./loop.js";
import type { TrainOptions } from "./options.js";
import { epochLine } from "./report.js";

const CLASSES = 10;

/** The models this trainer knows, by the name `--model` takes. */
export const MODELS = ["mlp", "resnet"] as const;
export type ModelName = (typeof MODELS)[number];

/** The trainer-specific options this trainer takes (train-cli.ts refuses them elsewhere). */
export const choices = ["model", "save"] as const;

type Model = InstanceType<HW1["Sequential"]>;

/** A model, how to train it, and the line printed before the first epoch. */
interface Recipe {
  title: string;
  model: Model;
  batch: number;
  epochs: number;
  /** The learning rate of epoch `epoch` (1-based) of `epochs`. */
  lr(epoch: number, epochs: number): number;
  weightDecay: number;
  describe(N: number, testN: number, epochs: number): string;
}

/** The model `name` and how to train it; `npm run challenge` builds it again to load a saved one into. */
export function recipe(hw: HW1, name: ModelName, features: number, rng: Generator): Recipe {
  if (name === "resnet") {
    const hidden = 100;
    return {
      title: "MLPResNet with BatchNorm1d, Dropout and Adam",
      model: new hw.MLPResNet(features, rng, { hidden, blocks: 3, classes: CLASSES, norm: hw.BatchNorm1d, dropP: 0.1 }),
      batch: 100,
      epochs: 10,
      lr: (epoch, epochs) => (2e-3 * (1 + Math.cos((Math.PI * (epoch - 1)) / epochs))) / 2,
      weightDecay: 1e-3,
      describe: (N, testN, epochs) =>
        `MLPResNet 784-${hidden}-[3 residual blocks of ${hidden}-${hidden / 2}-${hidden}]-${CLASSES}, BatchNorm1d, Dropout 0.1, Adam: ${N} training digits, ${testN} test digits, ${epochs} epochs`,
    };
  }
  const hidden = 96;
  return {
    title: "MLP with BatchNorm1d and Adam",
    model: new hw.Sequential([new hw.Linear(features, hidden, { rng }), new hw.BatchNorm1d(hidden), new hw.ReLU(), new hw.Linear(hidden, CLASSES, { rng })]),
    batch: 200,
    epochs: 8,
    lr: () => 3e-3,
    weightDecay: 0,
    describe: (N, testN, epochs) => `MLP 784-${hidden}-${CLASSES} with BatchNorm1d, Adam: ${N} training digits, ${testN} test digits, ${epochs} epochs`,
  };
}

function modelName(model: string | undefined): ModelName {
  const name = model ?? "mlp";
  const known = MODELS.find((m) => m === name);
  if (known === undefined) throw new KitError("E_USAGE", `train hw1: --model must be one of ${MODELS.join(", ")}, got "${name}"`);
  return known;
}

export async function train(opts: TrainOptions): Promise<void> {
  const name = modelName(opts.model);
  const hw = await loadHomework<HW1>("hw1", opts.reference);
  const rng = new Generator(opts.seed);
  const train = firstRows(loadFeatures(opts.dataDir, "train"), opts.limit);
  const test = loadFeatures(opts.dataDir, "t10k");
  const [N, features] = train.X.shape;

  const r = recipe(hw, name, features, rng);
  const epochs = opts.epochs ?? r.epochs;
  const { model } = r;
  const loss = new hw.CrossEntropyLoss();
  const optimiser = new hw.Adam(model.parameters(), { lr: r.lr(1, epochs), weightDecay: r.weightDecay });

  console.log(r.describe(N, test.y.shape[0], epochs));
  const { last, epochSeconds } = await runLoopYielding({
    title: r.title,
    epochs,
    unit: "digits",
    total: N,
    epoch: (epoch) => {
      optimiser.lr = r.lr(epoch, epochs);
      const minibatches = shuffledMinibatches(train, r.batch, rng);
      model.train();
      return classifierEpoch(minibatches, (X, y) => {
        const Z = model.forward(X);
        const L = loss.forward(Z, y).item();
        model.backward(loss.backward());
        optimiser.step();
        return { loss: L, error: classificationError(Z, y) };
      });
    },
    evaluate: () => {
      model.eval();
      const Z = model.forward(test.X);
      return { loss: loss.forward(Z, test.y).item(), error: classificationError(Z, test.y) };
    },
    line: epochLine,
  });
  const fastest = Math.min(...epochSeconds);
  console.log(`\nfinal test error: ${(100 * last.error).toFixed(2)} %  (fastest epoch ${fastest.toFixed(2)} s for ${N} digits)`);
  if (opts.save !== undefined) saveModel(opts.save, "hw1", name, { model });
}
