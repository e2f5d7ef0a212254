/**
 * `npm run train hw2`: trains a small CNN built from the student's hw2 layers on the
 * digits, through hw2's public API only (MeanPool2d, Conv2d, ReLU, MaxPool2d, Flatten,
 * Linear and their forward/backward):
 *
 *   (N, 1, 28, 28) → MeanPool2d(2)                     → (N, 1, 14, 14)
 *                  → Conv2d(1, 8, 3)   → ReLU → MaxPool2d(2) → (N, 8, 6, 6)
 *                  → Conv2d(8, 16, 3)  → ReLU                 → (N, 16, 4, 4)
 *                  → Flatten → Linear(256, 10)                → logits (N, 10)
 *
 * hw2 has no loss and no optimiser, so both are written here with NDArray ops: softmax
 * cross-entropy (mean over the minibatch; its gradient (softmax(Z) − onehot(y)) / N), and
 * SGD with momentum 0.9 (PyTorch's form: v ← 0.9·v + g, θ ← θ − lr·v), lr 0.1 on a cosine
 * schedule over the epochs (epoch e of E uses 0.1·(1 + cos(π(e − 1)/E))/2), minibatches of
 * 100, 6 epochs.
 *
 * Why the 2×2 mean pool first: the layers compute every strided convolution or pool at
 * stride 1 and every convolution's backward also computes the gradient for its input, so on
 * 28×28 inputs even Conv2d(1, 8, 5) → … takes about 45 s an epoch; at 14×14 an epoch takes
 * about 8 s, and six of them fit in a minute.
 *
 * Seeded draw order: the layers draw their parameters from the seeded Generator in model
 * order (conv 1's W then b, conv 2's, then the Linear layer's; PyTorch's default
 * initialisation, see hw2's ParamOptions), then each epoch draws its order of the training
 * digits (`rng.permutation`). The digits are read with the kit's own IDX reader.
 */
import { eye, Generator, zerosLike, type NDArray } from "#ndarray";
import type { HW2 } from "../../suites/hw2/types.js";
import { classificationError, firstRows, loadFeatures, type Features } from "./digits.js";
import { loadHomework } from "./homework.js";
import { classifierEpoch, runLoop, shuffledMinibatches } from "./loop.js";
import type { TrainOptions } from "./options.js";
import { storedGradient, weightAndBias } from "./parameters.js";
import { epochLine, type Figures } from "./report.js";

const BATCH = 100;
const EVAL_BATCH = 500;
const CLASSES = 10;
const DEFAULT_EPOCHS = 6;
const LEARNING_RATE = 0.1;
const MOMENTUM = 0.9;
const SIDE = 28;

/** hw2's Layer contract, as the model below chains its layers. */
interface Layer {
  forward(A: NDArray): NDArray;
  backward(dLdZ: NDArray): NDArray;
}

/** Mean softmax cross-entropy of logits Z (N, C) against int labels y (N), and its gradient for Z. */
function softmaxCrossEntropy(Z: NDArray, y: NDArray, onehot: NDArray): { loss: number; dLdZ: NDArray } {
  const shifted = Z.sub(Z.max(1, true));
  const E = shifted.exp();
  const total = E.sum(1, true);
  const Y = onehot.take(y, 0);
  const loss = total.log().sub(shifted.mul(Y).sum(1, true)).mean().item();
  return { loss, dLdZ: E.div(total).sub(Y).div(Z.shape[0]) };
}

const images = (X: NDArray) => X.reshape([X.shape[0], 1, SIDE, SIDE]);

export async function train(opts: TrainOptions): Promise<void> {
  const hw = await loadHomework<HW2>("hw2", opts.reference);
  const epochs = opts.epochs ?? DEFAULT_EPOCHS;
  const rng = new Generator(opts.seed);
  const train = firstRows(loadFeatures(opts.dataDir, "train"), opts.limit);
  const test = loadFeatures(opts.dataDir, "t10k");
  const N = train.y.shape[0];

  const conv1 = new hw.Conv2d(1, 8, 3, { rng });
  const conv2 = new hw.Conv2d(8, 16, 3, { rng });
  const linear = new hw.Linear(16 * 4 * 4, CLASSES, { rng });
  const layers: Layer[] = [new hw.MeanPool2d(2), conv1, new hw.ReLU(), new hw.MaxPool2d(2), conv2, new hw.ReLU(), new hw.Flatten(), linear];
  const forward = (A: NDArray) => layers.reduce((Z, layer) => layer.forward(Z), A);
  const backward = (dLdZ: NDArray) => layers.reduceRight((grad, layer) => layer.backward(grad), dLdZ);
  const parameters = [conv1, conv2, linear].flatMap((layer) => weightAndBias(layer)).map((p) => ({ p, velocity: zerosLike(p.get()) }));
  const onehot = eye(CLASSES, CLASSES, 0, { dtype: train.X.dtype });

  /** SGD with momentum, in place on each layer's W and b. */
  const step = (lr: number) => {
    for (const entry of parameters) {
      entry.velocity = entry.velocity.mul(MOMENTUM).add(storedGradient(entry.p));
      entry.p.get().isub(entry.velocity.mul(lr));
    }
  };
  const evaluate = (s: Features): Figures => {
    const M = s.y.shape[0];
    let [loss, errors] = [0, 0];
    for (let from = 0; from < M; from += EVAL_BATCH) {
      const rows = `${from}:${from + EVAL_BATCH}`;
      const yb = s.y.slice(rows);
      const Z = forward(images(s.X.slice(rows)));
      loss += softmaxCrossEntropy(Z, yb, onehot).loss * yb.shape[0];
      errors += Z.argmax(1).ne(yb).astype("float64").sum().item();
    }
    return { loss: loss / M, error: errors / M };
  };

  console.log(
    `CNN (mean pool 2, conv 1→8 k3, max pool 2, conv 8→16 k3, linear 256→10), SGD with momentum: ` +
      `${N} training digits, ${test.y.shape[0]} test digits, ${epochs} epochs`,
  );
  const { last, seconds } = runLoop({
    title: "CNN with SGD and momentum",
    epochs,
    unit: "digits",
    total: N,
    epoch: (epoch) => {
      const lr = (LEARNING_RATE * (1 + Math.cos((Math.PI * (epoch - 1)) / epochs))) / 2;
      return classifierEpoch(shuffledMinibatches(train, BATCH, rng), (X, y) => {
        const Z = forward(images(X));
        const { loss, dLdZ } = softmaxCrossEntropy(Z, y, onehot);
        const error = classificationError(Z, y);
        backward(dLdZ);
        step(lr);
        return { loss, error };
      });
    },
    evaluate: () => evaluate(test),
    line: epochLine,
  });
  console.log(`\nfinal test error: ${(100 * last.error).toFixed(2)} %  (${epochs} epochs in ${seconds.toFixed(1)} s for ${N} digits)`);
}
