/**
 * The challenge's leaderboards on the grading services, each in its documented format:
 *
 * - Autolab (docs/features/scoreboards.md): the lab's column spec
 *   `{"scoreboard": [{"hdr": …, "asc": 1}, …]}` (the .yml's `scoreboard: colspec:`), and each
 *   score line's `"scoreboard": [v1, v2, …]`, one value per column in the same order. Rows
 *   are sorted by the first three columns, descending unless `asc`; students appear under
 *   their Autolab nickname.
 * - Gradescope (gradescope-autograders.readthedocs.io, "Leaderboards"): results.json's
 *   top-level `"leaderboard": [{"name", "value", "order"?}]`, `order` "asc" or "desc" (the
 *   default); students appear under the pseudonym they give when submitting.
 *
 * Both rank by the metric first (accuracy higher is better; CER lower), then the challenge's
 * points, then Part 1's. A handin without usable predictions shows what predicting nothing
 * scores (accuracy 0 %, CER 100 %), so it sorts last rather than breaking a column.
 */
import { CHALLENGE_PROBLEM, metricName } from "./config.js";
import { challengeCounts, type ChallengeResult } from "./score-handin.js";
import { worstValue } from "./score.js";
import type { ChallengeConfig } from "./spec.js";

export interface AutolabColumn {
  hdr: string;
  asc?: 1;
}

export interface GradescopeLeaderboardEntry {
  name: string;
  value: number | string;
  order?: "asc" | "desc";
}

/** The metric's column header: `Accuracy (%)`, `CER (%)`. */
export function metricHeader(c: Pick<ChallengeConfig, "metric">): string {
  const name = metricName(c);
  return `${name[0].toUpperCase()}${name.slice(1)} (%)`;
}

/** Autolab's columns for a challenge, in score-line order. */
export function autolabScoreboardColumns(c: ChallengeConfig): AutolabColumn[] {
  return [{ hdr: metricHeader(c), ...(c.metric === "cer" ? { asc: 1 as const } : {}) }, { hdr: "Challenge" }, { hdr: "Part 1" }];
}

/** The lab's column spec, as the JSON text Autolab stores. */
export function autolabColspec(c: ChallengeConfig): string {
  return JSON.stringify({ scoreboard: autolabScoreboardColumns(c) });
}

/** A metric as a percentage to two decimals: what both services show. */
function percentValue(value: number): number {
  return Math.round(value * 10_000) / 100;
}

/** The metric a leaderboard shows for a result: its value when scored, what predicting nothing scores otherwise. */
export function shownMetric(c: Pick<ChallengeConfig, "metric">, r: ChallengeResult | undefined): number {
  return percentValue(r?.status === "scored" && r.value !== undefined ? r.value : worstValue(c));
}

/** One score line's `scoreboard` values, matching `autolabScoreboardColumns`. */
export function autolabScoreboardEntry(c: ChallengeConfig, r: ChallengeResult | undefined, part1: number): number[] {
  return [shownMetric(c, r), r !== undefined && challengeCounts(r) ? r.points : 0, part1];
}

/** results.json's `leaderboard`, for a run whose challenge counts. */
export function gradescopeLeaderboard(c: ChallengeConfig, r: ChallengeResult, part1: number): GradescopeLeaderboardEntry[] {
  return [
    { name: metricHeader(c), value: shownMetric(c, r), ...(c.metric === "cer" ? { order: "asc" as const } : {}) },
    { name: "Challenge points", value: challengeCounts(r) ? r.points : 0 },
    { name: "Part 1 points", value: part1 },
  ];
}

/** The Gradescope test entry's name for Part 2. */
export function challengeTestName(c: ChallengeConfig): string {
  return `${CHALLENGE_PROBLEM}: Part 2, ${metricName(c)} on the hidden test set`;
}
