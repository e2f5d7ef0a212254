/**
 * `npm run train hw3`: reads strings of 2–5 handwritten digits, rendered side by side,
 * column by column, with the student's GRUCell, CTCLoss, logSoftmax, greedySearch and
 * beamSearch.
 *
 *   Input: each 28×28 digit average-pooled 2×2 to 14×14, of which columns 2 … 11 are kept
 *     (MNIST centres its digits in a 20-pixel box); a sequence of k digits is the 14-row
 *     image 10·k columns wide, read one column (14 features) per time step, T = 20 … 50.
 *   Model: GRUCell(14, 64) unrolled over the columns (one cell object per time step, all
 *     sharing the parameters of one cell, whose gradients every step's backward() adds
 *     to: backpropagation through time), then an output projection (64 → 11 symbols,
 *     blank = 0 and digit d = d + 1) at every step.
 *   Loss: CTCLoss (blank 0, PyTorch's "mean" reduction) on the logits of every frame.
 *   Optimiser: Adam (lr 5e-3, β = (0.9, 0.999), ε = 1e-8), the gradient clipped to global
 *     norm 5, minibatches of 16 sequences, 12 epochs.
 *   Figures: character error rate (CER) = Σ edit distance / Σ reference length over the
 *     held-out sequences (built from the test digits), of greedy decoding and of beam
 *     search with width 4, every epoch; the training CER is greedy's on the minibatches
 *     as they were seen (before their updates).
 *
 * hw3 has no linear layer and no optimiser, so the output projection (W_out (11, 64),
 * b_out (11), PyTorch's Linear initialisation U(−1/√64, 1/√64)) and Adam are written here
 * with NDArray ops. Everything else is the homework's public API.
 *
 * Seeded draw order, all from one Generator(seed): the held-out sequences (a permutation
 * of the test digits, then ⌈N/2⌉ lengths in [2, 5] for its N digits, cut in that order;
 * the last sequence is shorter when fewer digits are left, a single last digit unused);
 * the GRU's parameters (CellOptions.rng: W_ih, W_hh, b_ih, b_hh), W_out, b_out; then for every epoch the training sequences the same way
 * (a permutation of the training digits, then lengths) and the order of its minibatches
 * (a permutation). An epoch uses every training digit once. Sequences are grouped by
 * length before they are cut into minibatches, so a minibatch rarely needs padding.
 */
import { Generator, NDArray, stack, zeros } from "#ndarray";
import type { HW3 } from "../../suites/hw3/types.js";
import { saveModel } from "../challenge/model-file.js";
import { Adam } from "./adam.js";
import { firstRows, loadFeatures } from "./digits.js";
import { loadHomework } from "./homework.js";
import { runLoopYielding, type Step } from "./loop.js";
import type { TrainOptions } from "./options.js";
import { parameter, storedGradient, weightAndBias, type WeightAndBias } from "./parameters.js";
import { percent } from "./report.js";

/** The trainer-specific option this trainer takes (train-cli.ts refuses it elsewhere). */
export const choices = ["save"] as const;

const ROWS = 14;
/** Columns of a 14×14 digit that are read: 2 … 11, the 20-pixel box MNIST centres its digits in. */
const FIRST_COLUMN = 2;
const COLUMNS = 10;
const HIDDEN = 64;
const SYMBOLS = 11;
const BLANK = 0;
const MIN_DIGITS = 2;
const MAX_DIGITS = 5;
const BATCH = 16;
const BEAM_WIDTH = 4;
const DEFAULT_EPOCHS = 12;
const LEARNING_RATE = 5e-3;
const CLIP_NORM = 5;
/** Value of a background pixel after the digits' standardisation: (0 − 0.1307)/0.3081. */
const BACKGROUND = -0.1307 / 0.3081;

/** Digits as 14×14 images, stored column-major: digit i's column c is images[(i·14 + c)·14 …]. */
interface Digits {
  columns: Float32Array;
  labels: Int32Array;
  count: number;
}

/** 2×2 average pooling of the standardised (N, 784) digits, transposed to columns. */
function downsample(X: NDArray, y: NDArray): Digits {
  const [N] = X.shape;
  const src = X.toTypedArray();
  const columns = new Float32Array(N * ROWS * COLUMNS);
  for (let i = 0; i < N; i++) {
    for (let r = 0; r < ROWS; r++) {
      for (let c = 0; c < COLUMNS; c++) {
        const at = i * 784 + 2 * r * 28 + 2 * (FIRST_COLUMN + c);
        columns[(i * COLUMNS + c) * ROWS + r] = (src[at] + src[at + 1] + src[at + 28] + src[at + 29]) / 4;
      }
    }
  }
  return { columns, labels: Int32Array.from(y.toTypedArray()), count: N };
}

/** A sequence: the indices of its digits, left to right. */
type Sequence = number[];

/** A seeded permutation of the digits cut into sequences of seeded lengths in [2, 5]. */
function drawSequences(digits: Digits, rng: Generator): Sequence[] {
  const order = rng.permutation(digits.count).toTypedArray();
  const lengths = rng.randint(MIN_DIGITS, MAX_DIGITS + 1, [Math.ceil(digits.count / MIN_DIGITS)]).toTypedArray();
  const sequences: Sequence[] = [];
  for (let at = 0, i = 0; at + MIN_DIGITS <= digits.count; i++) {
    const k = Math.min(lengths[i], digits.count - at);
    sequences.push(Array.from(order.subarray(at, at + k)));
    at += k;
  }
  return sequences;
}

/** Minibatches of sequences of one length where possible, in a seeded order (rng: training) or as built. */
function minibatches(sequences: Sequence[], rng?: Generator): Sequence[][] {
  const sorted = [...sequences].sort((a, b) => a.length - b.length);
  const batches: Sequence[][] = [];
  for (let from = 0; from < sorted.length; from += BATCH) batches.push(sorted.slice(from, from + BATCH));
  if (!rng) return batches;
  return Array.from(rng.permutation(batches.length).toTypedArray(), (b) => batches[b]);
}

/** A minibatch as the model reads it. */
interface Batch {
  /** The frames, (T, N, 14): column t of every sequence, background past its end. */
  x: NDArray;
  /** int32 (N, 5): the labels (digit + 1) of each sequence, zero-padded. */
  targets: NDArray;
  inputLengths: NDArray;
  targetLengths: NDArray;
  /** The reference labellings, for the CER. */
  references: number[][];
}

function makeBatch(digits: Digits, batch: Sequence[]): Batch {
  const N = batch.length;
  const T = COLUMNS * Math.max(...batch.map((s) => s.length));
  const x = new Float32Array(T * N * ROWS).fill(BACKGROUND);
  const targets = new Int32Array(N * MAX_DIGITS);
  batch.forEach((sequence, n) => {
    sequence.forEach((digit, k) => {
      targets[n * MAX_DIGITS + k] = digits.labels[digit] + 1;
      for (let c = 0; c < COLUMNS; c++) {
        const src = digits.columns.subarray((digit * COLUMNS + c) * ROWS, (digit * COLUMNS + c + 1) * ROWS);
        x.set(src, ((k * COLUMNS + c) * N + n) * ROWS);
      }
    });
  });
  const int32 = (values: number[]) => NDArray.fromTypedArray(Int32Array.from(values), [values.length]);
  return {
    x: NDArray.fromTypedArray(x, [T, N, ROWS]),
    targets: NDArray.fromTypedArray(targets, [N, MAX_DIGITS]),
    inputLengths: int32(batch.map((s) => COLUMNS * s.length)),
    targetLengths: int32(batch.map((s) => s.length)),
    references: batch.map((s) => s.map((d) => digits.labels[d] + 1)),
  };
}

/** Levenshtein distance between two labellings. */
export function editDistance(a: readonly number[], b: readonly number[]): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/** The gradients scaled down to global norm `max` when larger. */
function clipGradients(grads: NDArray[], max: number): NDArray[] {
  const norm = Math.sqrt(grads.reduce((sum, g) => sum + g.mul(g).sum().item(), 0));
  return norm > max ? grads.map((g) => g.mul(max / norm)) : grads;
}

/** The figures of one epoch's training, on the minibatches as they were seen (before their updates). */
interface TrainFigures {
  loss: number;
  greedyCER: number;
}

/** The figures on the held-out sequences. */
interface HeldOutFigures extends TrainFigures {
  beamCER: number;
}

export async function train(opts: TrainOptions): Promise<void> {
  const hw = await loadHomework<HW3>("hw3", opts.reference);
  const epochs = opts.epochs ?? DEFAULT_EPOCHS;
  const rng = new Generator(opts.seed);
  const trainRows = firstRows(loadFeatures(opts.dataDir, "train"), opts.limit);
  const testRows = loadFeatures(opts.dataDir, "t10k");
  const trainDigits = downsample(trainRows.X, trainRows.y);
  const testDigits = downsample(testRows.X, testRows.y);
  const heldOut = minibatches(drawSequences(testDigits, rng)).map((b) => makeBatch(testDigits, b));
  const heldOutSequences = heldOut.reduce((n, b) => n + b.references.length, 0);

  // The model: one GRU cell holding the parameters and their gradients, and one cell per
  // time step that borrows them (a GRUCell caches only the step it last ran).
  const gru = new hw.GRUCell(ROWS, HIDDEN, { rng });
  const k = 1 / Math.sqrt(HIDDEN);
  const head: WeightAndBias = { W: rng.uniform(-k, k, [SYMBOLS, HIDDEN]), b: rng.uniform(-k, k, [SYMBOLS]) };
  const steps: InstanceType<HW3["GRUCell"]>[] = [];
  const stepCell = (t: number) => {
    while (steps.length <= t) steps.push(new hw.GRUCell(ROWS, HIDDEN));
    const cell = steps[t];
    [cell.W_ih, cell.W_hh, cell.b_ih, cell.b_hh] = [gru.W_ih, gru.W_hh, gru.b_ih, gru.b_hh];
    return cell;
  };
  const ctc = new hw.CTCLoss(BLANK);

  /** Logits (T, N, 11) of a batch, and the hidden states (T, N, H) they were read from. */
  const forward = (x: NDArray): { logits: NDArray; hidden: NDArray } => {
    const [T, N] = x.shape;
    let h = zeros([N, HIDDEN]);
    const states: NDArray[] = [];
    for (let t = 0; t < T; t++) {
      h = stepCell(t).forward(x.slice(t), h);
      states.push(h);
    }
    const hidden = stack(states, 0);
    const logits = hidden.reshape([T * N, HIDDEN]).matmul(head.W.transpose()).add(head.b).reshape([T, N, SYMBOLS]);
    return { logits, hidden };
  };

  /** Backpropagation through time from dL/dlogits; leaves the gradients in `head` and `gru`. */
  const backward = (dLdlogits: NDArray, hidden: NDArray): void => {
    const [T, N] = hidden.shape;
    const dZ = dLdlogits.reshape([T * N, SYMBOLS]);
    head.dLdW = dZ.transpose().matmul(hidden.reshape([T * N, HIDDEN]));
    head.dLdb = dZ.sum(0);
    const dHidden = dZ.matmul(head.W).reshape([T, N, HIDDEN]);
    gru.zeroGrad();
    let dh = zeros([N, HIDDEN]);
    for (let t = T - 1; t >= 0; t--) {
      const cell = steps[t];
      [cell.dLdW_ih, cell.dLdW_hh, cell.dLdb_ih, cell.dLdb_hh] = [gru.dLdW_ih, gru.dLdW_hh, gru.dLdb_ih, gru.dLdb_hh];
      dh = cell.backward(dh.add(dHidden.slice(t)))[1];
      [gru.dLdW_ih, gru.dLdW_hh, gru.dLdb_ih, gru.dLdb_hh] = [cell.dLdW_ih, cell.dLdW_hh, cell.dLdb_ih, cell.dLdb_hh];
    }
  };

  /** Σ edit distances of the decodings of a batch's logits, greedy and (optionally) beam. */
  const decode = (logits: NDArray, batch: Batch, beam: boolean): { greedy: number; beam: number } => {
    const logProbs = hw.logSoftmax(logits);
    const lengths = batch.inputLengths.toTypedArray();
    let [greedy, beamErrors] = [0, 0];
    batch.references.forEach((reference, n) => {
      const y = logProbs.slice(`:${lengths[n]}`, n);
      greedy += editDistance(Array.from(hw.greedySearch(y, BLANK).labels.toTypedArray()), reference);
      if (beam) beamErrors += editDistance(Array.from(hw.beamSearch(y, BEAM_WIDTH, BLANK).best.toTypedArray()), reference);
    });
    return { greedy, beam: beamErrors };
  };

  const evaluate = (): HeldOutFigures => {
    let [loss, greedy, beam, chars] = [0, 0, 0, 0];
    for (const batch of heldOut) {
      const { logits } = forward(batch.x);
      loss += ctc.forward(logits, batch.targets, batch.inputLengths, batch.targetLengths).item() * batch.references.length;
      const errors = decode(logits, batch, true);
      greedy += errors.greedy;
      beam += errors.beam;
      chars += batch.references.reduce((n, r) => n + r.length, 0);
    }
    return { loss: loss / heldOutSequences, greedyCER: greedy / chars, beamCER: beam / chars };
  };

  const parameters = [
    parameter(gru, "W_ih", () => gru.dLdW_ih),
    parameter(gru, "W_hh", () => gru.dLdW_hh),
    parameter(gru, "b_ih", () => gru.dLdb_ih),
    parameter(gru, "b_hh", () => gru.dLdb_hh),
    ...weightAndBias(head, "output projection"),
  ];
  const optimiser = new Adam(parameters, LEARNING_RATE);
  console.log(
    `GRU(${ROWS}, ${HIDDEN}) + CTC on strings of ${MIN_DIGITS}–${MAX_DIGITS} digits (14 rows × 10 columns each, read column by column), Adam: ` +
      `${trainDigits.count} training digits, ${heldOutSequences} held-out sequences from ${testDigits.count} test digits, ${epochs} epochs`,
  );
  const width = String(epochs).length;
  const { last, epochSeconds, seconds } = await runLoopYielding<TrainFigures, HeldOutFigures>({
    title: "GRU + CTC",
    epochs,
    unit: "digits",
    total: trainDigits.count,
    epoch: () => {
      const batches = minibatches(drawSequences(trainDigits, rng), rng);
      let [lossSum, greedySum, chars, sequencesSeen] = [0, 0, 0, 0];
      function* steps(): Iterable<Step> {
        for (const sequences of batches) {
          const batch = makeBatch(trainDigits, sequences);
          const { logits, hidden } = forward(batch.x);
          const loss = ctc.forward(logits, batch.targets, batch.inputLengths, batch.targetLengths).item();
          backward(ctc.backward(), hidden);
          optimiser.step(clipGradients(parameters.map(storedGradient), CLIP_NORM));
          lossSum += loss * sequences.length;
          greedySum += decode(logits, batch, false).greedy;
          chars += batch.references.reduce((n, r) => n + r.length, 0);
          sequencesSeen += sequences.length;
          yield { loss, done: chars };
        }
      }
      return { steps: steps(), seen: () => ({ loss: lossSum / sequencesSeen, greedyCER: greedySum / chars }) };
    },
    evaluate,
    line: ({ epoch, train, test, seconds }) =>
      `epoch ${String(epoch).padStart(width)}/${epochs}  train loss ${train.loss.toFixed(4)} CER ${percent(train.greedyCER)}   ` +
      `held-out loss ${test.loss.toFixed(4)} CER greedy ${percent(test.greedyCER)} beam ${percent(test.beamCER)}   ` +
      `${seconds.toFixed(2)} s`,
  });
  console.log(
    `\nfinal held-out CER: greedy ${(100 * last.greedyCER).toFixed(2)} %, beam search (width ${BEAM_WIDTH}) ${(100 * last.beamCER).toFixed(2)} %` +
      `  (${seconds.toFixed(1)} s in all, fastest epoch ${Math.min(...epochSeconds).toFixed(2)} s)`,
  );
  if (opts.save !== undefined) saveModel(opts.save, "hw3", "gru-ctc", { gru, head });
}
