/** Shared setup of the grading tests: hw1's suite and fixtures, built once per test file. */
import { join } from "node:path";
import { KIT_ROOT } from "../../autograder/src/paths.js";
import { grade, type GradeReport } from "../../autograder/src/grade.js";
import { loadFixturesFor } from "../../autograder/src/target.js";
import { loadSuite, SUITE_FILES } from "../../autograder/suites/index.js";
import type { Fixture } from "../../autograder/src/fixtures.js";
import type { Suite } from "../../autograder/src/suite.js";

export interface Grader {
  suite: Suite;
  fixtures: Fixture[];
  /** Grades `hwDir` on every case (public and hidden variants). */
  grade(hwDir: string, limits?: { timeoutMs?: number; memoryLimitBytes?: number }): Promise<GradeReport>;
}

export async function makeGrader(hw: string): Promise<Grader> {
  const suite = await loadSuite(hw);
  const fixtures = await loadFixturesFor(suite, suite.cases, { hidden: true });
  return {
    suite,
    fixtures,
    grade: (hwDir, limits = {}) =>
      grade({
        suite,
        cases: [...suite.cases],
        fixtures,
        hwDir,
        suiteFile: join(KIT_ROOT, "autograder/suites", SUITE_FILES[hw]),
        device: "cpu",
        timeoutMs: limits.timeoutMs ?? 10_000,
        memoryLimitBytes: limits.memoryLimitBytes ?? 2 ** 31,
      }),
  };
}

/** Ids of the cases that did not pass. */
export function failedIds(report: GradeReport): string[] {
  return report.tests.filter((t) => t.status !== "passed").map((t) => t.id);
}
