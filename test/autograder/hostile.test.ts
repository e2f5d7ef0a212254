/**
 * Hostile submissions: each loses its own tests, the others still pass, and the grader
 * finishes. The limits are tightened (1 s per case, 512 MiB) to keep the suite quick.
 */
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { array } from "#ndarray";
import { KIT_ROOT } from "../../autograder/src/paths.js";
import { failedIds, makeGrader, type Grader } from "./grading.js";
import { makeSubmission, removeSubmission, type Edit } from "./submission.js";

let grader: Grader;
const dirs: string[] = [];

beforeAll(async () => {
  grader = await makeGrader("hw1");
});

afterAll(() => dirs.forEach(removeSubmission));

const IMPORT_FS = { file: "loss.ts", find: 'import { cached } from "./errors.js";', replace: 'import { cached } from "./errors.js";\nimport { readFileSync } from "node:fs";' };

interface Hostile {
  what: string;
  edits: Edit[];
  /** Exactly these cases fail. */
  fails: string[];
  /** Their message contains this. */
  message: string;
  /** Per-case time limit (default 1 s; longer where the limit under test is not time). */
  timeoutMs?: number;
}

const HOSTILE: Hostile[] = [
  {
    what: "an infinite loop",
    edits: [{ file: "activation.ts", find: "this.A = Z.tanh();", replace: "for (;;);" }],
    fails: ["tanh.forward", "tanh.backward"],
    message: "took longer than 1 s",
  },
  {
    what: "process.exit(0) mid-suite",
    edits: [{ file: "activation.ts", find: 'const Z = cached(this.Z, "GELU.backward");', replace: "process.exit(0);" }],
    fails: ["gelu.backward"],
    message: "exited with code 0",
  },
  {
    what: "reading reference/ with fs",
    edits: [IMPORT_FS, { file: "loss.ts", find: "this.A = A;\n    this.Y = Y;", replace: `readFileSync(${JSON.stringify(`${KIT_ROOT}/reference/hw1/loss.ts`)});` }],
    fails: ["mse.forward", "mse.backward"],
    message: "ERR_ACCESS_DENIED",
  },
  {
    what: "allocating 8 GB",
    edits: [{ file: "activation.ts", find: "this.A = Z.maximum(0);", replace: "new Float64Array(1e9).fill(1);" }],
    fails: ["relu.forward", "relu.backward", "mlp0.forward", "mlp0.backward", "mlp1.forward", "mlp1.backward", "mlp4.forward", "mlp4.backward", "models.train_steps"],
    message: "memory",
    timeoutMs: 20_000,
  },
  {
    what: "returning NaN",
    edits: [{ file: "activation.ts", find: "this.A = onesLike(Z).div(Z.neg().exp().add(1));", replace: "this.A = Z.mul(NaN);" }],
    fails: ["sigmoid.forward", "sigmoid.backward"],
    message: "got NaN",
  },
  {
    what: "returning the wrong shape",
    edits: [{ file: "loss.ts", find: "return A.sub(Y).mul(2 / A.size);", replace: "return A.sub(Y).mul(2 / A.size).T;" }],
    fails: ["mse.backward"],
    message: "expected shape",
  },
  {
    what: "returning a plain number",
    edits: [{ file: "loss.ts", find: "return softmax.sub(T).div(softmax.shape[0]);", replace: "return 0 as unknown as NDArray;" }],
    fails: ["crossentropy.backward", "crossentropy.probabilities", "models.train_steps"],
    message: "got a number (0)",
  },
  {
    what: "returning undefined",
    edits: [{ file: "activation.ts", find: "return A.mul(dLdA.sub(dLdA.mul(A).sum(-1, true)));", replace: "return undefined as unknown as NDArray;" }],
    fails: ["softmax.backward"],
    message: "got undefined",
  },
  {
    what: "throwing a non-Error",
    edits: [{ file: "linear.ts", find: 'const A = cached(this.A, "Linear.backward");', replace: 'throw "nope";' }],
    fails: ["linear.backward_input", "linear.backward_weight", "linear.backward_bias", "mlp0.backward", "mlp1.backward", "mlp4.backward", "models.train_steps"],
    message: "threw a string instead of an Error: nope",
  },
];

describe("hostile hw1 submissions", () => {
  it.each(HOSTILE.map((h) => [h.what, h] as const))("%s loses only its own tests", async (_what, h) => {
    const dir = makeSubmission("hw1", h.edits);
    dirs.push(dir);
    const report = await grader.grade(dir, { timeoutMs: h.timeoutMs ?? 1000, memoryLimitBytes: 512 * 2 ** 20 });
    expect(failedIds(report).sort()).toEqual([...h.fails].sort());
    expect(report.tests.find((t) => t.id === h.fails[0])?.message).toContain(h.message);
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
    const report = await grader.grade(dir, { timeoutMs: 2000 });
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
