/**
 * `--budget`: a job that Autolab or Gradescope would kill at its time limit still ends in
 * time with the whole report and a valid score line, whatever the submission does. Both
 * handins here would take many minutes without a budget (every forward of hw1 loops
 * forever, or every forward takes 9.5 s of a 10 s limit and is then correct).
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { autolabProblemNames } from "../../autograder/src/reports/autolab.js";
import { loadSuite } from "../../autograder/suites/index.js";
import { runKit } from "./kit-cli.js";
import { makeSubmission, removeSubmission } from "./submission.js";

const BUDGET_S = 20;
const dirs: string[] = [];
afterAll(() => dirs.forEach(removeSubmission));

/** hw1's reference with `prologue` at the start of every layer's forward method. */
function everyForward(prologue: string): string {
  const dir = makeSubmission("hw1", []);
  dirs.push(dir);
  let planted = 0;
  for (const f of readdirSync(dir).filter((name) => name.endsWith(".ts"))) {
    const text = readFileSync(join(dir, f), "utf8");
    const edited = text.replace(/(\n {2}forward\([^)]*\)[^{\n]*\{)/g, (head: string) => {
      planted++;
      return `${head}\n    ${prologue}`;
    });
    writeFileSync(join(dir, f), edited);
  }
  expect(planted).toBeGreaterThan(10);
  return dir;
}

async function gradeWithBudget(dir: string) {
  const started = performance.now();
  const run = runKit("grade-cli.ts", ["hw1", "--dir", dir, "--hidden", "--autolab", "--budget", String(BUDGET_S)]);
  const seconds = (performance.now() - started) / 1000;
  const lines = run.stdout.trimEnd().split("\n");
  const scores = (JSON.parse(lines[lines.length - 1]) as { scores: Record<string, number> }).scores;
  const names = autolabProblemNames(await loadSuite("hw1"));
  return { run, seconds, scores, names };
}

describe(`grade --budget ${BUDGET_S}`, () => {
  it("ends in time with a report and a valid score line when every forward loops forever", async () => {
    const { run, seconds, scores, names } = await gradeWithBudget(everyForward("for (;;);"));
    expect(run.status).toBe(0);
    expect(seconds).toBeLessThan(BUDGET_S);
    expect(Object.keys(scores).sort()).toEqual([...names].sort());
    expect(run.stdout).toContain("took longer than");
    expect(run.stdout).toContain("not run");
    expect(run.stdout).toMatch(/^hw1: \d+\/100, bonus \d+\/\d+ \(cpu, /m);
  }, 60_000);

  it("ends in time when every variant is slow but correct, scoring what it could run", async () => {
    const { run, seconds, scores, names } = await gradeWithBudget(everyForward("{ const until = Date.now() + 9500; while (Date.now() < until); }"));
    expect(run.status).toBe(0);
    expect(seconds).toBeLessThan(BUDGET_S);
    expect(Object.keys(scores).sort()).toEqual([...names].sort());
    expect(run.stdout).toContain("not run: the job's time budget was spent");
  }, 60_000);
});
