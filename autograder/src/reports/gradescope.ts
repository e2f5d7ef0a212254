/**
 * Gradescope's results.json (its published format: top-level score, execution_time,
 * output, stdout_visibility and tests; per test name, number, score, max_score, status,
 * output, visibility). One test per case.
 *
 * What students see: every test, and so their total, at once. Gradescope hides a
 * student's total score while any test is not visible to them, so a case that passes its
 * public cases but fails a hidden one stays visible; its message says a hidden case
 * failed without showing that case (the grader never puts a hidden case's values or
 * printed output in a message). The console report, which has the details, goes to
 * stdout, which Gradescope shows to instructors only (`stdout_visibility: hidden`). A
 * suite may still choose another visibility for a case, accepting that trade.
 *
 * When grading itself fails, the file is still valid: score 0 and one visible
 * "Autograder failed" test saying why.
 *
 * Part 2 (a homework's challenge), when the run had the labels to judge it, is one more
 * test after Part 1's, counted in the top-level score, and the top-level `leaderboard`
 * Gradescope's "Leaderboards" page describes (challenge/leaderboard.ts).
 */
import { challengeOf } from "../challenge/config.js";
import { challengeTestName, gradescopeLeaderboard, type GradescopeLeaderboardEntry } from "../challenge/leaderboard.js";
import { challengeCounts } from "../challenge/score-handin.js";
import type { GradeReport } from "../grade.js";
import type { Visibility } from "../suite.js";

export interface GradescopeTest {
  name: string;
  number?: string;
  score: number;
  max_score: number;
  status: "passed" | "failed";
  output: string;
  visibility: Visibility;
}

export interface GradescopeResults {
  score: number;
  /** Seconds the grading took. */
  execution_time?: number;
  output: string;
  /** Who sees what run_autograder printed: the console report, with details of hidden failures. */
  stdout_visibility: Visibility;
  tests: GradescopeTest[];
  /** Part 2's standing, when it was graded. */
  leaderboard?: GradescopeLeaderboardEntry[];
}

/** Part 2's test entry and leaderboard, when the run graded it with the labels. */
function part2(report: GradeReport): { test: GradescopeTest; leaderboard: GradescopeLeaderboardEntry[] } | undefined {
  const r = report.challenge;
  const c = challengeOf(report.hw);
  if (r === undefined || !challengeCounts(r) || c === undefined) return undefined;
  const test: GradescopeTest = {
    name: challengeTestName(c),
    score: r.points,
    max_score: r.max,
    status: r.status === "scored" && r.points > 0 ? "passed" : "failed",
    output: r.message,
    visibility: "visible",
  };
  return { test, leaderboard: gradescopeLeaderboard(c, r, report.score) };
}

export function gradescopeResults(report: GradeReport): GradescopeResults {
  const tests = report.tests.map((t): GradescopeTest => {
    const printed = t.output.trim() && t.failedOn !== "hidden" ? `\n\nYour code printed:\n${t.output}` : "";
    const hiddenOnly = t.failedOn === "hidden" ? "It passes the public cases you can run, and fails a hidden one (other seeds and sizes): " : "";
    return {
      name: `${t.id}: ${t.title}${t.bonus ? " (bonus)" : ""}`,
      number: t.number,
      score: t.score,
      max_score: t.bonus ? 0 : t.points,
      status: t.status === "passed" ? "passed" : "failed",
      output: t.status === "passed" ? "" : `${hiddenOnly}${t.message}${printed}`,
      visibility: t.visibility,
    };
  });
  const bonus = report.bonus.max > 0 ? ` (including ${report.bonus.score}/${report.bonus.max} bonus)` : "";
  const challenge = part2(report);
  const part2Text = challenge === undefined ? "" : `; Part 2 (challenge): ${challenge.test.score}/${challenge.test.max_score}`;
  return {
    score: report.score + (challenge?.test.score ?? 0),
    execution_time: Math.round(report.seconds),
    output: `${report.hw}: ${report.score} points${bonus} on ${report.device}${part2Text}`,
    stdout_visibility: "hidden",
    tests: challenge === undefined ? tests : [...tests, challenge.test],
    ...(challenge === undefined ? {} : { leaderboard: challenge.leaderboard }),
  };
}

/** A valid results.json when nothing could be graded; `seconds` when known. */
export function gradescopeFailure(reason: string, seconds?: number): GradescopeResults {
  return {
    score: 0,
    ...(seconds === undefined ? {} : { execution_time: Math.round(seconds) }),
    output: "The autograder could not grade this submission; ask the course staff.",
    stdout_visibility: "hidden",
    tests: [{ name: "Autograder failed", score: 0, max_score: 0, status: "failed", output: reason, visibility: "visible" }],
  };
}
