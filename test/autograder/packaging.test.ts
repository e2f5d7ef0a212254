/**
 * The instructor tools end to end on hw1: the student handout (installed from its
 * lockfile, graded, submitted, scanned for reference code), the Autolab package run as
 * Autolab would on a catalog of honest and hostile handins, and class grading of the
 * same handins, which must agree with Autolab handin by handin.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tar from "tar";
import { gradeClass } from "../../autograder/src/class-grading.js";
import { KIT_ROOT } from "../../autograder/src/paths.js";
import { AUTOLAB_OUTPUT_CAP, packageAutolab, runAutolabJob } from "../../autograder/src/package/autolab.js";
import { writeTree } from "../../autograder/src/package/tree.js";
import { HANDINS, writeHandin } from "./handins.js";

const work = mkdtempSync(join(tmpdir(), "kit-packaging-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function npm(cwd: string, ...args: string[]) {
  return spawnSync("npm", args, { cwd, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0" } });
}

/** Every line of solution code in reference/hw1 (between the markers, at least 30 characters). */
function solutionLines(): string[] {
  const lines: string[] = [];
  const dir = join(KIT_ROOT, "reference/hw1");
  for (const f of readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((name) => name.endsWith(".ts"))) {
    let inside = false;
    for (const line of readFileSync(join(dir, f), "utf8").split("\n")) {
      const t = line.trim();
      if (t.startsWith("// BEGIN SOLUTION")) inside = true;
      else if (t.startsWith("// END SOLUTION")) inside = false;
      else if (inside && t.length >= 30 && !t.startsWith("// STUB:")) lines.push(t);
    }
  }
  return lines;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => !f.startsWith("node_modules") && statSync(join(dir, f)).isFile());
}

describe("npm run handout", () => {
  const dir = join(work, "handout");
  beforeAll(async () => {
    await writeTree("hw1", dir, "handout");
  }, 60_000);

  it("holds stubs, public fixtures and the write-up, and no reference code, hidden case or other homework", () => {
    expect(existsSync(join(dir, "reference"))).toBe(false);
    expect(readdirSync(dir).filter((d) => /^hw\d+$/.test(d))).toEqual(["hw1"]);
    expect(readdirSync(join(dir, "autograder/suites"))).toEqual(["hw1", "index.ts"]);
    expect(existsSync(join(dir, "handouts/hw1.md"))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(dir, "fixtures/hw1/manifest.json"), "utf8")) as { fixtures: { kind: string }[] };
    expect(manifest.fixtures.length).toBeGreaterThan(0);
    expect(manifest.fixtures.every((f) => f.kind === "public")).toBe(true);
    const texts = filesUnder(dir)
      .filter((f) => f.endsWith(".ts") || f.endsWith(".md") || f.endsWith(".json"))
      .map((f) => [f, readFileSync(join(dir, f), "utf8")] as const);
    for (const [f, text] of texts.filter(([f]) => f.startsWith("autograder/suites/hw1/"))) {
      expect(text, f).not.toMatch(/hidden: \[(?!\])/);
    }
    const leaked = solutionLines().filter((line) => texts.some(([, text]) => text.includes(line)));
    expect(leaked).toEqual([]);
  });

  it("installs from its lockfile, type-checks, grades the stubs 0 and a full solution full marks, and submits", () => {
    expect(npm(dir, "ci", "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund").status).toBe(0);
    expect(npm(dir, "run", "-s", "typecheck").status).toBe(0);
    const stubs = JSON.parse(npm(dir, "run", "-s", "grade", "hw1", "--", "--json").stdout) as { score: number };
    expect(stubs.score).toBe(0);
    const untouched = npm(dir, "run", "-s", "submit", "hw1");
    expect(untouched.status).toBe(1);
    expect(untouched.stderr).toContain("still the untouched stub");
    cpSync(join(KIT_ROOT, "reference/hw1"), join(dir, "hw1"), { recursive: true });
    const full = JSON.parse(npm(dir, "run", "-s", "grade", "hw1", "--", "--json").stdout) as { score: number; max: number };
    expect(full.score).toBe(full.max);
    expect(npm(dir, "run", "-s", "submit", "hw1").status).toBe(0);
    const packed: string[] = [];
    tar.t({ file: join(dir, "handin.tar"), sync: true, onReadEntry: (e) => packed.push(e.path) });
    expect(packed.filter((p) => !p.endsWith("/")).sort()).toEqual(filesUnder(join(KIT_ROOT, "reference/hw1")).map((f) => `hw1/${f}`).sort());
  }, 120_000);
});

describe("the Autolab package and class grading, on honest and hostile handins", () => {
  const pkg = join(work, "autolab");
  const handins = join(work, "handins");
  const totals = new Map<string, number>();

  beforeAll(async () => {
    await packageAutolab("hw1", pkg);
    mkdirSync(handins);
    for (const h of HANDINS) writeHandin(h, handins);
  }, 120_000);

  it("writes the lab's problem list from the suite", () => {
    const yml = readFileSync(join(pkg, "hw1.yml"), "utf8");
    expect(yml).toContain("  - name: activations\n    description: \"1 Activations\"\n    max_score: 23");
    expect(yml).toContain("  - name: bonus\n    description: \"Bonus\"\n    max_score: 25\n    optional: true");
  });

  it.concurrent.each(HANDINS.map((h) => [h.name, h] as const))("Autolab job on %s: a valid last line with its honest score", async (name, h) => {
    const job = await runAutolabJob({
      tarball: join(pkg, "autograde.tar"),
      makefile: join(pkg, "autograde-Makefile"),
      handin: join(handins, `${name}.tar`),
      timeoutS: 300,
      makeVars: ["TIMEOUT_MS=2000", "MEMORY_MIB=512"],
    });
    expect(job.timedOut).toBe(false);
    expect(job.bytes).toBeLessThan(AUTOLAB_OUTPUT_CAP);
    expect(job.scores, job.output.slice(-2000)).toBeDefined();
    const total = Object.values(job.scores!).reduce((a, b) => a + b, 0);
    totals.set(name, total);
    expect(total, job.output.slice(-3000)).toBe(h.total);
  }, 300_000);

  it("grades the same handins as a class: one row each, the same totals, a feedback file each", async () => {
    const rows = await gradeClass({ hw: "hw1", dir: handins, feedbackDir: join(work, "feedback"), jobs: 2, timeoutMs: 2000, memoryLimitBytes: 512 * 2 ** 20 });
    expect(rows.map((r) => r.student).sort()).toEqual(HANDINS.map((h) => h.name).sort());
    for (const r of rows) {
      expect(r.total, r.student).toBe(HANDINS.find((h) => h.name === r.student)!.total);
      expect(existsSync(r.feedback)).toBe(true);
    }
    expect(rows.find((r) => r.student === "empty")?.status).toBe(`no handin: ${join(handins, "empty.tar")}: the archive is empty`);
    expect(rows.find((r) => r.student === "wrong-homework")?.status).toContain("holds hw2/ but no hw1/index.ts");
    const traversal = readFileSync(rows.find((r) => r.student === "traversal-and-symlink")!.feedback, "utf8");
    expect(traversal).toContain("../../evil.ts (path leaves the handin)");
    expect(traversal).toContain("hw1/passwd.ts (SymbolicLink entries are not unpacked)");
  }, 300_000);
});
