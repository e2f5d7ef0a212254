/**
 * A student's session with `npm run grade hw1`, scripted: picking tests with --only (and
 * the error for a name that is not there), reading a failing run on a terminal with
 * NO_COLOR set, JSON for a script, a compile error, forgetting `--`, and --watch following
 * an editor's saves. Every run is kept to a few tests with --only, and the runs go at once.
 */
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import chalk from "chalk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { optionsNpmTook } from "../../autograder/src/cli.js";
import type { CaseResult, GradeReport } from "../../autograder/src/grade.js";
import { KIT_ROOT } from "../../autograder/src/paths.js";
import { consoleReport, totalText, useColour } from "../../autograder/src/reports/console.js";
import { selectOnly } from "../../autograder/src/target.js";
import { watchTypeScript } from "../../autograder/src/watch.js";
import { loadSuite } from "../../autograder/suites/index.js";
import { makeSubmission, removeSubmission } from "./submission.js";

/** Node with tsx's loader, run from the kit's root: one process per run (tsx's own command starts two). */
const NODE_TSX = [process.execPath, "--import", "tsx"];
const GRADE = join(KIT_ROOT, "autograder/src/grade-cli.ts");
const ESC = "\u001b";
/** util-linux's `script` gives the grader a terminal, where colour would be on. */
const HAS_SCRIPT = spawnSync("script", ["--version"]).status === 0;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of a student's shell: no colour setting of the test runner's own. */
function shellEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: "xterm-256color", ...extra };
  delete env.FORCE_COLOR;
  delete env.npm_lifecycle_event;
  return env;
}

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = shellEnv()): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: KIT_ROOT, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

function grade(args: readonly string[], env?: NodeJS.ProcessEnv): Promise<Run> {
  return run(NODE_TSX[0], [...NODE_TSX.slice(1), GRADE, ...args], env);
}

/** The lines as a terminal shows them (a pty ends them with \r\n). */
function lines(text: string): string[] {
  return text.replace(/\r/g, "").split("\n");
}

const dirs: string[] = [];
function submission(edits: Parameters<typeof makeSubmission>[1]): string {
  const dir = makeSubmission("hw1", edits);
  dirs.push(dir);
  return dir;
}
afterAll(() => dirs.forEach(removeSubmission));

const SIGMOID = "this.A = onesLike(Z).div(Z.neg().exp().add(1));";
const TANH = "this.A = Z.tanh();";
/** Sigmoid prints a 250-character word and passes; Tanh prints a long sentence, then throws a longer one. */
const NOISY = [
  { file: "activation.ts", find: SIGMOID, replace: `console.log(\`sigmoid says \${"x".repeat(250)}\`);\n${SIGMOID}` },
  {
    file: "activation.ts",
    find: TANH,
    replace: `console.log(\`tanh debugging \${"word ".repeat(60)}\`);\nthrow new Error(\`tanh is broken: \${"a very long explanation ".repeat(30)}\`);`,
  },
];

let hw1: Awaited<ReturnType<typeof loadSuite>>;
beforeAll(async () => {
  hw1 = await loadSuite("hw1");
});

describe("--only", () => {
  const ids = (only: string[]) => selectOnly(hw1, only).map((c) => c.id);

  it("takes section ids and numbers, test ids and rubric numbers, prefixes, comma lists and repeats", () => {
    expect(ids(["linear"])).toEqual(ids(["2"]));
    expect(ids(["2"])).toEqual(["linear.init", "linear.forward", "linear.backward_input", "linear.backward_weight", "linear.backward_bias"]);
    expect(ids(["2.4"])).toEqual(["linear.backward_weight"]);
    expect(ids(["sigmoid"])).toEqual(["sigmoid.forward", "sigmoid.backward"]);
    expect(ids(["mse.backward,1.1", "sigmoid"])).toEqual(["sigmoid.forward", "sigmoid.backward", "mse.backward"]);
    expect(ids([])).toHaveLength(hw1.cases.length);
  });

  it("names an unknown value and lists the section ids and numbers", () => {
    expect(() => selectOnly(hw1, ["linear,lineer"])).toThrow(/^--only lineer: .* sections: activations \(1\), linear \(2\), loss \(3\)/);
    expect(() => selectOnly(hw1, ["2.99"])).toThrow(/^--only 2\.99: /);
  });
});

describe("the console report", () => {
  const test = (id: string, over: Partial<CaseResult> = {}): CaseResult => ({
    id,
    number: "1.1",
    section: "a",
    title: "a title that goes on and on about what exactly this test checks in the layer under test",
    points: 5,
    bonus: false,
    score: 0,
    status: "failed",
    message: `public case 1 of 2: ${"a long reason ".repeat(30)}\n  Z: wrong at [0, 1]`,
    output: `${"y".repeat(300)}\n`,
    visibility: "visible",
    variants: { public: 2, hidden: 0 },
    ...over,
  });
  const report = (tests: CaseResult[]): GradeReport => ({
    hw: "hw1",
    device: "cpu",
    isolation: "isolation: none (a reason long enough to need wrapping, since it names the kernel feature that is missing here)",
    score: tests.reduce((a, t) => a + t.score, 0),
    max: tests.reduce((a, t) => a + t.points, 0),
    bonus: { score: 0, max: tests.filter((t) => t.bonus).reduce((a, t) => a + t.points, 0) },
    sections: [{ id: "a", number: "1", title: "A section whose title is far longer than any section title should be", score: 0, max: 10 }],
    tests,
    seconds: 1,
  });

  it("fits 100 columns with long ids, titles, messages and printed lines", () => {
    const long = "attention.multihead_backward_through_the_mask_and_the_softmax_with_a_long_suffix";
    const text = consoleReport(report([test(long), test("a.b", { number: "1.2", bonus: true, status: "passed", score: 5, message: "" })]), " --dir /a/folder/with/a/long/name", {
      showOutput: true,
    });
    expect(Math.max(...lines(text).map((l) => l.length))).toBeLessThanOrEqual(100);
    expect(text.replace(/\s+/g, "")).toContain(long);
    expect(text).toContain("y".repeat(94));
  });

  it("says the total one way, in the table and on the last line", () => {
    const r = report([test("a.b", { score: 5, status: "passed" }), test("a.c", { number: "1.2", bonus: true })]);
    expect(totalText(r)).toBe("5/5, bonus 0/5");
    const text = consoleReport(r);
    expect(text).toMatch(/Total\s+│\s+5\/5, bonus 0\/5 │/);
    expect(lines(text).at(-1)).toMatch(/^hw1: 5\/5, bonus 0\/5 \(cpu, 1\.0 s\)$/);
  });

  it("turns colour off for NO_COLOR unless FORCE_COLOR is set", () => {
    const before = chalk.level;
    try {
      chalk.level = 3;
      useColour({ NO_COLOR: "1", FORCE_COLOR: "3" });
      expect(chalk.level).toBe(3);
      useColour({ NO_COLOR: "" });
      expect(chalk.level).toBe(3);
      useColour({ NO_COLOR: "1" });
      expect(chalk.level).toBe(0);
    } finally {
      chalk.level = before;
    }
  });
});

describe("forgetting --", () => {
  it("stops with one line saying how to write the command", () => {
    const env = { npm_lifecycle_event: "grade", npm_config_json: "true", npm_config_device: "true" };
    const options = { json: { type: "boolean" }, device: { type: "string" }, help: { type: "boolean" } } as const;
    expect(optionsNpmTook("grade", options, ["hw1", "cuda"], env)).toBe(
      'npm read --json, --device as its own (they come before "--"), so the grader never saw them; write: npm run grade hw1 -- --json --device …',
    );
    expect(optionsNpmTook("grade", options, ["hw1"], { ...env, npm_lifecycle_event: "test" })).toBeUndefined();
    expect(optionsNpmTook("grade", options, ["hw1"], { npm_lifecycle_event: "grade" })).toBeUndefined();
  });
});

/** Each run takes a few seconds; the limit is for a machine loaded by other work. */
describe.concurrent("npm run grade hw1, as a student runs it", { timeout: 120_000 }, () => {
  it.skipIf(!HAS_SCRIPT)("a failing run on a terminal with NO_COLOR: no escape codes, 100 columns, --json-out and --show-output", async ({ expect }) => {
    const dir = submission(NOISY);
    const jsonFile = join(dir, "report.json");
    const command = [...NODE_TSX, GRADE, "hw1", "--dir", dir, "--only", "sigmoid,1.3", "--only", "tanh.backward", "--show-output", "--json-out", jsonFile];
    const r = await run("script", ["-qec", command.map((a) => `'${a}'`).join(" "), "/dev/null"], shellEnv({ NO_COLOR: "1" }));
    const shown = lines(r.stdout);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).not.toContain(ESC);
    expect(Math.max(...shown.map((l) => l.length))).toBeLessThanOrEqual(100);
    expect(shown).toContain("  Your code printed:");
    expect(shown.join("\n")).toMatch(/What passing tests printed\n+✓ 1\.1 sigmoid\.forward: Sigmoid forward\n {4}\| sigmoid says/);
    expect(shown).toContainEqual(expect.stringMatching(/^hw1: 4\/8 \(cpu, [\d.]+ s\)$/));
    const report = JSON.parse(readFileSync(jsonFile, "utf8")) as GradeReport;
    expect(report.tests.map((t) => [t.id, t.status])).toEqual([
      ["sigmoid.forward", "passed"],
      ["sigmoid.backward", "passed"],
      ["tanh.forward", "error"],
      ["tanh.backward", "error"],
    ]);
    expect(report.tests[0].output).toContain("sigmoid says");
  });

  it("--json prints only JSON on stdout", async ({ expect }) => {
    const r = await grade(["hw1", "--reference", "--json", "--only", "2.4", "--only", "mse"]);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as GradeReport;
    expect(report.tests.map((t) => t.id)).toEqual(["linear.backward_weight", "mse.forward", "mse.backward"]);
    expect(report.score).toBe(report.max);
  });

  it("an unknown --only value is one line listing the sections", async ({ expect }) => {
    const r = await grade(["hw1", "--reference", "--only", "linear,lineer"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^grade: --only lineer: no section, rubric number, test id or id prefix of hw1 is called that; sections: activations \(1\), linear \(2\), .*\n$/);
  });

  it("a compile error is printed once, not once per test", async ({ expect }) => {
    const dir = submission([{ file: "linear.ts", find: "this.A = A;", replace: "this.A = = A;" }]);
    const r = await grade(["hw1", "--dir", dir, "--only", "linear,loss"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split('Unexpected "="')).toHaveLength(2);
    expect(r.stdout).toContain("All 10 tests score 0 until it compiles.");
    expect(r.stdout.match(/does not compile/g)).toHaveLength(11);
  });

  it("options before -- (npm's, then) stop the run with the command to write instead", async ({ expect }) => {
    const r = await run("npm", ["run", "grade", "hw1", "--json", "--device", "cuda"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("grade: npm read --json, --device as its own");
    expect(r.stderr).toContain("write: npm run grade hw1 -- --json --device …");
  });

  it("--watch re-grades after a rename over a file and after a write in place, naming the file", async ({ expect }) => {
    const dir = submission([]);
    const file = join(dir, "activation.ts");
    const good = readFileSync(file, "utf8");
    const child = spawn(NODE_TSX[0], [...NODE_TSX.slice(1), GRADE, "hw1", "--dir", dir, "--only", "1.1", "--watch"], { cwd: KIT_ROOT, env: shellEnv() });
    let out = "";
    const waiters: (() => void)[] = [];
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      waiters.splice(0).forEach((w) => w());
    });
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    /** Resolves when `pattern` has matched `count` times in the output. */
    const seen = (pattern: RegExp, count: number) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${count} × ${pattern} in:\n${out}`)), 60_000);
        const check = () => {
          if ((out.match(new RegExp(pattern.source, `${pattern.flags}g`)) ?? []).length >= count) {
            clearTimeout(timer);
            resolve();
          } else waiters.push(check);
        };
        check();
      });
    try {
      await seen(/^Watching /m, 1);
      expect(out).toMatch(/^hw1: 2\/2 /m);
      writeFileSync(`${file}.tmp`, good.replace(SIGMOID, SIGMOID.replace("add(1)", "add(2)")));
      renameSync(`${file}.tmp`, file);
      await seen(/^Watching /m, 2);
      expect(out).toMatch(/^\d\d:\d\d:\d\d changed: [\w-]+\/activation\.ts\n/m);
      expect(out).toMatch(/^hw1: 0\/2 /m);
      writeFileSync(file, good);
      await seen(/^Watching /m, 3);
      expect(out.match(/^\d\d:\d\d:\d\d changed: [\w-]+\/activation\.ts$/gm)).toHaveLength(2);
      expect(out.split("\nhw1: ").slice(1).map((l) => l.split(" ")[0])).toEqual(["2/2", "0/2", "2/2"]);
    } finally {
      child.kill();
    }
  });

  it("the watcher gathers a burst of changes into one call, names them, and ignores other files", async ({ expect }) => {
    const dir = submission([]);
    const calls: string[][] = [];
    const watching = await watchTypeScript(dir, { onChange: async (files) => void calls.push(files), onError: (e) => calls.push([e.message]), debounceMs: 300 });
    try {
      writeFileSync(join(dir, "notes.txt"), "not code");
      writeFileSync(join(dir, "linear.ts"), `${readFileSync(join(dir, "linear.ts"), "utf8")}\n`);
      writeFileSync(join(dir, "activation.ts.tmp"), readFileSync(join(dir, "activation.ts"), "utf8"));
      renameSync(join(dir, "activation.ts.tmp"), join(dir, "activation.ts"));
      await expect.poll(() => calls, { timeout: 20_000 }).toEqual([["activation.ts", "linear.ts"]]);
    } finally {
      await watching.close();
    }
  });
});
