/**
 * The class leaderboard `grade:class` writes beside its CSV (leaderboard.csv) and shows on
 * the dashboard: every student whose predictions were scored, best first by the metric
 * (accuracy descending, CER ascending), under the nickname of their handin's nickname.txt
 * or, without one, their handin's name. Equal metrics share a rank (1, 2, 2, 4); ties list
 * by name. A handin without usable predictions is not on it (its row in the grades says
 * why). Cells are neutralised as grades.csv's are: a nickname is text a student chose.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "csv-stringify/sync";
import type { ClassRow } from "../class-grading.js";
import { csvCell, type CsvValue } from "../reports/csv.js";
import { metricName } from "./config.js";
import type { ChallengeConfig } from "./spec.js";

export const LEADERBOARD_NAME = "leaderboard.csv";

export interface LeaderboardRow {
  rank: number;
  /** The nickname, or the student's handin name. */
  name: string;
  /** The metric, a fraction. */
  value: number;
  points: number;
}

export function classLeaderboard(rows: readonly ClassRow[], c: ChallengeConfig): LeaderboardRow[] {
  const better = c.metric === "accuracy" ? -1 : 1;
  const scored = rows.flatMap((r) => {
    const ch = r.challenge;
    return ch?.status === "scored" && ch.value !== undefined ? [{ name: ch.nickname ?? r.student, value: ch.value, points: ch.points }] : [];
  });
  scored.sort((a, b) => better * (a.value - b.value) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return scored.map((s, i) => {
    const first = scored.findIndex((x) => x.value === s.value);
    return { rank: first === -1 ? i + 1 : first + 1, ...s };
  });
}

/** The metric's CSV column: `accuracy_percent`, `cer_percent`. */
export function metricColumn(c: Pick<ChallengeConfig, "metric">): string {
  return `${metricName(c).toLowerCase()}_percent`;
}

export function leaderboardCsv(board: readonly LeaderboardRow[], c: ChallengeConfig): string {
  const table: CsvValue[][] = [
    ["rank", "name", metricColumn(c), "challenge_points"],
    ...board.map((r) => [r.rank, r.name, Math.round(r.value * 10_000) / 100, r.points]),
  ];
  return stringify(table.map((row) => row.map(csvCell)));
}

/** Writes `dir`/leaderboard.csv; returns its path. */
export function writeLeaderboard(dir: string, rows: readonly ClassRow[], c: ChallengeConfig): string {
  const file = join(dir, LEADERBOARD_NAME);
  writeFileSync(file, leaderboardCsv(classLeaderboard(rows, c), c));
  return file;
}
