/**
 * `--autolab`: Autolab reads the LAST line of the job's output as `{"scores": {...}}`, one
 * key per problem of the lab's .yml, and rejects the whole line when a key names no
 * problem. So every score line and the .yml's problem list come from `autolabProblems`:
 * each section with regular points is a problem, and one `bonus` problem (optional) holds
 * every bonus case, so no problem can exceed its maximum and a section that holds only
 * bonus cases (hw1's autograd, hw3's lstmcell) is never a key of its own. The grader
 * prints this line itself, last, after the child has been stopped: nothing the submission
 * prints can come after it.
 */
import { KitError } from "#ndarray";
import type { GradeReport } from "../grade.js";
import type { Suite } from "../suite.js";

export const BONUS_PROBLEM = "bonus";

/** What problems are made of: a suite's cases, or a report's tests (the same fields). */
export interface Scorable {
  section: string;
  points: number;
  bonus?: boolean;
}

export interface AutolabProblem {
  name: string;
  description: string;
  maxScore: number;
  optional: boolean;
}

/** The problem a case or test counts towards. */
export function problemOf(item: Scorable): string {
  return item.bonus ? BONUS_PROBLEM : item.section;
}

/**
 * Autolab's problems, in the suite's section order, then `bonus` when there are bonus
 * points. A section with regular points named "bonus" would merge with the bonus problem,
 * so it is refused.
 */
export function autolabProblems(sections: readonly { id: string; number: string; title: string }[], items: readonly Scorable[]): AutolabProblem[] {
  const problems: AutolabProblem[] = [];
  for (const s of sections) {
    const max = items.filter((c) => !c.bonus && c.section === s.id).reduce((a, c) => a + c.points, 0);
    if (max === 0) continue;
    if (s.id === BONUS_PROBLEM) throw new KitError("E_AUTOLAB_PROBLEMS", `section "${s.id}" has regular points, but "${BONUS_PROBLEM}" is the problem of the bonus cases`);
    problems.push({ name: s.id, description: `${s.number} ${s.title}`, maxScore: max, optional: false });
  }
  const bonus = items.filter((c) => c.bonus).reduce((a, c) => a + c.points, 0);
  if (bonus > 0) problems.push({ name: BONUS_PROBLEM, description: "Bonus", maxScore: bonus, optional: true });
  return problems;
}

/** The problem names of a suite's lab, in order: the .yml's `problems:` and every score line's keys. */
export function autolabProblemNames(suite: Suite): string[] {
  return autolabProblems(suite.sections, suite.cases).map((p) => p.name);
}

/** Points per problem of a report (bonus tests under `bonus`). */
export function autolabScores(report: GradeReport): Record<string, number> {
  const scores: Record<string, number> = {};
  for (const p of autolabProblems(report.sections, report.tests)) {
    scores[p.name] = report.tests.filter((t) => problemOf(t) === p.name).reduce((a, t) => a + t.score, 0);
  }
  return scores;
}

export function autolabLine(report: GradeReport): string {
  return JSON.stringify({ scores: autolabScores(report) });
}

/**
 * The score line when nothing could be graded: every problem of the suite at 0 (and no
 * keys for a homework without a suite, which has no lab to match).
 */
export function autolabZeroLine(suite: Suite | undefined): string {
  const names = suite === undefined ? [] : autolabProblemNames(suite);
  return JSON.stringify({ scores: Object.fromEntries(names.map((n) => [n, 0])) });
}
