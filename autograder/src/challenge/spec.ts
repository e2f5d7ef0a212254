/**
 * Part 2 of a homework: a held-out challenge. Students train a model with their own kit
 * code, predict labels for test inputs whose labels they never see, and submit the
 * predictions; the course autograder scores them by cutoffs. This file is the contract
 * between the student side (the data sets, `npm run challenge`, the predictions file) and
 * the grading side (reading the file, scoring it, the leaderboards).
 */

/** The homeworks with a challenge. hw4 has none: its names come from a public npm package (the handout says why). */
export const CHALLENGE_HOMEWORKS = ["hw1", "hw2", "hw3"] as const;
export type ChallengeHomework = (typeof CHALLENGE_HOMEWORKS)[number];

/** Where the predictions live in the homework folder, and so in a handin: `hw1/predictions.csv`. */
export const PREDICTIONS_FILE = "predictions.csv";

/**
 * The predictions file: a header line `id,prediction`, then one row per test input, ids
 * `0 … N−1` in any order, each exactly once. A prediction is a digit `0`–`9` (hw1, hw2)
 * or a string of digits (hw3, possibly empty).
 */
export const PREDICTIONS_HEADER = ["id", "prediction"] as const;

/** The hidden answers of one homework's test set: `labels[id]` for ids `0 … N−1`. */
export interface ChallengeLabels {
  hw: ChallengeHomework;
  labels: string[];
}

/**
 * How a homework's challenge is scored: `metric` of the predictions against the labels,
 * mapped linearly to points between `low` (0 points) and `high` (all `points`), capped at both ends.
 * For `accuracy` higher is better (low < high); for `cer` (character error rate) lower is better (low > high).
 */
export interface ChallengeConfig {
  hw: ChallengeHomework;
  metric: "accuracy" | "cer";
  points: number;
  low: number;
  high: number;
}
