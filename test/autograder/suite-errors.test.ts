/**
 * Whose error is it: the student's code threw, the suite failed on what the student's code
 * returned (still the student's), or the grader failed before the student's code was
 * reached (issue 15). First in this process through run-case.ts (hw0's real suite, modules
 * written here), then once through the sandbox on a copy of reference/hw0 with planted
 * edits, where stack traces come source-mapped out of the bundle.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NDArray } from "#ndarray";
import { buildFixtures, type Fixture } from "../../autograder/src/fixtures.js";
import { grade, type GradeReport } from "../../autograder/src/grade.js";
import { KIT_ROOT } from "../../autograder/src/paths.js";
import { GRADER_ERROR, runCase, StudentModule, UNUSABLE_RESULT, type CaseReply } from "../../autograder/src/run-case.js";
import type { Suite } from "../../autograder/src/suite.js";
import { suiteFile } from "../../autograder/src/target.js";
import type { WireArray } from "../../autograder/src/wire.js";
import { toWire } from "../../autograder/src/wire.js";
import { loadSuite } from "../../autograder/suites/index.js";

const CASES = ["twolayer.forward", "twolayer.gradients", "softmaxreg.epoch"];

let suite: Suite;
let fixtures: Fixture[];

beforeAll(async () => {
  suite = await loadSuite("hw0");
  const reference = (await import(join(KIT_ROOT, "reference/hw0/index.ts"))) as object;
  fixtures = buildFixtures(suite, reference, { hidden: false, cases: suite.cases.filter((c) => CASES.includes(c.id)) });
});

function fixture(caseId: string): Fixture {
  const f = fixtures.find((x) => x.caseId === caseId && x.index === 0);
  if (f === undefined) throw new Error(`no fixture for ${caseId}`);
  return f;
}

/** Runs the first public variant of `caseId` on `module`, less the inputs named in `drop`. */
function run(caseId: string, module: object, drop: readonly string[] = []): CaseReply {
  const f = fixture(caseId);
  const inputs: Record<string, WireArray> = {};
  for (const [name, a] of Object.entries(f.inputs)) if (!drop.includes(name)) inputs[name] = toWire(a) as WireArray;
  return runCase(suite, new StudentModule("hw0", module), { type: "run", caseId, size: { ...f.size }, inputs, device: "cpu" });
}

function thrown(reply: CaseReply) {
  if (reply.type !== "error") throw new Error(`expected an error, got outputs ${Object.keys(reply.outputs).join(", ")}`);
  return reply.error;
}

describe("run-case.ts says whose an error is", () => {
  it("an error thrown in the student's code is the student's, even under a deep library stack", () => {
    const own = thrown(run("twolayer.forward", { twoLayerForward: () => { throw new RangeError("boom"); } }));
    expect(own).toMatchObject({ name: "RangeError", message: "boom", code: undefined });
    const library = thrown(run("twolayer.forward", { twoLayerForward: (X: NDArray, _W1: NDArray, W2: NDArray) => X.matmul(W2) }));
    expect(library.name).toBe("ShapeError");
    expect(library.code).not.toBe(GRADER_ERROR);
    expect(library.code).not.toBe(UNUSABLE_RESULT);
  });

  it("the suite failing on what the student's code returned is the student's, marked as such", () => {
    const e = thrown(run("twolayer.gradients", { twoLayerGradients: () => undefined }));
    expect(e.code).toBe(UNUSABLE_RESULT);
    expect(e.message).toMatch(/undefined/);
  });

  it("the suite failing before it reached the student's code is the grader's", () => {
    const student = { softmaxRegressionEpoch: () => undefined };
    expect(run("softmaxreg.epoch", student).type).toBe("result");
    const e = thrown(run("softmaxreg.epoch", student, ["theta"]));
    expect(e).toMatchObject({ name: "TypeError", code: GRADER_ERROR });
    const unknown = runCase(suite, new StudentModule("hw0", student), { type: "run", caseId: "no.such_case", size: {}, inputs: {}, device: "cpu" });
    expect(thrown(unknown).code).toBe(GRADER_ERROR);
  });

  it("a missing export stays the student's, and a student's error cannot pose as the grader's", () => {
    expect(thrown(run("twolayer.forward", {}))).toMatchObject({ code: "E_MISSING_EXPORT", message: 'your hw0/index.ts does not export "twoLayerForward"' });
    const forged = Object.assign(new Error("not mine"), { code: GRADER_ERROR });
    expect(thrown(run("twolayer.forward", { twoLayerForward: () => { throw forged; } })).code).toBeUndefined();
  });

  it("leaves Error.stackTraceLimit as it found it", () => {
    const before = Error.stackTraceLimit;
    run("twolayer.forward", { twoLayerForward: () => NDArray.fromTypedArray(new Float32Array(1), [1]) });
    expect(Error.stackTraceLimit).toBe(before);
  });
});

describe("the grader's report, through the sandbox", () => {
  let dir: string;
  let report: GradeReport;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "suite-errors-"));
    const hwDir = join(dir, "hw0");
    cpSync(join(KIT_ROOT, "reference/hw0"), hwDir, { recursive: true });
    const file = join(hwDir, "twolayer.ts");
    const source = readFileSync(file, "utf8")
      .replace("return X.matmul(W1).maximum(0).matmul(W2);", "return X.matmul(W2);")
      .replace("const Z1 = X.matmul(W1);", "return undefined as never;\n  const Z1 = X.matmul(W1);");
    writeFileSync(file, source);
    const cases = suite.cases.filter((c) => CASES.includes(c.id));
    // A fixture that lost an input the suite reads before it calls the student: the grader's own mistake.
    const planted = fixtures.map((f) => (f.caseId === "softmaxreg.epoch" ? { ...f, inputs: { X: f.inputs.X, y: f.inputs.y } } : f));
    report = await grade({ suite, cases, fixtures: planted, hwDir, suiteFile: suiteFile("hw0"), device: "cpu", timeoutMs: 10_000, memoryLimitBytes: 2 ** 31 });
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const message = (id: string) => report.tests.find((t) => t.id === id)?.message ?? "";

  it("names the student's line when their code threw", () => {
    expect(message("twolayer.forward")).toMatch(/your code threw ShapeError/);
    expect(message("twolayer.forward")).toMatch(/\n {4}at twoLayerForward \(hw0\/twolayer\.ts:\d+:\d+\)/);
  });

  it("says the test could not use what the student's code returned", () => {
    expect(message("twolayer.gradients")).toMatch(/the test could not use what your code returned .*TypeError: .*undefined/);
    expect(message("twolayer.gradients")).not.toMatch(/grader error/);
  });

  it("reports the grader's own error as such, naming the case", () => {
    expect(message("softmaxreg.epoch")).toMatch(/grader error in case softmaxreg\.epoch: TypeError: .*\(not your code; tell your instructors\)/);
    expect(message("softmaxreg.epoch")).not.toMatch(/your code threw/);
    expect(report.tests.map((t) => t.score)).toEqual([0, 0, 0]);
  });
});
