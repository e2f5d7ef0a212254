/**
 * `--autolab`: Autolab reads the LAST line of the job's output as `{"scores": {...}}`, one
 * key per problem of the lab's .yml, and rejects the whole line when a key names no
 * problem. So every score line and the .yml's problem list come from `autolabProblems`:
 * each section with regular points is a problem, and one `bonus` problem (optional) holds
 * every bonus case, so no problem can exceed its maximum and a section that holds only
 * bonus cases (hw1's autograd, hw3's lstmcell) is never a key of its own. The grader
 * prints this line itself, last, after the child has been stopped: nothing the submission
 * prints can come after it.
 *
 * A homework with a challenge (Part 2) has one more problem, `challenge`, after Part 1's,
 * and its score lines end with the `scoreboard` values its lab's column spec names
 * (challenge/leaderboard.ts). A run that selected tests (`--only`) grades no Part 2 and
 * carries neither.
 */
import { KitError } from "#ndarray";
import { CHALLENGE_PROBLEM, challengeOf } from "../challenge/config.js";
import { autolabScoreboardEntry } from "../challenge/leaderboard.js";
import { challengeCounts } from "../challenge/score-handin.js";
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

/** A lab's problems: Part 1's (autolabProblems), then `challenge` when the homework has one. */
export function labProblems(hw: string, sections: readonly { id: string; number: string; title: string }[], items: readonly Scorable[]): AutolabProblem[] {
  const c = challengeOf(hw);
  const part2 = c === undefined ? [] : [{ name: CHALLENGE_PROBLEM, description: "Part 2: challenge", maxScore: c.points, optional: false }];
  return [...autolabProblems(sections, items), ...part2];
}

/** The problem names of a suite's lab, in order: the .yml's `problems:` and every score line's keys. */
export function autolabProblemNames(suite: Suite): string[] {
  return labProblems(suite.hw, suite.sections, suite.cases).map((p) => p.name);
}

/** Points per problem of a report (bonus tests under `bonus`; Part 2 under `challenge` when the run graded it). */
export function autolabScores(report: GradeReport): Record<string, number> {
  const scores: Record<string, number> = {};
  for (const p of autolabProblems(report.sections, report.tests)) {
    scores[p.name] = report.tests.filter((t) => problemOf(t) === p.name).reduce((a, t) => a + t.score, 0);
  }
  if (report.challenge !== undefined) scores[CHALLENGE_PROBLEM] = challengeCounts(report.challenge) ? report.challenge.points : 0;
  return scores;
}

export function autolabLine(report: GradeReport): string {
  const c = report.challenge === undefined ? undefined : challengeOf(report.hw);
  const scoreboard = c === undefined ? {} : { scoreboard: autolabScoreboardEntry(c, report.challenge, report.score) };
  return JSON.stringify({ scores: autolabScores(report), ...scoreboard });
}

/**
 * The score line when nothing could be graded: every problem of the suite at 0 (and no
 * keys for a homework without a suite, which has no lab to match), and the scoreboard's
 * values of a handin without predictions.
 */
export function autolabZeroLine(suite: Suite | undefined): string {
  const names = suite === undefined ? [] : autolabProblemNames(suite);
  const c = suite === undefined ? undefined : challengeOf(suite.hw);
  const scoreboard = c === undefined ? {} : { scoreboard: autolabScoreboardEntry(c, undefined, 0) };
  return JSON.stringify({ scores: Object.fromEntries(names.map((n) => [n, 0])), ...scoreboard });
}
