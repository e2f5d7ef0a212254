/**
 * The trainers' epoch times the issue set targets for (hw1's MLP, hw2's CNN on 28×28 digits,
 * reference solutions), each from a `npm run train` run in a child process, as a student
 * runs it: the fastest epoch's training seconds, read from the per-epoch lines. Without the
 * digits (`npm run data`), or when the run fails, the row says why instead.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** A trainer's fastest epoch in ms, or why there is none. */
export interface EpochFigure {
  readonly name: string;
  readonly ms: number | string;
  /** The target: at most this many ms. */
  readonly atMost: number;
}

const KIT = fileURLToPath(new URL("../..", import.meta.url));

/** The fastest epoch of `npm run train <hw> -- --reference --epochs E`, in ms, or the run's last error line. */
function fastestEpoch(hw: string, epochs: number): number | string {
  const run = spawnSync(process.execPath, ["--import", "tsx", "autograder/src/train/train-cli.ts", hw, "--reference", "--epochs", String(epochs)], {
    cwd: KIT,
    encoding: "utf8",
    timeout: 600_000,
  });
  if (run.status !== 0) return `skipped: ${(run.stderr || run.error?.message || "no output").trim().split("\n").pop()}`;
  const seconds = [...run.stdout.matchAll(/^epoch \d+\/\d+ .* ([\d.]+) s$/gm)].map((m) => Number(m[1]));
  return seconds.length > 0 ? 1000 * Math.min(...seconds) : "skipped: no epoch line in the trainer's output";
}

export function trainerFigures(): EpochFigure[] {
  return [
    { name: "hw1 trainer epoch (8 000 digits)", ms: fastestEpoch("hw1", 3), atMost: 400 },
    { name: "hw2 trainer epoch (28×28 CNN)", ms: fastestEpoch("hw2", 1), atMost: 8000 },
  ];
}
