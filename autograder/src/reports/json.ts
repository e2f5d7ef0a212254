/** `--json`: the whole report, for scripts and CI (score, max, and every test's id, section, points, status, message). */
import type { GradeReport } from "../grade.js";

export function jsonReport(report: GradeReport): string {
  return JSON.stringify(report, null, 2);
}
