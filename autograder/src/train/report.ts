/**
 * What a training run prints: a progress bar per epoch (cli-progress; drawn only on a
 * terminal), one line of figures per epoch, and at the end a plain-text loss curve
 * (asciichart).
 */
import asciichart from "asciichart";
import { SingleBar } from "cli-progress";

/** Loss and classification error of one pass over some digits. */
export interface Figures {
  loss: number;
  error: number;
}

/** What one epoch reports: figures on the training minibatches as they were seen, and on the held-out data. */
export interface EpochReport<Train, Test> {
  epoch: number;
  epochs: number;
  train: Train;
  test: Test;
  /** Seconds the epoch's training took (its evaluation not included). */
  seconds: number;
}

/** Running means of the loss and error over the minibatches of an epoch, weighted by their sizes. */
export class RunningFigures {
  private loss = 0;
  private errors = 0;
  private count = 0;

  add(loss: number, error: number, n: number): void {
    this.loss += loss * n;
    this.errors += error * n;
    this.count += n;
  }

  mean(): Figures {
    return { loss: this.loss / this.count, error: this.errors / this.count };
  }
}

/** A progress bar over the examples of one epoch (`unit`: what they are, "digits" or "names"), showing the training loss. */
export class EpochBar {
  private readonly bar: SingleBar;

  constructor(label: string, total: number, unit: string) {
    this.bar = new SingleBar({
      format: `${label} [{bar}] {value}/{total} ${unit} | loss {loss}`,
      barsize: 30,
      hideCursor: true,
      clearOnComplete: true,
      stream: process.stdout,
    });
    this.bar.start(total, 0, { loss: "-" });
  }

  update(done: number, loss: number): void {
    this.bar.update(done, { loss: loss.toFixed(4) });
  }

  stop(): void {
    this.bar.stop();
  }
}

/** A fraction as a percentage, two decimals, right-aligned: " 12.34 %". */
export const percent = (x: number) => `${(100 * x).toFixed(2).padStart(6)} %`;

/** The line a digit classifier prints after each epoch. */
export function epochLine(f: EpochReport<Figures, Figures>): string {
  const width = String(f.epochs).length;
  return (
    `epoch ${String(f.epoch).padStart(width)}/${f.epochs}  ` +
    `train loss ${f.train.loss.toFixed(4)} error ${percent(f.train.error)}   ` +
    `test loss ${f.test.loss.toFixed(4)} error ${percent(f.test.error)}   ${f.seconds.toFixed(2)} s`
  );
}

/** At most `width` points: the means of consecutive, equal-as-possible windows of `values`. */
export function downsample(values: readonly number[], width: number): number[] {
  if (values.length <= width) return [...values];
  return Array.from({ length: width }, (_, i) => {
    const window = values.slice(Math.floor((i * values.length) / width), Math.floor(((i + 1) * values.length) / width));
    return window.reduce((a, b) => a + b, 0) / window.length;
  });
}

/** The training loss per minibatch (or chunk) over the whole run, as a plain-text chart. */
export function lossCurve(title: string, losses: readonly number[]): string {
  const points = downsample(losses, 64);
  const chart = asciichart.plot(points, { height: 10, format: (x) => x.toFixed(3).padStart(8) });
  return `${title} (training loss, ${losses.length} steps averaged into ${points.length} points)\n${chart}`;
}
