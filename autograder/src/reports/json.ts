/**
 * `--json`: the whole report, for scripts and CI (score, max, and every test's id, section,
 * points, status and message); `--json-out FILE` writes the same to a file, which stays
 * valid JSON whatever else the run prints (npm's banner, the table). Part 2 of a homework
 * with a challenge is the `challenge` field (challenge/score-handin.ts), apart from Part 1's
 * `score` and `max`, so the reference still scores `score === max`.
 */
import { writeFileSync } from "node:fs";
import { KitError } from "#ndarray";
import type { GradeReport } from "../grade.js";

export function jsonReport(report: GradeReport): string {
  return JSON.stringify(report, null, 2);
}

export function writeJsonReport(file: string, report: GradeReport): void {
  try {
    writeFileSync(file, `${jsonReport(report)}\n`);
  } catch (e) {
    throw new KitError("E_WRITE", `--json-out ${file}: cannot write the report: ${e instanceof Error ? e.message : String(e)}`);
  }
}
