/**
 * grade:class grades each student in a process of their own. A grading process killed
 * mid-run costs its student only (a `grader-crashed` row and feedback file, and the sandbox
 * it left running is stopped), a file name cannot put a formula into the CSV or escape
 * sequences into a feedback file, and the command line writes grades.csv. Only the sigmoid
 * cases are graded, to keep it quick.
 */
import { readdirSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gradeClass, type ClassRow } from "../../autograder/src/class-grading.js";
import { classCsv, csvCell } from "../../autograder/src/reports/csv.js";
import { HW1_MAX, writeHandin } from "./handins.js";
import { runKit } from "./kit-cli.js";

const work = mkdtempSync(join(tmpdir(), "kit-class-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const ONLY = "sigmoid";
/** sigmoid.forward and sigmoid.backward, 2 points each. */
const MAX = 4;
const SIGMOID = "this.A = onesLike(Z).div(Z.neg().exp().add(1));";
const FORMULA = "=HYPERLINK(x)";
const VICTIM = "mallory";
/** A file name with a colour sequence and a bell in it; shown as "red". */
const ESCAPED = "\x1b[31mred\x1b[0m\x07";
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The pids of a process's children, from /proc. */
function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8").split(" ").filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

/** Whether a process exists and is not a zombie. */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(")") + 2));
  } catch {
    return false;
  }
}

/**
 * Waits until the worker `pid` runs its sandbox (the child started with Node's permission
 * flag), lets the coordinator see it (it looks a few times a second), then kills the
 * worker outright; returns the sandbox's pid.
 */
async function killWorkerOnceSandboxed(pid: number): Promise<number> {
  for (let waited = 0; waited < 40_000; waited += 100) {
    const sandbox = childrenOf(pid).find((c) => {
      try {
        return readFileSync(`/proc/${c}/cmdline`, "utf8").includes("permission");
      } catch {
        return false;
      }
    });
    if (sandbox !== undefined) {
      await sleep(1000);
      process.kill(pid, "SIGKILL");
      return sandbox;
    }
    await sleep(100);
  }
  throw new Error(`worker ${pid} never started its sandbox`);
}

describe("csvCell", () => {
  it("puts a quote before text a spreadsheet would run as a formula, and leaves numbers and other text alone", () => {
    expect(["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"].map(csvCell)).toEqual(["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx"]);
    expect(csvCell(-3)).toBe(-3);
    expect(csvCell("alice")).toBe("alice");
    expect(csvCell("a=b")).toBe("a=b");
  });
});

describe("gradeClass", () => {
  const dir = join(work, "class");
  const feedbackDir = join(work, "feedback");
  let rows: ClassRow[];
  let sandbox: number;

  beforeAll(async () => {
    mkdirSync(dir);
    for (const name of ["alice", "bob", FORMULA]) writeHandin({ name, edits: [], total: HW1_MAX }, dir);
    const prints = `console.log("\\x1b]0;pwned\\x07\\x1b[2Jboom"); this.A = Z;`;
    writeHandin({ name: ESCAPED, edits: [{ file: "activation.ts", find: SIGMOID, replace: prints }], total: 0 }, dir);
    // Loading this one never ends, so its sandbox is busy when its worker is killed and would never notice on its own.
    writeHandin({ name: VICTIM, edits: [{ file: "dropout.ts", find: "export class Dropout {", replace: "for (;;);\nexport class Dropout {" }], total: 0 }, dir);
    let victim: Promise<number> | undefined;
    rows = await gradeClass({
      hw: "hw1",
      dir,
      feedbackDir,
      only: ONLY,
      jobs: 2,
      timeoutMs: 5000,
      memoryLimitBytes: 512 * 2 ** 20,
      onStart: ({ student, pid }) => {
        if (student === VICTIM) victim = killWorkerOnceSandboxed(pid);
      },
    });
    sandbox = await victim!;
  }, 90_000);

  it("gives the student whose grading process was killed a grader-crashed row and feedback, and stops the sandbox it left", () => {
    const row = rows.find((r) => r.student === VICTIM)!;
    expect(row.status).toBe("grader-crashed: the grading process was killed (SIGKILL) before it wrote a result");
    expect(row.total).toBe(0);
    expect(readFileSync(row.feedback, "utf8")).toContain(row.status);
    expect(running(sandbox)).toBe(false);
  });

  it("grades everyone else as if nothing happened", () => {
    expect(rows.map((r) => r.student)).toEqual(["red", FORMULA, "alice", "bob", VICTIM]);
    for (const name of [FORMULA, "alice", "bob"]) {
      const row = rows.find((r) => r.student === name)!;
      expect([row.status, row.total, row.max, row.scores.activations]).toEqual(["graded", MAX, MAX, MAX]);
    }
  });

  it("writes feedback files named and filled without control characters, from names and output with escape sequences", () => {
    expect(readdirSync(feedbackDir).sort()).toEqual([`${FORMULA}.txt`, "alice.txt", "bob.txt", `${VICTIM}.txt`, "red.txt"]);
    const red = rows.find((r) => r.student === "red")!;
    expect(red.status).toBe("graded");
    expect(red.total).toBeLessThan(MAX);
    const text = readFileSync(red.feedback, "utf8");
    expect(text).toContain("boom");
    expect(text).not.toContain("pwned");
    for (const r of rows) expect(CONTROL.test(readFileSync(r.feedback, "utf8")), r.student).toBe(false);
  });

  it("writes a CSV row for every student, the formula-like name as text", () => {
    const lines = classCsv(rows, ["activations"], work).trimEnd().split("\n");
    expect(lines[0]).toBe("student,status,activations,total,max,feedback");
    expect(lines).toHaveLength(1 + rows.length);
    expect(lines).toContain(`'${FORMULA},graded,4,4,4,feedback/${FORMULA}.txt`);
    expect(lines.filter((l) => /^[=+\-@]/.test(l))).toEqual([]);
  });
});

describe("npm run grade:class", () => {
  it("writes grades.csv and the feedback folder, the formula-like name as text", () => {
    const dir = join(work, "cli");
    mkdirSync(dir);
    writeHandin({ name: FORMULA, edits: [], total: HW1_MAX }, dir);
    const out = join(work, "cli-out", "grades.csv");
    mkdirSync(join(work, "cli-out"));
    const run = runKit("grade-class-cli.ts", ["hw1", dir, "--out", out, "--jobs", "1", "--only", ONLY, "--timeout", "5000", "--memory", "512"]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("1 handin(s), 1 graded, 0 with problems");
    const [header, row] = readFileSync(out, "utf8").split("\n");
    expect(header).toMatch(/^student,status,activations,.*,bonus,total,max,feedback$/);
    expect(row).toMatch(new RegExp(`^'=HYPERLINK\\(x\\),graded,4,(0,)+4,4,feedback/=HYPERLINK\\(x\\)\\.txt$`));
    expect(readdirSync(join(work, "cli-out", "feedback"))).toEqual([`${FORMULA}.txt`]);
  }, 60_000);

  it("refuses a memory limit that is not a positive number, in one line", () => {
    const run = runKit("grade-class-cli.ts", ["hw1", work, "--out", join(work, "x.csv"), "--memory", "lots"]);
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe('grade:class: --memory must be a positive number, got "lots"');
  }, 30_000);
});
