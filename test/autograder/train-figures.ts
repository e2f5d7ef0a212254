/**
 * The figures `npm run train` prints after each epoch, read back from its output so that a
 * test can assert that a run learnt (its training loss fell, its held-out error ended low),
 * not only that it printed lines of the right shape.
 */

export interface EpochFigures {
  epoch: number;
  /** Mean training loss over the epoch's minibatches. */
  trainLoss: number;
  /** Loss on the held-out data (test digits, held-out sequences or validation names) after the epoch. */
  heldOutLoss: number;
}

const EPOCH_LINE = /^epoch (\d+)\/\d+ +train loss ([\d.]+).*?(?:test|held-out|validation) loss ([\d.]+)/gm;

/** Every epoch line of `stdout`, in order (a trainer of two models prints two runs of them). */
export function epochFigures(stdout: string): EpochFigures[] {
  return [...stdout.matchAll(EPOCH_LINE)].map((m) => ({ epoch: Number(m[1]), trainLoss: Number(m[2]), heldOutLoss: Number(m[3]) }));
}

/** The number printed after `label` (a percentage or a loss), as a number; throws when `stdout` has none. */
export function figureAfter(stdout: string, label: string): number {
  const at = stdout.indexOf(label);
  const match = at < 0 ? null : /-?[\d.]+/.exec(stdout.slice(at + label.length));
  if (match === null) throw new Error(`no figure after "${label}" in:\n${stdout}`);
  return Number(match[0]);
}
