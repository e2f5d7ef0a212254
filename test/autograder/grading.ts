/** Shared setup of the grading tests: hw1's suite and fixtures, built once per test file. */
import { join } from "node:path";
import { KIT_ROOT } from "../../autograder/src/paths.js";
import { grade, type GradeReport } from "../../autograder/src/grade.js";
import { loadFixturesFor } from "../../autograder/src/target.js";
import { loadSuite, SUITE_FILES } from "../../autograder/suites/index.js";
import type { Fixture } from "../../autograder/src/fixtures.js";
import type { Suite } from "../../autograder/src/suite.js";

/** A grading's limits, and the cases it grades. */
export interface GradeChoices {
  timeoutMs?: number;
  memoryLimitBytes?: number;
  /** Ids of the cases to grade, in the suite's order; every case when absent. */
  only?: readonly string[];
}

export interface Grader {
  suite: Suite;
  fixtures: Fixture[];
  /** Grades `hwDir` on every case, or on the cases of `choices.only` (public and hidden variants). */
  grade(hwDir: string, choices?: GradeChoices): Promise<GradeReport>;
}

export async function makeGrader(hw: string): Promise<Grader> {
  const suite = await loadSuite(hw);
  const fixtures = await loadFixturesFor(suite, suite.cases, { hidden: true });
  return {
    suite,
    fixtures,
    grade: async (hwDir, choices = {}) => {
      const unknown = choices.only?.filter((id) => !suite.cases.some((c) => c.id === id)) ?? [];
      if (unknown.length > 0) throw new Error(`${hw} has no case ${unknown.join(", ")}`);
      return grade({
        suite,
        cases: suite.cases.filter((c) => choices.only === undefined || choices.only.includes(c.id)),
        fixtures,
        hwDir,
        suiteFile: join(KIT_ROOT, "autograder/suites", SUITE_FILES[hw]),
        device: "cpu",
        timeoutMs: choices.timeoutMs ?? 10_000,
        memoryLimitBytes: choices.memoryLimitBytes ?? 2 ** 31,
      });
    },
  };
}

/** A gate that lets at most `n` tasks run at once; the others wait their turn, first come first served. */
export function inTurns(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running < n) running++;
    else await new Promise<void>((go) => waiting.push(go));
    try {
      return await task();
    } finally {
      // A waiting task takes over the slot; only when none waits is it freed.
      const next = waiting.shift();
      if (next) next();
      else running--;
    }
  };
}

/** Ids of the cases that did not pass. */
export function failedIds(report: GradeReport): string[] {
  return report.tests.filter((t) => t.status !== "passed").map((t) => t.id);
}
