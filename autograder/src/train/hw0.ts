/**
 * `npm run train hw0`: trains the student's hw0 on the digits, twice. Everything a student
 * wrote is used: parseIdx (through loadDigits), normalizeImages, the two epoch functions,
 * softmaxLoss, errorRate and twoLayerForward.
 *
 *   1. softmax regression, θ (784, 10) from zeros, lr 0.05, minibatches of 100;
 *   2. the two-layer network, W1 (784, 128) ~ N(0, 2/784) and W2 (128, 10) ~ N(0, 1/128)
 *      (He and LeCun scales, drawn W1 then W2 from the seeded Generator), lr 0.2, minibatches of 100.
 *
 * Each epoch visits the training digits in a fresh seeded order (`rng.permutation`) and
 * hands them to the epoch function a chunk of 1 000 at a time (ten minibatches: the same
 * updates as one call on the whole epoch, but with a progress bar and a loss per chunk).
 * The training figures are those of each chunk before its updates.
 */
import { Generator, NDArray, zeros } from "#ndarray";
import type { HW0 } from "../../suites/hw0/types.js";
import type { Features } from "./digits.js";
import { loadHomework } from "./homework.js";
import { classifierEpoch, runLoop, shuffledMinibatches } from "./loop.js";
import type { TrainOptions } from "./options.js";
import { epochLine, type Figures } from "./report.js";

const CHUNK = 1000;
const BATCH = 100;
const HIDDEN = 128;
const CLASSES = 10;
const DEFAULT_EPOCHS = 10;

/** A model as the loop below drives it: logits of some rows, and one epoch's updates on some rows. */
interface Model {
  name: string;
  logits(X: NDArray): NDArray;
  epoch(X: NDArray, y: NDArray): void;
}

function figures(hw: HW0, model: Model, s: Features): Figures {
  const Z = model.logits(s.X);
  return { loss: hw.softmaxLoss(Z, s.y), error: hw.errorRate(Z, s.y) };
}

/** Trains one model, a chunk at a time (its figures taken before the chunk's updates); the test figures after the last epoch. */
function trainModel(hw: HW0, model: Model, train: Features, test: Features, epochs: number, rng: Generator): Figures {
  const N = train.y.shape[0];
  console.log(`\n${model.name}: ${N} training digits, ${test.y.shape[0]} test digits, ${epochs} epochs`);
  const { last } = runLoop({
    title: model.name,
    epochs,
    unit: "digits",
    total: N,
    epoch: () =>
      classifierEpoch(shuffledMinibatches(train, CHUNK, rng), (X, y) => {
        const seen = figures(hw, model, { X, y });
        model.epoch(X, y);
        return seen;
      }),
    evaluate: () => figures(hw, model, test),
    line: epochLine,
  });
  return last;
}
export async function train(opts: TrainOptions): Promise<void> {
  const hw = await loadHomework<HW0>("hw0", opts.reference);
  const epochs = opts.epochs ?? DEFAULT_EPOCHS;
  const rng = new Generator(opts.seed);
  const rawTrain = hw.loadDigits(opts.dataDir, "train");
  const rawTest = hw.loadDigits(opts.dataDir, "t10k");
  const limit = Math.min(opts.limit ?? Infinity, rawTrain.labels.shape[0]);
  const train = { X: hw.normalizeImages(rawTrain.images.slice(`0:${limit}`)), y: rawTrain.labels.slice(`0:${limit}`).compact() };
  const test = { X: hw.normalizeImages(rawTest.images), y: rawTest.labels };
  const features = train.X.shape[1];

  const theta = zeros([features, CLASSES]);
  const regression = trainModel(
    hw,
    {
      name: "softmax regression",
      logits: (X) => X.matmul(theta),
      epoch: (X, y) => hw.softmaxRegressionEpoch(X, y, theta, { lr: 0.05, batch: BATCH }),
    },
    train,
    test,
    epochs,
    rng,
  );

  const W1 = rng.randn([features, HIDDEN]).mul(Math.sqrt(2 / features));
  const W2 = rng.randn([HIDDEN, CLASSES]).mul(Math.sqrt(1 / HIDDEN));
  const twoLayer = trainModel(
    hw,
    {
      name: `two-layer network (hidden width ${HIDDEN})`,
      logits: (X) => hw.twoLayerForward(X, W1, W2),
      epoch: (X, y) => hw.twoLayerEpoch(X, y, W1, W2, { lr: 0.2, batch: BATCH }),
    },
    train,
    test,
    epochs,
    rng,
  );

  console.log(`\nfinal test error: softmax regression ${(100 * regression.error).toFixed(2)} %, two-layer network ${(100 * twoLayer.error).toFixed(2)} %`);
}
