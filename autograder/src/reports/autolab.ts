/**
 * `--autolab`: Autolab reads the LAST line of the job's output as `{"scores": {...}}`,
 * one key per problem. Problems are the suite's sections (regular points), plus one
 * `bonus` problem holding every bonus case, so no section can exceed its maximum. The
 * grader prints this line itself, last, after the child has been stopped: nothing the
 * submission prints can come after it.
 */
import type { GradeReport } from "../grade.js";
import { suitePoints, type Suite } from "../suite.js";

export const BONUS_PROBLEM = "bonus";

export function autolabScores(report: GradeReport): Record<string, number> {
  const scores: Record<string, number> = {};
  for (const s of report.sections) {
    scores[s.id] = report.tests.filter((t) => t.section === s.id && !t.bonus).reduce((a, t) => a + t.score, 0);
  }
  if (report.bonus.max > 0) scores[BONUS_PROBLEM] = report.bonus.score;
  return scores;
}

export function autolabLine(report: GradeReport): string {
  return JSON.stringify({ scores: autolabScores(report) });
}

/** Autolab's problem names for a suite: its sections with regular points, then `bonus` if it has bonus cases. */
export function autolabProblemNames(suite: Suite): string[] {
  const names = suite.sections.filter((s) => suite.cases.some((c) => c.section === s.id && !c.bonus)).map((s) => s.id);
  return suitePoints(suite).bonus > 0 ? [...names, BONUS_PROBLEM] : names;
}

/** The lab's problem list (Autolab's `problems:` of the lab's .yml), from the suite, so names always match the score keys. */
export function autolabProblems(suite: Suite): string {
  const lines = ["problems:"];
  for (const s of suite.sections) {
    const max = suite.cases.filter((c) => c.section === s.id && !c.bonus).reduce((a, c) => a + c.points, 0);
    if (max > 0) lines.push(`  - name: ${s.id}`, `    description: ${JSON.stringify(`${s.number} ${s.title}`)}`, `    max_score: ${max}`, "    optional: false");
  }
  const { bonus } = suitePoints(suite);
  if (bonus > 0) lines.push(`  - name: ${BONUS_PROBLEM}`, `    description: "Bonus"`, `    max_score: ${bonus}`, "    optional: true");
  return `${lines.join("\n")}\n`;
}
