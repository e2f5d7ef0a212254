/**
 * The instructor tools end to end on hw1: the student handout (installed from its
 * lockfile, graded, submitted, scanned for reference code), the Autolab package (its
 * files, and its job run as Tango's autodriver runs it on a catalog of honest and hostile
 * handins, and on one that would outlast the lab's time limit), and class grading of the
 * same handins, which must agree with Autolab handin by handin.
 */
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as tar from "tar";
import { gradeClass } from "../../autograder/src/class-grading.js";
import { KIT_ROOT } from "../../autograder/src/paths.js";
import { AUTODRIVER_LIMITS, packageAutolab, type AutolabPackage } from "../../autograder/src/package/autolab.js";
import { runAutolabJob } from "../../autograder/src/package/autolab-job.js";
import { autolabYml, readAutolabYml } from "../../autograder/src/package/autolab-yml.js";
import { installFromLockfile, writeTree } from "../../autograder/src/package/tree.js";
import { subsetLockfile } from "../../autograder/src/package/lockfile.js";
import { HANDINS, writeHandin } from "./handins.js";

const work = mkdtempSync(join(tmpdir(), "kit-packaging-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * npm in `cwd`, in a child this process does not wait on: meanwhile this process builds the
 * Autolab package, and the handout's independent steps run side by side.
 */
function npm(cwd: string, ...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile("npm", args, { cwd, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0" }, maxBuffer: 2 ** 26 }, (err, stdout, stderr) => {
      done({ status: err === null ? 0 : typeof err.code === "number" ? err.code : null, stdout, stderr });
    });
  });
}

/** The Autolab package, started by the handout's tests so that it builds while they wait on npm, the grader and tsc. */
const autolabDir = join(work, "autolab");
let autolab: Promise<AutolabPackage> | undefined;
function buildAutolab(): Promise<AutolabPackage> {
  if (autolab === undefined) {
    autolab = packageAutolab("hw1", autolabDir);
    // A failure is reported where the package is awaited, not as an unhandled rejection before then.
    autolab.catch(() => undefined);
  }
  return autolab;
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

  it("installs from its lockfile, type-checks, grades the stubs 0 and a full solution full marks, and submits", async () => {
    void buildAutolab();
    expect((await npm(dir, "ci", "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund")).status).toBe(0);
    // Each step of a group reads the stubs (or, after the copy, the solution) and writes nothing the others read.
    const [typecheck, stubsRun, untouched] = await Promise.all([npm(dir, "run", "-s", "typecheck"), npm(dir, "run", "-s", "grade", "hw1", "--", "--json"), npm(dir, "run", "-s", "submit", "hw1")]);
    expect(typecheck.status).toBe(0);
    const stubs = JSON.parse(stubsRun.stdout) as { score: number };
    expect(stubs.score).toBe(0);
    expect(untouched.status).toBe(1);
    expect(untouched.stderr).toContain("still the untouched stub");
    cpSync(join(KIT_ROOT, "reference/hw1"), join(dir, "hw1"), { recursive: true });
    const [fullRun, submitted] = await Promise.all([npm(dir, "run", "-s", "grade", "hw1", "--", "--json"), npm(dir, "run", "-s", "submit", "hw1")]);
    const full = JSON.parse(fullRun.stdout) as { score: number; max: number };
    expect(full.score).toBe(full.max);
    expect(submitted.status).toBe(0);
    const packed: string[] = [];
    tar.t({ file: join(dir, "handin.tar"), sync: true, onReadEntry: (e) => packed.push(e.path) });
    expect(packed.filter((p) => !p.endsWith("/")).sort()).toEqual(filesUnder(join(KIT_ROOT, "reference/hw1")).map((f) => `hw1/${f}`).sort());
  }, 120_000);
});

describe("the Autolab package, on honest and hostile handins", () => {
  const out = autolabDir;
  const handins = join(work, "handins");
  let pkg: AutolabPackage;

  beforeAll(async () => {
    pkg = await buildAutolab();
    mkdirSync(handins);
    for (const h of HANDINS) writeHandin(h, handins);
  }, 120_000);

  it("writes the lab file, and a tarball Autolab imports: one hw1/ folder holding it, the Makefile and autograde.tar", () => {
    const lab = readAutolabYml(pkg.yml, "hw1");
    expect(lab.general.handin_filename).toBe("handin.tar");
    expect(lab.autograder).toEqual({ autograde_timeout: 600, autograde_image: "autograding_node20", release_score: true });
    const entries: string[] = [];
    tar.t({ file: pkg.importable, sync: true, onReadEntry: (e) => entries.push(e.path) });
    expect(entries).toEqual(["hw1/", "hw1/autograde-Makefile", "hw1/autograde.tar", "hw1/hw1.yml"]);
    expect(readFileSync(pkg.dockerfile, "utf8")).toMatch(/^FROM \$\{TANGO_IMAGE\} AS tango$/m);
  });

  it("carries esbuild's binary for Linux x86-64 only, at the version the lockfile pins", () => {
    const esbuilds = new Map<string, number>();
    const binary = /node_modules\/@esbuild\/[^/]+\/bin\/esbuild$/;
    tar.t({ file: pkg.tarball, sync: true, onReadEntry: (e) => (binary.test(e.path) ? esbuilds.set(e.path, e.mode ?? 0) : undefined) });
    expect([...esbuilds.keys()]).toEqual(["./node_modules/@esbuild/linux-x64/bin/esbuild"]);
    expect(esbuilds.get("./node_modules/@esbuild/linux-x64/bin/esbuild")! & 0o111).not.toBe(0);
  });

  it.concurrent.each(HANDINS.map((h) => [h.name, h] as const))("Autolab job on %s: a valid last line with its honest score", async (name, h) => {
    const makeVars = ["TIMEOUT_MS=2000", "MEMORY_MIB=512", "BUDGET_S=90"];
    const job = await runAutolabJob({ packageDir: out, hw: "hw1", handin: join(handins, `${name}.tar`), timeoutS: 300, makeVars });
    expect(job.timedOut).toBe(false);
    expect(job.truncated).toBe(false);
    expect(job.scoreErrors, job.feedback.slice(-2000)).toEqual([]);
    expect(Object.keys(job.scores!)).toEqual(readAutolabYml(pkg.yml, "hw1").problems.map((p) => p.name));
    const total = Object.values(job.scores!).reduce((a, b) => a + b, 0);
    expect(total, job.feedback.slice(-3000)).toBe(h.total);
  }, 300_000);

  // Alongside the jobs: its workers and theirs are processes this one only waits on.
  it.concurrent("grades broken archives as a class: a row and a reason each (class-hostile.test.ts grades attacks as a class)", async () => {
    const broken = HANDINS.filter((h) => h.kind !== undefined || h.extra !== undefined);
    const dir = join(work, "broken");
    mkdirSync(dir);
    for (const h of broken) writeHandin(h, dir);
    const rows = await gradeClass({ hw: "hw1", dir, feedbackDir: join(work, "feedback"), jobs: 2, timeoutMs: 2000, memoryLimitBytes: 512 * 2 ** 20, only: "sigmoid" });
    expect(rows.map((r) => r.student).sort()).toEqual(broken.map((h) => h.name).sort());
    for (const r of rows) expect(existsSync(r.feedback)).toBe(true);
    expect(rows.find((r) => r.student === "empty")?.status).toBe(`no handin: ${join(dir, "empty.tar")}: the archive is empty`);
    expect(rows.find((r) => r.student === "wrong-homework")?.status).toContain("holds hw2/ but no hw1/index.ts");
    const traversal = rows.find((r) => r.student === "traversal-and-symlink")!;
    expect(traversal.total).toBe(4);
    const feedback = readFileSync(traversal.feedback, "utf8");
    expect(feedback).toContain("../../evil.ts (path leaves the handin)");
    expect(feedback).toContain("hw1/passwd.ts (SymbolicLink entries are not unpacked)");
  }, 120_000);

  it("ends a job that would outlast the lab's time limit with a valid score line before Tango kills it", async () => {
    // A 10 s loop at the default limit cannot fit a 12 s budget (9 s of grading after the 3 s
    // reserve): its limit shrinks to what is left and the job stops grading in time.
    const job = await runAutolabJob({ packageDir: out, hw: "hw1", handin: join(handins, "infinite-loop.tar"), timeoutS: 45, makeVars: ["BUDGET_S=12"] });
    expect(job.timedOut, job.feedback.slice(-2000)).toBe(false);
    expect(job.seconds).toBeLessThan(12);
    expect(job.scoreErrors, job.feedback.slice(-2000)).toEqual([]);
    expect(job.feedback).toMatch(/not run/);
  }, 120_000);
});

describe("the autodriver's limits in autolab:local", () => {
  const pkg = join(work, "limits");

  beforeAll(() => {
    mkdirSync(pkg);
    const problem = { name: "x", description: "x", max_score: 1, optional: false };
    const general = { name: "lab", display_name: "lab", description: "", category_name: "Lab", handin_filename: "my handin.tar", handin_directory: "handin" };
    const autograder = { autograde_timeout: 60, autograde_image: "i", release_score: true };
    writeFileSync(join(pkg, "lab.yml"), autolabYml({ general: { ...general, max_size: 1, max_submissions: -1 }, problems: [problem], autograder }));
    writeFileSync(join(pkg, "autograde.tar"), "");
    const recipe = [
      "id -u",
      "awk '/Max processes/ {print $$3}' /proc/self/limits",
      "ls",
      "head -c 200000000 /dev/zero > big || echo file size limit hit",
      `echo '{"scores": {"x": 1}}'`,
    ];
    writeFileSync(join(pkg, "autograde-Makefile"), `all:\n${recipe.map((r) => `\t@${r}\n`).join("")}`);
    writeFileSync(join(work, "anything.tar"), "");
  });

  it.skipIf(process.getuid?.() !== 0)("started as root: an unprivileged user, 100 processes, 100 MiB per file, the handin under the lab's name", async () => {
    const job = await runAutolabJob({ packageDir: pkg, hw: "lab", handin: join(work, "anything.tar") });
    const [status, uid, nproc, ...rest] = job.feedback.trimEnd().split("\n");
    expect(status).toBe("Autodriver: Job exited with status 0");
    expect(Number(uid)).toBeGreaterThan(0);
    expect(nproc).toBe(String(AUTODRIVER_LIMITS.processes));
    expect(rest).toContain("my handin.tar");
    expect(rest).toContain("file size limit hit");
    expect(job.scores).toEqual({ x: 1 });
    expect(job.scoreErrors).toEqual([]);
  });
});

describe("esbuild's binary in a package", () => {
  it("is the one for the platform npm is told, not the building machine's", () => {
    const dir = mkdtempSync(join(work, "platform-"));
    const deps = { esbuild: JSON.parse(readFileSync(join(KIT_ROOT, "package.json"), "utf8")).dependencies.esbuild as string };
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "p", version: "1.0.0", dependencies: deps }));
    writeFileSync(join(dir, "package-lock.json"), subsetLockfile({ name: "p", version: "1.0.0", dependencies: deps }, deps));
    installFromLockfile(dir, { os: "darwin", cpu: "arm64" });
    expect(readdirSync(join(dir, "node_modules/@esbuild"))).toEqual(["darwin-arm64"]);
  }, 60_000);
});
