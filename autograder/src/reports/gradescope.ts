/**
 * Gradescope's results.json: one test per case (`name`, `number`, `score`, `max_score`,
 * `status`, `output`, `visibility`). A case that passes its public variants but fails a
 * hidden one is shown `after_published`: students learn of hidden failures with their
 * grades, as with Gradescope's hidden tests. When grading itself fails, the file is still
 * valid: score 0 and one visible "Autograder failed" test saying why.
 */
import type { GradeReport } from "../grade.js";

export interface GradescopeTest {
  name: string;
  number?: string;
  score: number;
  max_score: number;
  status: "passed" | "failed";
  output: string;
  visibility: string;
}

export interface GradescopeResults {
  score: number;
  output: string;
  tests: GradescopeTest[];
}

export function gradescopeResults(report: GradeReport): GradescopeResults {
  const tests = report.tests.map((t): GradescopeTest => {
    const hiddenOnly = t.failedOn === "hidden";
    const printed = t.output.trim() ? `\n\nYour code printed:\n${t.output}` : "";
    return {
      name: `${t.id}: ${t.title}${t.bonus ? " (bonus)" : ""}`,
      number: t.number,
      score: t.score,
      max_score: t.bonus ? 0 : t.points,
      status: t.status === "passed" ? "passed" : "failed",
      output: t.status === "passed" ? "" : `${t.message}${printed}`,
      visibility: hiddenOnly ? "after_published" : t.visibility,
    };
  });
  const bonus = report.bonus.max > 0 ? ` (including ${report.bonus.score}/${report.bonus.max} bonus)` : "";
  return { score: report.score, output: `${report.hw}: ${report.score} points${bonus} on ${report.device}`, tests };
}

export function gradescopeFailure(reason: string): GradescopeResults {
  return {
    score: 0,
    output: "The autograder could not grade this submission; ask the course staff.",
    tests: [{ name: "Autograder failed", score: 0, max_score: 0, status: "failed", output: reason, visibility: "visible" }],
  };
}
