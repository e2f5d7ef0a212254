/**
 * `npm run train hw1`: trains an MLP built from the student's hw1 layers on the digits,
 * through hw1's public API only:
 *
 *   Sequential([Linear(784, 96), BatchNorm1d(96), ReLU(), Linear(96, 10)])
 *   CrossEntropyLoss, Adam (lr 3e-3, PyTorch's defaults otherwise), minibatches of 200, 8 epochs
 *
 * The Linear layers draw their weights from the seeded Generator (PyTorch's default
 * initialisation, see hw1's LinearOptions). Each epoch visits the training digits in a fresh
 * seeded order in training mode; the test split is evaluated in evaluation mode (BatchNorm
 * with its running statistics). The digits are read with the kit's own IDX reader.
 */
import { Generator } from "#ndarray";
import type { HW1 } from "../../suites/hw1/types.js";
import { classificationError, firstRows, loadFeatures } from "./digits.js";
import { loadHomework } from "./homework.js";
import { classifierEpoch, runLoop, shuffledMinibatches } from "./loop.js";
import type { TrainOptions } from "./options.js";
import { epochLine } from "./report.js";

const BATCH = 200;
const HIDDEN = 96;
const CLASSES = 10;
const DEFAULT_EPOCHS = 8;
const LEARNING_RATE = 3e-3;

export async function train(opts: TrainOptions): Promise<void> {
  const hw = await loadHomework<HW1>("hw1", opts.reference);
  const epochs = opts.epochs ?? DEFAULT_EPOCHS;
  const rng = new Generator(opts.seed);
  const train = firstRows(loadFeatures(opts.dataDir, "train"), opts.limit);
  const test = loadFeatures(opts.dataDir, "t10k");
  const [N, features] = train.X.shape;

  const model = new hw.Sequential([
    new hw.Linear(features, HIDDEN, { rng }),
    new hw.BatchNorm1d(HIDDEN),
    new hw.ReLU(),
    new hw.Linear(HIDDEN, CLASSES, { rng }),
  ]);
  const loss = new hw.CrossEntropyLoss();
  const optimiser = new hw.Adam(model.parameters(), { lr: LEARNING_RATE });

  console.log(`MLP 784-${HIDDEN}-${CLASSES} with BatchNorm1d, Adam: ${N} training digits, ${test.y.shape[0]} test digits, ${epochs} epochs`);
  const { last, epochSeconds } = runLoop({
    title: "MLP with BatchNorm1d and Adam",
    epochs,
    unit: "digits",
    total: N,
    epoch: () => {
      const minibatches = shuffledMinibatches(train, BATCH, rng);
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
}
