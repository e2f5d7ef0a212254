/**
 * The command lines as a student or instructor runs them: `grade` with --json, --device
 * and --fixtures, and `fixtures` writing the files a handout ships.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runKit } from "./kit-cli.js";
import type { GradeReport } from "../../autograder/src/grade.js";

function cli(script: string, ...args: string[]) {
  return runKit(script, args);
}

const out = mkdtempSync(join(tmpdir(), "kit-fixtures-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("npm run grade", () => {
  it("--json reports score, max and every test's id, section, points, status and message", () => {
    const run = cli("grade-cli.ts", "hw1", "--reference", "--json", "--only", "linear");
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as GradeReport;
    expect(report.score).toBe(report.max);
    expect(report.tests.map((t) => t.id)).toEqual(["linear.init", "linear.forward", "linear.backward_input", "linear.backward_weight", "linear.backward_bias"]);
    for (const t of report.tests) expect(Object.keys(t)).toEqual(expect.arrayContaining(["id", "section", "points", "status", "message"]));
  });

  it("--device cuda says why it cannot run, and exits 1", () => {
    const run = cli("grade-cli.ts", "hw1", "--device", "cuda");
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^grade: --device cuda: unavailable here: .+/);
  });

  it("names a misspelt option instead of printing a stack trace", () => {
    const run = cli("grade-cli.ts", "hw1", "--onyl", "linear");
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("Unknown option '--onyl'");
    expect(run.stderr).not.toContain("    at ");
  });
});

describe("npm run fixtures", () => {
  it("writes public fixtures only, which then grade the reference to full marks from disk", () => {
    const write = cli("fixtures-cli.ts", "hw1", "--out", out);
    expect(write.status).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as { fixtures: { file: string; kind: string }[] };
    expect(manifest.fixtures.every((f) => f.kind === "public" && existsSync(join(out, f.file)))).toBe(true);
    const run = cli("grade-cli.ts", "hw1", "--reference", "--json", "--fixtures", out, "--only", "batchnorm");
    const report = JSON.parse(run.stdout) as GradeReport;
    expect(report.tests.length).toBe(5);
    expect(report.score).toBe(report.max);
  });
});
