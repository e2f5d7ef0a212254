/**
 * The grader end to end on hw1: the reference scores full marks on public and hidden
 * cases, the generated stubs score zero without crashing anything, and a submission that
 * does not compile or load fails every test with a message saying why.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KIT_ROOT } from "../../autograder/src/paths.js";
import { homeworks } from "../../autograder/suites/index.js";
import { makeGrader, type Grader } from "./grading.js";
import { makeSubmission, removeSubmission } from "./submission.js";

let grader: Grader;
const dirs: string[] = [];

beforeAll(async () => {
  grader = await makeGrader("hw1");
});

afterAll(() => dirs.forEach(removeSubmission));

function submission(...args: Parameters<typeof makeSubmission>): string {
  const dir = makeSubmission(...args);
  dirs.push(dir);
  return dir;
}

describe.each(homeworks())("grading %s", (hw) => {
  it("gives the reference full marks, hidden cases included", async () => {
    const g = await makeGrader(hw);
    const report = await g.grade(join(KIT_ROOT, "reference", hw));
    expect(report.tests.filter((t) => t.status !== "passed").map((t) => `${t.id}: ${t.message}`)).toEqual([]);
    expect(report.score).toBe(report.max);
    expect(report.max - report.bonus.max).toBe(100);
    expect(report.tests.every((t) => t.variants.hidden > 0)).toBe(true);
  });

  it("gives the generated stubs zero, without crashing: every test 'not attempted' or failed", async () => {
    const g = await makeGrader(hw);
    const report = await g.grade(join(KIT_ROOT, hw));
    expect(report.score).toBe(0);
    expect(report.tests.filter((t) => !["not-attempted", "failed"].includes(t.status)).map((t) => `${t.id}: ${t.message}`)).toEqual([]);
  });
});

describe("grading hw1", () => {
  it("reports untouched stubs as 'not attempted', and a stated stub body as failed", async () => {
    const report = await grader.grade(join(KIT_ROOT, "hw1"));
    const attempted = report.tests.filter((t) => t.status !== "not-attempted");
    expect(attempted.map((t) => [t.id, t.status])).toEqual([["linear.init", "failed"]]);
    expect(report.tests[0].message).toMatch(/^not attempted: \w+(\.\w+)? is not implemented yet/);
  });

  it("fails every test of a submission that does not compile, naming file and line", async () => {
    const dir = submission("hw1", [{ file: "linear.ts", find: "this.A = A;", replace: "this.A = = A;" }]);
    const report = await grader.grade(dir);
    expect(report.score).toBe(0);
    expect(new Set(report.tests.map((t) => t.status))).toEqual(new Set(["compile-error"]));
    expect(report.tests[0].message).toMatch(/does not compile:\n.*linear\.ts:\d+:\d+: /);
  });

  it("refuses to bundle an import of reference/ into a submission", async () => {
    const ref = JSON.stringify(join(KIT_ROOT, "reference/hw1/linear.ts"));
    const dir = submission("hw1", [{ file: "index.ts", find: 'export * from "./linear.js";', replace: `export * from ${ref};` }]);
    const report = await grader.grade(dir);
    expect(report.score).toBe(0);
    expect(report.tests[0].message).toContain("imports files outside");
    expect(report.tests[0].message).toContain("reference/hw1/linear.ts");
  });

  it("fails every test, saying so, when the module throws while loading", async () => {
    const dir = submission("hw1", [{ file: "dropout.ts", find: "export class Dropout {", replace: 'throw new Error("boom at load");\nexport class Dropout {' }]);
    const report = await grader.grade(dir);
    expect(report.score).toBe(0);
    expect(report.tests[0].message).toContain("your code threw while it was being loaded: Error: boom at load");
    expect(report.tests[0].message).toMatch(/dropout\.ts:\d+/);
  });
});

describe("failures on hidden cases", () => {
  it("name the output and the kind of error, without values or sizes", async () => {
    // Only a hidden linear.forward case has a batch of one, so only it sees the missing bias.
    const dir = submission("hw1", [
      { file: "linear.ts", find: "    this.A = A;\n    return A.matmul", replace: "    this.A = A;\n    if (A.shape[0] === 1) return A.matmul(this.W.transpose());\n    return A.matmul" },
    ]);
    const report = await grader.grade(dir);
    const t = report.tests.find((x) => x.id === "linear.forward");
    expect(t?.status).toBe("failed");
    expect(t?.message).toMatch(/^hidden case \d of \d:\n  Z: wrong values \(details of hidden cases are not shown\)/);
  });
});
