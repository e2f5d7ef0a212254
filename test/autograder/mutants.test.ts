/** Proof that each homework's tests bite: every planted bug loses points in the test it names. */
import { afterAll, describe, expect, it } from "vitest";
import { homeworks } from "../../autograder/suites/index.js";
import { MUTANTS } from "../mutants/index.js";
import { failedIds, makeGrader, type Grader } from "./grading.js";
import { makeSubmission, removeSubmission } from "./submission.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeSubmission));

describe.each(homeworks())("%s mutants", (hw) => {
  const mutants = MUTANTS[hw] ?? [];
  let grader: Grader | undefined;
  const graderFor = async () => (grader ??= await makeGrader(hw));

  it("number at least 8, each named once", () => {
    expect(mutants.length).toBeGreaterThanOrEqual(8);
    expect(new Set(mutants.map((m) => m.id)).size).toBe(mutants.length);
  });

  it.each(mutants.map((m) => [m.id, m] as const))("%s loses points in the test it names", async (_id, mutant) => {
    const g = await graderFor();
    const dir = makeSubmission(hw, mutant.edits);
    dirs.push(dir);
    const report = await g.grade(dir);
    const failed = failedIds(report);
    for (const id of mutant.loses) {
      expect(g.suite.cases.some((c) => c.id === id), `${id} is a case of the suite`).toBe(true);
      expect(failed, `${mutant.what}: ${id} must fail`).toContain(id);
    }
    expect(report.score).toBeLessThan(report.max);
  });
});
