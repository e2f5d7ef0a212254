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
import { classificationError, firstRows, loadFeatures, rowsInOrder } from "./digits.js";
import { loadHomework } from "./homework.js";
import type { TrainOptions } from "./options.js";
import { EpochBar, epochLine, lossCurve, RunningFigures, type Figures } from "./report.js";

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
  const evaluate = (): Figures => {
    model.eval();
    const Z = model.forward(test.X);
    return { loss: loss.forward(Z, test.y).item(), error: classificationError(Z, test.y) };
  };

  console.log(`MLP 784-${HIDDEN}-${CLASSES} with BatchNorm1d, Adam: ${N} training digits, ${test.y.shape[0]} test digits, ${epochs} epochs`);
  const curve: number[] = [];
  let last: Figures | undefined;
  const epochSeconds: number[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const start = performance.now();
    const order = rng.permutation(N);
    const X = rowsInOrder(train.X, order);
    const y = rowsInOrder(train.y, order);
    const seen = new RunningFigures();
    model.train();
    const bar = new EpochBar(`epoch ${epoch}/${epochs}`, N);
    try {
      for (let from = 0; from < N; from += BATCH) {
        const rows = `${from}:${from + BATCH}`;
        const [Xb, yb] = [X.slice(rows), y.slice(rows)];
        const Z = model.forward(Xb);
        const L = loss.forward(Z, yb).item();
        model.backward(loss.backward());
        optimiser.step();
        seen.add(L, classificationError(Z, yb), yb.shape[0]);
        curve.push(L);
        bar.update(Math.min(N, from + BATCH), L);
      }
    } finally {
      bar.stop();
    }
    epochSeconds.push((performance.now() - start) / 1000);
    last = evaluate();
    console.log(epochLine({ epoch, epochs, train: seen.mean(), test: last, seconds: epochSeconds[epoch - 1] }));
  }
  console.log(lossCurve("MLP with BatchNorm1d and Adam", curve));
  const fastest = Math.min(...epochSeconds);
  if (last) console.log(`\nfinal test error: ${(100 * last.error).toFixed(2)} %  (fastest epoch ${fastest.toFixed(2)} s for ${N} digits)`);
}
