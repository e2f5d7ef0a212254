/**
 * Scoring a challenge: the metric of the predictions against the hidden labels, and the
 * points the config's cutoffs give it. Accuracy is the share of exact matches; CER (hw3's
 * digit strings) is the summed edit distance over the summed length of the labels, so a long
 * string weighs as much as its characters, and predicting nothing gives exactly 1.
 */
import { KitError } from "#ndarray";
import { checkedConfig } from "./config.js";
import type { ChallengeConfig } from "./spec.js";

/** Levenshtein distance: insertions, deletions and substitutions of one character each cost 1. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row.push(Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    prev = row;
  }
  return prev[b.length];
}

function sameLength(predictions: readonly string[], labels: readonly string[]): void {
  if (predictions.length !== labels.length || labels.length === 0) {
    throw new KitError("E_CHALLENGE_SCORE", `cannot score ${predictions.length} predictions against ${labels.length} labels`);
  }
}

export function accuracy(predictions: readonly string[], labels: readonly string[]): number {
  sameLength(predictions, labels);
  return predictions.filter((p, i) => p === labels[i]).length / labels.length;
}

/** Σ editDistance(prediction, label) / Σ label length. */
export function characterErrorRate(predictions: readonly string[], labels: readonly string[]): number {
  sameLength(predictions, labels);
  const chars = labels.reduce((a, l) => a + l.length, 0);
  if (chars === 0) throw new KitError("E_CHALLENGE_SCORE", "cannot compute a CER against labels that are all empty");
  return predictions.reduce((a, p, i) => a + editDistance(p, labels[i]), 0) / chars;
}

export function metricValue(c: Pick<ChallengeConfig, "metric">, predictions: readonly string[], labels: readonly string[]): number {
  return c.metric === "accuracy" ? accuracy(predictions, labels) : characterErrorRate(predictions, labels);
}

/** The metric of a handin with no usable predictions: what predicting nothing scores (accuracy 0, CER 1). */
export function worstValue(c: Pick<ChallengeConfig, "metric">): number {
  return c.metric === "accuracy" ? 0 : 1;
}

/**
 * Points for a metric value: 0 at the low cutoff or worse, `points` at the high cutoff or
 * better, linear in between (for either direction of metric), to a hundredth of a point.
 */
export function challengePoints(config: ChallengeConfig, value: number): number {
  const c = checkedConfig(config);
  const share = Math.min(1, Math.max(0, (value - c.low) / (c.high - c.low)));
  return Math.round(share * c.points * 100) / 100;
}
