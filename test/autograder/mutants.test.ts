/** Proof that the hw1 tests bite: every planted bug loses points in the test it names. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HW1_MUTANTS } from "../mutants/hw1.js";
import { failedIds, makeGrader, type Grader } from "./grading.js";
import { makeSubmission, removeSubmission } from "./submission.js";

let grader: Grader;
const dirs: string[] = [];

beforeAll(async () => {
  grader = await makeGrader("hw1");
});

afterAll(() => dirs.forEach(removeSubmission));

describe("hw1 mutants", () => {
  it("number at least 8, each named once", () => {
    expect(HW1_MUTANTS.length).toBeGreaterThanOrEqual(8);
    expect(new Set(HW1_MUTANTS.map((m) => m.id)).size).toBe(HW1_MUTANTS.length);
  });

  it.each(HW1_MUTANTS.map((m) => [m.id, m] as const))("%s loses points in the test it names", async (_id, mutant) => {
    const dir = makeSubmission("hw1", mutant.edits);
    dirs.push(dir);
    const report = await grader.grade(dir);
    const failed = failedIds(report);
    for (const id of mutant.loses) {
      expect(grader.suite.cases.some((c) => c.id === id), `${id} is a case of the suite`).toBe(true);
      expect(failed, `${mutant.what}: ${id} must fail`).toContain(id);
    }
    expect(report.score).toBeLessThan(report.max);
  });
});
