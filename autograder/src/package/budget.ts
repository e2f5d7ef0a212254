/**
 * Autolab (Tango) and Gradescope kill a job at a wall-clock limit, and a killed job has no
 * score: Autolab finds no score line, Gradescope no results.json. So the grader gets
 * `--budget` seconds, less than the limit by a margin for what happens outside the
 * grader's clock: unpacking the package, starting Node and tsx on a slow shared CPU
 * (Gradescope gives half a core), and ending the job.
 */
import { KitError } from "#ndarray";

/** Below this a job cannot start Node, compile a submission and run a case. */
export const MIN_JOB_SECONDS = 60;

/** The grader's `--budget` for a job limited to `limitS` seconds: 10 % of it kept back, at least 20 s. */
export function gradingBudget(limitS: number): number {
  if (!(limitS >= MIN_JOB_SECONDS)) throw new KitError("E_USAGE", `--timeout ${limitS}: a grading job needs at least ${MIN_JOB_SECONDS} seconds`);
  return Math.floor(limitS - Math.max(20, limitS * 0.1));
}
