/**
 * How each homework's challenge (Part 2) is scored: the one place an instructor sets the
 * metric, the points and the two cutoffs. A model at the low cutoff or worse scores 0, one at
 * the high cutoff or better scores every point, and points grow linearly in between
 * (score.ts). The cutoffs are meant to sit at a majority-class predictor (low) and at what
 * the reference model reaches on the test set (high).
 *
 * Every config is checked when it is read, so a slip here (equal cutoffs, cutoffs the wrong
 * way round for the metric) stops grading with one line instead of giving everyone 0.
 */
import { KitError } from "#ndarray";
import { CHALLENGE_HOMEWORKS, type ChallengeConfig, type ChallengeHomework } from "./spec.js";

const CONFIGS: Record<ChallengeHomework, ChallengeConfig> = {
  hw1: { hw: "hw1", metric: "accuracy", points: 20, low: 0.5, high: 0.86 },
  hw2: { hw: "hw2", metric: "accuracy", points: 20, low: 0.6, high: 0.95 },
  hw3: { hw: "hw3", metric: "cer", points: 20, low: 0.6, high: 0.135 },
};

/** The name of the Part-2 problem in Autolab's lab, score lines and the class CSV. */
export const CHALLENGE_PROBLEM = "challenge";

export function isChallengeHomework(hw: string): hw is ChallengeHomework {
  return (CHALLENGE_HOMEWORKS as readonly string[]).includes(hw);
}

/** What is wrong with a config, or undefined when it can be used. */
export function configProblem(c: ChallengeConfig): string | undefined {
  const finite = [c.points, c.low, c.high].every(Number.isFinite);
  if (!finite || !(c.points > 0)) return `points (${c.points}) must be a positive number and the cutoffs finite`;
  if (c.low === c.high) return `the low and high cutoffs are equal (${c.low}), so no model could earn part of the points`;
  if (c.metric === "accuracy" && !(c.low < c.high)) return `accuracy is better when higher, so the low cutoff (${c.low}) must be below the high one (${c.high})`;
  if (c.metric === "cer" && !(c.low > c.high)) return `CER is better when lower, so the low cutoff (${c.low}) must be above the high one (${c.high})`;
  if (Math.min(c.low, c.high) < 0 || (c.metric === "accuracy" && Math.max(c.low, c.high) > 1)) return `the cutoffs (${c.low}, ${c.high}) lie outside the metric's range`;
  return undefined;
}

/** `c` when it can be used; a one-line KitError naming the homework and the problem otherwise. */
export function checkedConfig(c: ChallengeConfig): ChallengeConfig {
  const problem = configProblem(c);
  if (problem !== undefined) throw new KitError("E_CHALLENGE_CONFIG", `challenge config of ${c.hw} (autograder/src/challenge/config.ts): ${problem}`);
  return c;
}

export function challengeConfig(hw: ChallengeHomework): ChallengeConfig {
  return checkedConfig(CONFIGS[hw]);
}

/** The config of `hw`'s challenge, or undefined for a homework without one (hw0, hw4). */
export function challengeOf(hw: string): ChallengeConfig | undefined {
  return isChallengeHomework(hw) ? challengeConfig(hw) : undefined;
}

/** A metric's name as people read it. */
export function metricName(c: Pick<ChallengeConfig, "metric">): string {
  return c.metric === "accuracy" ? "accuracy" : "CER";
}

/** A metric value (a fraction) as a percentage: `93.45 %`. */
export function percent(value: number): string {
  return `${(Math.round(value * 10_000) / 100).toString()} %`;
}

/** The cutoffs in words: `0 points at 50 % or less, all 20 at 90 % or more, linear in between`. */
export function cutoffText(c: ChallengeConfig): string {
  const [worse, better] = c.metric === "accuracy" ? ["or less", "or more"] : ["or more", "or less"];
  return `${metricName(c)} on the hidden test labels: 0 points at ${percent(c.low)} ${worse}, all ${c.points} at ${percent(c.high)} ${better}, linear in between`;
}

/**
 * The challenge's rows for a handout's rubric table (rubric.ts's columns: #, Test, What it
 * checks, Points), to follow Part 1's rows; none for a homework without a challenge.
 */
export function challengeRubricRows(hw: string): string[] {
  const c = challengeOf(hw);
  if (c === undefined) return [];
  return [`| **P2** | **Part 2: challenge** (\`${CHALLENGE_PROBLEM}\`) | ${cutoffText(c)} | **${c.points}** |`];
}
