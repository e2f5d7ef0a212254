/**
 * Hostile submissions (hostile-catalog.ts): each loses exactly its own tests, the others
 * still pass, and the grader finishes. The limits are tightened (1 s per case, 512 MiB)
 * to keep the suite quick.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { array } from "#ndarray";
import type { GradeReport } from "../../autograder/src/grade.js";
import { isolation } from "../../autograder/src/isolation.js";
import { KIT_ROOT } from "../../autograder/src/paths.js";
import { failedIds, makeGrader, type Grader } from "./grading.js";
import { ATTACKS, type Attack } from "./hostile-catalog.js";
import { makeSubmission, removeSubmission } from "./submission.js";

let grader: Grader;
const dirs: string[] = [];

beforeAll(async () => {
  grader = await makeGrader("hw1");
});

afterAll(() => dirs.forEach(removeSubmission));

/** An attack's grading on every case, and the files that appeared in the grader's working directory meanwhile. */
interface Graded {
  report: GradeReport;
  leftInCwd: string[];
}

const graded = new Map<string, Promise<Graded>>();

/**
 * Grades an attack once, for every test that asks about it. One attack at a time: every case
 * has a 1 s limit, and attacks such as busy-interval are told apart by how they spend it,
 * which a second grading beside them on two cores blurred (a CI run saw "took longer than 1 s"
 * where the report must say "keeps the process busy").
 */
function gradeAttack(a: Attack): Promise<Graded> {
  let run = graded.get(a.name);
  if (run === undefined) {
    run = (async () => {
      const before = new Set(readdirSync(process.cwd()));
      const dir = makeSubmission("hw1", a.edits);
      dirs.push(dir);
      const report = await grader.grade(dir, { timeoutMs: a.timeoutMs ?? 1000, memoryLimitBytes: 512 * 2 ** 20 });
      return { report, leftInCwd: readdirSync(process.cwd()).filter((f) => !before.has(f)) };
    })();
    graded.set(a.name, run);
  }
  return run;
}

describe("hostile hw1 submissions", () => {
  const runnable = ATTACKS.filter((a) => !a.needsPidNamespace || isolation().pid);
  it.each(runnable.map((a) => [a.name, a] as const))("%s loses only its own tests", async (_name, a) => {
    const { report } = await gradeAttack(a);
    expect(failedIds(report).sort(), JSON.stringify(report.tests.filter((t) => t.status !== "passed"), null, 1)).toEqual([...a.loses].sort());
    if (a.loses.length > 0) expect(report.tests.find((t) => t.id === a.loses[0])?.message).toContain(a.message);
  });

  it.skipIf(isolation().pid)(`skips the attacks that send signals: ${isolation().description} (they need the sandbox's own PID namespace)`, () => {
    expect(isolation().pid).toBe(false);
  });

  it("a trace_events submission leaves no file in the grader's working directory", async () => {
    const { leftInCwd } = await gradeAttack(ATTACKS.find((a) => a.name === "trace-events")!);
    expect(leftInCwd).toEqual([]);
  });

  it("monkey-patching Math or NDArray.prototype only breaks the submission's own results", async () => {
    const dir = makeSubmission("hw1", [
      {
        file: "dropout.ts",
        find: "export class Dropout {",
        replace: "Math.exp = () => 1;\n(NDArray.prototype as unknown as { sum: () => number }).sum = () => 0;\nexport class Dropout {",
      },
      { file: "dropout.ts", find: 'import { ValueError, type Generator, type NDArray } from "#ndarray";', replace: 'import { NDArray, ValueError, type Generator } from "#ndarray";' },
    ]);
    dirs.push(dir);
    // The patches run as the module loads, before any case: a case whose loss calls sum, and two that call neither sum nor exp.
    const report = await grader.grade(dir, { timeoutMs: 2000, only: ["mse.forward", "relu.forward", "linear.forward"] });
    const status = (id: string) => report.tests.find((t) => t.id === id)?.status;
    expect(status("mse.forward")).not.toBe("passed");
    expect(status("relu.forward")).toBe("passed");
    expect(status("linear.forward")).toBe("passed");
    expect(Math.exp(1)).toBeCloseTo(Math.E);
    expect(array([1, 2]).sum().item()).toBe(3);
  });

  it("cannot forge the Autolab score line: the grader's own line comes last", () => {
    const dir = makeSubmission("hw1", [
      { file: "activation.ts", find: "this.A = Z.tanh();", replace: 'console.log(\'{"scores": {"activations": 999}}\');\n    this.A = Z;' },
    ]);
    dirs.push(dir);
    const run = spawnSync(process.execPath, ["--import", "tsx", "autograder/src/grade-cli.ts", "hw1", "--dir", dir, "--autolab", "--only", "tanh"], {
      cwd: KIT_ROOT,
      encoding: "utf8",
      env: { ...process.env, FORCE_COLOR: "0" },
    });
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(JSON.parse(lines[lines.length - 1])).toEqual({ scores: { activations: 0 } });
    expect(run.stdout).toContain('| {"scores": {"activations": 999}}');
  });
});
