/**
 * `npm run train hw2`: trains a small CNN built from the student's hw2 layers on the digits,
 * through hw2's public API only (Dataset, DataLoader, RandomCrop, MeanPool2d, Conv2d, ReLU,
 * MaxPool2d, Flatten, Linear and their forward/backward):
 *
 *   (N, 1, 28, 28) → Conv2d(1, 8, 3)  → ReLU → MaxPool2d(2) → (N, 8, 13, 13)
 *                  → Conv2d(8, 16, 3) → ReLU → MaxPool2d(2) → (N, 16, 5, 5)
 *                  → Flatten → Linear(400, 10)               → logits (N, 10)
 *
 * hw2 has no loss and no optimiser, so both are written here with NDArray ops: softmax
 * cross-entropy (mean over the minibatch; its gradient (softmax(Z) − onehot(y)) / N), and
 * SGD with momentum 0.9 (PyTorch's form: v ← 0.9·v + g, θ ← θ − lr·v), lr 0.05 on a cosine
 * schedule over the epochs (epoch e of E uses 0.05·(1 + cos(π(e − 1)/E))/2), minibatches of
 * 100, 6 epochs.
 *
 * The digits come through the student's Dataset and DataLoader as pixels in [0, 1] (read
 * with the kit's own IDX reader) and each batch is standardised here with MNIST's mean and
 * standard deviation, after any augmentation, so that a crop's zero fill is the digits'
 * black background. With `augment` every training digit passes through RandomCrop(1) (a
 * shift of at most one pixel each way, drawn anew every epoch); no flip, since a mirrored
 * digit is another symbol or none.
 *
 * The digits are read at their full 28×28. The layers compute every strided pool at stride 1
 * and every convolution's backward also computes the gradient for its input (for the first
 * one, a gradient nobody uses), so most of an epoch is im2col copies and element-wise work
 * on the first layer's 8×26×26 maps. Each step's garbage is some 100 MiB, which the cpu
 * device frees only when the event loop turns: the loop yields after every step and the
 * evaluation after every batch (loop.ts's runLoopYielding, evaluateInSteps).
 *
 * Seeded draw order, all from one Generator: the layers draw their parameters in model
 * order (conv 1's W then b, conv 2's, then the Linear layer's; PyTorch's default
 * initialisation, see hw2's ParamOptions), then each epoch the training loader draws its
 * permutation of the digits and, with `augment`, each digit's two crop integers in batch
 * order (hw2's data.ts and transforms.ts pin these draws).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { eye, Generator, NDArray, zerosLike } from "#ndarray";
import type { HW2 } from "../../suites/hw2/types.js";
import { idxFileNames } from "../data/idx-files.js";
import { decodeIdx } from "../data/idx.js";
import { layerRoots, saveModel } from "../challenge/model-file.js";
import { classificationError } from "./digits.js";
import { loadHomework } from "./homework.js";
import { classifierEpoch, runLoopYielding, type Minibatch, type Steps } from "./loop.js";
import type { TrainOptions } from "./options.js";
import { storedGradient, weightAndBias, type WeightAndBias } from "./parameters.js";
import { epochLine, type Figures } from "./report.js";

const BATCH = 100;
const EVAL_BATCH = 100;
const CLASSES = 10;
const DEFAULT_EPOCHS = 6;
/** Half what the 14×14 network took: at 0.1 the 28×28 one diverged for a while in its first epoch at seed 1 (6.3 % after six). */
const LEARNING_RATE = 0.05;
const MOMENTUM = 0.9;
/** The crop's padding with `augment`: shifts of at most one pixel each way (two did worse in six epochs, see the handout). */
const CROP_PADDING = 1;
/** MNIST's pixel mean and standard deviation, the standardisation every trainer uses (train/digits.ts). */
const MNIST_MEAN = 0.1307;
const MNIST_STD = 0.3081;

/** The trainer-specific options this trainer takes (train-cli.ts refuses them elsewhere). */
export const choices = ["augment", "save"] as const;

/** hw2's Layer contract, as the model below chains its layers. */
export interface Layer {
  forward(A: NDArray): NDArray;
  backward(dLdZ: NDArray): NDArray;
}

/** A split's digits as a Dataset wants them: float32 pixels in [0, 1], (N, 1, 28, 28), and int32 labels (N). */
interface Digits {
  images: NDArray;
  labels: NDArray;
}

/** The first `limit` digits (all when undefined) of a split, read with the kit's IDX reader. */
function loadDigits(dir: string, split: "train" | "t10k", limit?: number): Digits {
  const names = idxFileNames(split);
  const images = decodeIdx(readFileSync(join(dir, names.images)), names.images, 3);
  const labels = decodeIdx(readFileSync(join(dir, names.labels)), names.labels, 1);
  const [all, H, W] = images.dims;
  const N = Math.min(all, limit ?? all);
  return {
    images: NDArray.fromTypedArray(scaled(images.data, N * H * W), [N, 1, H, W]),
    labels: NDArray.fromTypedArray(Int32Array.from(labels.data.subarray(0, N)), [N]),
  };
}

/** The first `count` bytes as float32 in [0, 1] (a plain loop: Float32Array.from's callback costs a second for the 10 000 digits). */
function scaled(bytes: ArrayLike<number>, count: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = bytes[i] / 255;
  return out;
}

/** A batch of pixels in [0, 1] standardised as the network expects. */
export const standardised = (X: NDArray) => X.sub(MNIST_MEAN).div(MNIST_STD);

/** Mean softmax cross-entropy of logits Z (N, C) against int labels y (N), and its gradient for Z. */
function softmaxCrossEntropy(Z: NDArray, y: NDArray, onehot: NDArray): { loss: number; dLdZ: NDArray } {
  const shifted = Z.sub(Z.max(1, true));
  const E = shifted.exp();
  const total = E.sum(1, true);
  const Y = onehot.take(y, 0);
  const loss = total.log().sub(shifted.mul(Y).sum(1, true)).mean().item();
  return { loss, dLdZ: E.div(total).sub(Y).div(Z.shape[0]) };
}

/**
 * The CNN above, its weights drawn from `rng`: its layers in order, and those with a weight and
 * a bias in drawing order. `npm run challenge` builds it again to load a saved model into.
 */
export function cnn(hw: HW2, rng: Generator): { layers: Layer[]; weighted: WeightAndBias[] } {
  const conv1 = new hw.Conv2d(1, 8, 3, { rng });
  const conv2 = new hw.Conv2d(8, 16, 3, { rng });
  const linear = new hw.Linear(16 * 5 * 5, CLASSES, { rng });
  return { layers: [conv1, new hw.ReLU(), new hw.MaxPool2d(2), conv2, new hw.ReLU(), new hw.MaxPool2d(2), new hw.Flatten(), linear], weighted: [conv1, conv2, linear] };
}

export async function train(opts: TrainOptions): Promise<void> {
  const hw = await loadHomework<HW2>("hw2", opts.reference);
  const epochs = opts.epochs ?? DEFAULT_EPOCHS;
  const rng = new Generator(opts.seed);
  const train = loadDigits(opts.dataDir, "train", opts.limit);
  const test = loadDigits(opts.dataDir, "t10k");
  const N = train.labels.shape[0];

  const { layers, weighted } = cnn(hw, rng);
  const forward = (A: NDArray) => layers.reduce((Z, layer) => layer.forward(Z), A);
  const backward = (dLdZ: NDArray) => layers.reduceRight((grad, layer) => layer.backward(grad), dLdZ);
  const parameters = weighted.flatMap((layer) => weightAndBias(layer)).map((p) => ({ p, velocity: zerosLike(p.get()) }));
  const onehot = eye(CLASSES, CLASSES, 0, { dtype: train.images.dtype });
  const augmentation = opts.augment ? [new hw.RandomCrop(CROP_PADDING, rng)] : [];
  const trainLoader = new hw.DataLoader(new hw.Dataset(train.images, train.labels, augmentation), { batchSize: BATCH, shuffle: true, rng });
  const testLoader = new hw.DataLoader(new hw.Dataset(test.images, test.labels), { batchSize: EVAL_BATCH });

  /** SGD with momentum, in place on each layer's W and b. */
  const step = (lr: number) => {
    for (const entry of parameters) {
      entry.velocity = entry.velocity.mul(MOMENTUM).add(storedGradient(entry.p));
      entry.p.get().isub(entry.velocity.mul(lr));
    }
  };
  function* evaluateInSteps(): Steps<Figures> {
    let [loss, errors, M] = [0, 0, 0];
    for (const { X, y } of testLoader) {
      const Z = forward(standardised(X));
      loss += softmaxCrossEntropy(Z, y, onehot).loss * y.shape[0];
      errors += Z.argmax(1).ne(y).astype("float64").sum().item();
      M += y.shape[0];
      yield;
    }
    return { loss: loss / M, error: errors / M };
  }
  /** The epoch's batches as the loader makes them (its draws in the same order as all at once), each with the digits done after it. */
  function* minibatches(): Iterable<Minibatch> {
    let done = 0;
    for (const { X, y } of trainLoader) yield { X: standardised(X), y, done: (done += y.shape[0]) };
  }

  console.log(
    `CNN (conv 1→8 k3, max pool 2, conv 8→16 k3, max pool 2, linear 400→10), SGD with momentum: ` +
      `${N} training digits, ${test.labels.shape[0]} test digits, ${epochs} epochs` +
      (opts.augment ? `, random crops (padding ${CROP_PADDING})` : ""),
  );
  const { last, seconds } = await runLoopYielding({
    title: "CNN with SGD and momentum",
    epochs,
    unit: "digits",
    total: N,
    epoch: (epoch) => {
      const lr = (LEARNING_RATE * (1 + Math.cos((Math.PI * (epoch - 1)) / epochs))) / 2;
      return classifierEpoch(minibatches(), (X, y) => {
        const Z = forward(X);
        const { loss, dLdZ } = softmaxCrossEntropy(Z, y, onehot);
        const error = classificationError(Z, y);
        backward(dLdZ);
        step(lr);
        return { loss, error };
      });
    },
    evaluateInSteps,
    line: epochLine,
  });
  console.log(`\nfinal test error: ${(100 * last.error).toFixed(2)} %  (${epochs} epochs in ${seconds.toFixed(1)} s for ${N} digits)`);
  if (opts.save !== undefined) saveModel(opts.save, "hw2", "cnn", layerRoots(layers));
}
