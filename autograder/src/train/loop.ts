/**
 * The loop every trainer runs, so that epochs, the progress bar, the per-epoch line and the
 * loss curve look and time the same in every homework. A trainer says what an epoch is
 * (its seeded order of minibatches and the update on each), how to evaluate, and what to
 * print; the loop drives it.
 */
import { KitError, type Generator as Rng, type NDArray } from "#ndarray";
import type { Features } from "./digits.js";
import { EpochBar, lossCurve, RunningFigures, type EpochReport, type Figures } from "./report.js";

/** One minibatch step, as the progress bar and the loss curve see it. */
export interface Step {
  /** The minibatch's training loss: one point of the loss curve. */
  loss: number;
  /** Examples of the epoch done after this step: where the progress bar stands. */
  done: number;
}

/** One epoch, prepared at its start (its order drawn, modes and rates set). */
export interface Epoch<Train> {
  /** Trains on the epoch's minibatches one at a time, yielding after each update. */
  steps: Iterable<Step>;
  /** The epoch's training figures, from what its steps saw. */
  seen(): Train;
}

/** Work done in pieces, pausing (`yield`) between them, that ends with a value. */
export type Steps<T> = Generator<void, T, undefined>;

/**
 * How the held-out figures are computed after each epoch: at once, or in steps (an
 * evaluation over batches that makes much garbage pauses between them, so that
 * runLoopYielding lets the cpu heap be freed there too).
 */
export type Evaluation<Test> = { evaluate(): Test } | { evaluateInSteps(): Steps<Test> };

export type Loop<Train, Test> = LoopPlan<Train, Test> & Evaluation<Test>;

interface LoopPlan<Train, Test> {
  /** Title of the loss curve printed at the end. */
  title: string;
  epochs: number;
  /** What an epoch goes through ("digits", "names") and how many of them. */
  unit: string;
  total: number;
  /** Prepares epoch `epoch` (1-based); called after the previous epoch's evaluation. */
  epoch(epoch: number): Epoch<Train>;
  /** The line printed after each epoch. */
  line(report: EpochReport<Train, Test>): string;
}

export interface LoopResult<Test> {
  /** The held-out figures after the last epoch. */
  last: Test;
  /** Training seconds of each epoch. */
  epochSeconds: number[];
  /** Seconds of the whole loop, evaluations included. */
  seconds: number;
}

/**
 * The loop itself, as a generator that pauses after every minibatch step, so that a driver
 * can let the event loop turn there (runLoopYielding) or not (runLoop).
 */
function* looping<Train, Test>(loop: Loop<Train, Test>): Steps<LoopResult<Test>> {
  if (loop.epochs < 1) throw new KitError("E_USAGE", `train: at least one epoch is needed, got ${loop.epochs}`);
  const curve: number[] = [];
  const epochSeconds: number[] = [];
  const started = performance.now();
  const held: Test[] = [];
  for (let epoch = 1; epoch <= loop.epochs; epoch++) {
    const start = performance.now();
    const { steps, seen } = loop.epoch(epoch);
    const bar = new EpochBar(`epoch ${epoch}/${loop.epochs}`, loop.total, loop.unit);
    try {
      for (const step of steps) {
        curve.push(step.loss);
        bar.update(step.done, step.loss);
        yield;
      }
    } finally {
      bar.stop();
    }
    const seconds = (performance.now() - start) / 1000;
    epochSeconds.push(seconds);
    const test = "evaluateInSteps" in loop ? yield* loop.evaluateInSteps() : loop.evaluate();
    held.push(test);
    console.log(loop.line({ epoch, epochs: loop.epochs, train: seen(), test, seconds }));
  }
  console.log(lossCurve(loop.title, curve));
  return { last: held[held.length - 1], epochSeconds, seconds: (performance.now() - started) / 1000 };
}

/** Runs every epoch with its progress bar and line, then prints the loss curve of every step. */
export function runLoop<Train, Test>(loop: Loop<Train, Test>): LoopResult<Test> {
  const run = looping(loop);
  for (let next = run.next(); ; next = run.next()) if (next.done === true) return next.value;
}

/** Lets the event loop turn once (a macrotask, after any pending I/O and cleanup callbacks). */
const turn = () => new Promise<void>((resumed) => setImmediate(resumed));

/**
 * runLoop, letting the event loop turn after every step. The cpu device frees the
 * WebAssembly blocks of arrays nobody holds only then (its FinalizationRegistry callbacks,
 * ndarray/devices/cpu/buffer.ts): a loop that never yields fills the heap's budget with
 * garbage within a few hundred steps, and every later array is a typed array that each
 * kernel call copies in and out, several times slower. A turn costs microseconds.
 */
export async function runLoopYielding<Train, Test>(loop: Loop<Train, Test>): Promise<LoopResult<Test>> {
  const run = looping(loop);
  for (let next = run.next(); ; next = run.next()) {
    if (next.done === true) return next.value;
    await turn();
  }
}

/** A minibatch of digits, and how many of the epoch's digits are done once it is. */
export interface Minibatch extends Features {
  done: number;
}

/** The digits in a fresh seeded order (`rng.permutation`), cut into minibatches of `size` rows (views). */
export function shuffledMinibatches(digits: Features, size: number, rng: Rng): Minibatch[] {
  const N = digits.y.shape[0];
  const order = rng.permutation(N);
  const X = digits.X.take(order, 0);
  const y = digits.y.take(order, 0);
  return Array.from({ length: Math.ceil(N / size) }, (_, i) => {
    const rows = `${i * size}:${(i + 1) * size}`;
    return { X: X.slice(rows), y: y.slice(rows), done: Math.min(N, (i + 1) * size) };
  });
}

/**
 * The epoch of a digit classifier: `step` trains on one minibatch and returns its loss and
 * classification error; the epoch's training figures are their means weighted by minibatch size.
 */
export function classifierEpoch(minibatches: Iterable<Minibatch>, step: (X: NDArray, y: NDArray) => Figures): Epoch<Figures> {
  const seen = new RunningFigures();
  function* steps(): Iterable<Step> {
    for (const { X, y, done } of minibatches) {
      const f = step(X, y);
      seen.add(f.loss, f.error, y.shape[0]);
      yield { loss: f.loss, done };
    }
  }
  return { steps: steps(), seen: () => seen.mean() };
}
