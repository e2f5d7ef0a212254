/**
 * The Gradescope autograder: results.json follows Gradescope's published format, keeps
 * every test (and so the total) visible to students, and the zip works on a bare Ubuntu
 * image: unpacked without its file modes into a temporary /autograder, with no Node on
 * PATH, its setup.sh installs the Node it carries and run_autograder grades a handin of
 * any name, a folder and loose files, within a 768 MB container.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { unzipSync } from "fflate";
import * as tar from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CaseResult, GradeReport } from "../../autograder/src/grade.js";
import { packageGradescope } from "../../autograder/src/package/gradescope.js";
import { MEMORY_FUNCTIONS, runAutograderScript } from "../../autograder/src/package/gradescope-scripts.js";
import { CARRIED_NODE } from "../../autograder/src/package/node-runtime.js";
import { KIT_ROOT } from "../../autograder/src/paths.js";
import { gradescopeFailure, gradescopeResults } from "../../autograder/src/reports/gradescope.js";
import { HW1_MAX } from "./handins.js";

/** Gradescope's results.json fields (gradescope-autograders.readthedocs.io, "Autograder Specifications"). */
const TOP_LEVEL_FIELDS = [
  "score",
  "execution_time",
  "output",
  "output_format",
  "test_output_format",
  "test_name_format",
  "visibility",
  "stdout_visibility",
  "extra_data",
  "tests",
  "leaderboard",
];
const TEST_FIELDS = ["score", "max_score", "status", "name", "name_format", "number", "output", "output_format", "tags", "visibility", "extra_data"];
const VISIBILITIES = ["hidden", "after_due_date", "after_published", "visible"];

/** Every problem Gradescope would have with `results`, by the published format. */
function formatErrors(results: unknown): string[] {
  if (typeof results !== "object" || results === null) return ["not an object"];
  const r = results as Record<string, unknown>;
  const errors = Object.keys(r).filter((k) => !TOP_LEVEL_FIELDS.includes(k)).map((k) => `unknown field ${k}`);
  if (typeof r.score !== "number") errors.push("no top-level score");
  if (r.execution_time !== undefined && !Number.isInteger(r.execution_time)) errors.push("execution_time is not whole seconds");
  if (typeof r.output !== "string") errors.push("output is not text");
  if (r.stdout_visibility !== undefined && !VISIBILITIES.includes(String(r.stdout_visibility))) errors.push("bad stdout_visibility");
  if (!Array.isArray(r.tests)) return [...errors, "tests is not a list"];
  r.tests.forEach((t: Record<string, unknown>, i) => {
    errors.push(...Object.keys(t).filter((k) => !TEST_FIELDS.includes(k)).map((k) => `tests[${i}]: unknown field ${k}`));
    if (typeof t.score !== "number" || typeof t.max_score !== "number") errors.push(`tests[${i}]: score or max_score not a number`);
    if (!["passed", "failed"].includes(String(t.status))) errors.push(`tests[${i}]: bad status`);
    if (!VISIBILITIES.includes(String(t.visibility))) errors.push(`tests[${i}]: bad visibility`);
    if (typeof t.name !== "string" || typeof t.output !== "string") errors.push(`tests[${i}]: name or output not text`);
  });
  return errors;
}

function caseResult(over: Partial<CaseResult>): CaseResult {
  return {
    id: "linear.forward",
    number: "2.1",
    section: "linear",
    title: "Linear forward",
    points: 3,
    bonus: false,
    score: 0,
    status: "failed",
    message: "Z differs at [0, 1]",
    output: "",
    visibility: "visible",
    variants: { public: 2, hidden: 3 },
    ...over,
  };
}

function report(tests: CaseResult[]): GradeReport {
  const score = tests.reduce((a, t) => a + t.score, 0);
  const bonus = tests.filter((t) => t.bonus);
  return {
    hw: "hw1",
    device: "cpu",
    isolation: "none",
    score,
    max: tests.reduce((a, t) => a + t.points, 0),
    bonus: { score: bonus.reduce((a, t) => a + t.score, 0), max: bonus.reduce((a, t) => a + t.points, 0) },
    sections: [],
    tests,
    seconds: 12.6,
  };
}

describe("results.json", () => {
  const results = gradescopeResults(
    report([
      caseResult({ id: "linear.forward", score: 3, status: "passed", message: "" }),
      caseResult({ id: "linear.backward", number: "2.2", failedOn: "hidden", message: "an Error (details of hidden cases are not shown)", output: "hidden input 0.123" }),
      caseResult({ id: "linear.init", number: "2.3", failedOn: "public", output: "debug print" }),
      caseResult({ id: "autograd.mlp_step", number: "8.10", bonus: true, points: 3, score: 3, status: "passed", message: "" }),
    ]),
  );

  it("uses only the published fields, and says how long grading took", () => {
    expect(formatErrors(results)).toEqual([]);
    expect(formatErrors(gradescopeFailure("no hw1/index.ts", 3.2))).toEqual([]);
    expect(results.execution_time).toBe(13);
    expect(results.score).toBe(6);
  });

  it("keeps every test visible, so students see their total; stdout, with the details, is for instructors", () => {
    expect(results.tests.map((t) => t.visibility)).toEqual(["visible", "visible", "visible", "visible"]);
    expect(results.stdout_visibility).toBe("hidden");
  });

  it("says a hidden case failed without what the code printed there; shows what it printed on a public one", () => {
    expect(results.tests[1].output).toMatch(/passes the public cases you can run, and fails a hidden one/);
    expect(results.tests[1].output).not.toContain("0.123");
    expect(results.tests[2].output).toContain("Your code printed:\ndebug print");
  });

  it("counts bonus tests as extra credit (max_score 0)", () => {
    expect(results.tests[3]).toMatchObject({ name: "autograd.mlp_step: Linear forward (bonus)", score: 3, max_score: 0, status: "passed" });
  });
});

describe("run_autograder's memory limit for the code under test", () => {
  const cgroups = mkdtempSync(join(tmpdir(), "kit-cgroup-"));
  afterAll(() => rmSync(cgroups, { recursive: true, force: true }));
  const mib = (files: Record<string, string>): string => {
    const dir = mkdtempSync(join(cgroups, "c-"));
    for (const [f, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, f)), { recursive: true });
      writeFileSync(join(dir, f), text);
    }
    const run = spawnSync("bash", ["-c", `${MEMORY_FUNCTIONS}\ncode_memory_mib`], { encoding: "utf8", env: { PATH: "/usr/bin:/bin", KIT_CGROUP_DIR: dir } });
    return run.stdout.trim();
  };

  it("stays well below the container's limit (cgroup v2 and v1), and is the grader's 2048 MiB without one", () => {
    expect(mib({ "memory.max": `${768 * 2 ** 20}\n` })).toBe("409");
    expect(mib({ "memory/memory.limit_in_bytes": `${4 * 2 ** 30}\n` })).toBe("2048");
    expect(mib({ "memory.max": `${3 * 2 ** 30}\n` })).toBe("2048");
    expect(mib({ "memory.max": "max\n" })).toBe("2048");
    expect(mib({ "memory/memory.limit_in_bytes": "9223372036854771712\n" })).toBe("2048");
    expect(mib({ "memory.max": `${300 * 2 ** 20}\n` })).toBe("128");
  });

  it("grading stops within the assignment's timeout less a margin", () => {
    expect(runAutograderScript("hw1", 540)).toContain("--budget 540");
  });
});

/** File modes of a zip's entries, from its central directory (fflate's reader does not give them). */
function zipModes(zip: Buffer): Map<string, number> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const modes = new Map<string, number>();
  let at = zip.readUInt32LE(end + 16);
  for (let i = zip.readUInt16LE(end + 10); i > 0; i--) {
    const nameLength = zip.readUInt16LE(at + 28);
    modes.set(zip.toString("utf8", at + 46, at + 46 + nameLength), (zip.readUInt32LE(at + 38) >>> 16) & 0o777);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return modes;
}

describe("autograder.zip on a bare image", () => {
  const work = mkdtempSync(join(tmpdir(), "kit-gradescope-"));
  const root = join(work, "autograder");
  const bin = join(work, "bin");
  const cgroup = join(work, "cgroup");
  const handin = join(work, "handin.tar");
  let zip: Buffer;
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  beforeAll(async () => {
    zip = readFileSync(await packageGradescope("hw1", join(work, "out")));
    // Unzipped without file modes, as some unzips do: setup.sh must cope.
    for (const [name, data] of Object.entries(unzipSync(new Uint8Array(zip)))) {
      mkdirSync(dirname(join(root, "source", name)), { recursive: true });
      writeFileSync(join(root, "source", name), data);
    }
    // A PATH of everything in /usr/bin and /bin except Node and its tools.
    mkdirSync(bin);
    const taken = new Set(["node", "nodejs", "npm", "npx", "corepack"]);
    for (const dir of ["/usr/bin", "/bin"]) {
      for (const f of readdirSync(dir).filter((name) => !taken.has(name))) {
        symlinkSync(join(dir, f), join(bin, f));
        taken.add(f);
      }
    }
    mkdirSync(cgroup);
    writeFileSync(join(cgroup, "memory.max"), `${768 * 2 ** 20}\n`);
    // What `npm run submit hw1` writes, for the reference.
    const from = join(work, "reference");
    cpSync(join(KIT_ROOT, "reference/hw1"), join(from, "hw1"), { recursive: true });
    tar.c({ file: handin, cwd: from, sync: true, portable: true }, ["hw1"]);
  }, 300_000);

  it("carries Node 20 and esbuild for Linux x86-64 only, executable, and the scripts at its root", () => {
    const modes = zipModes(zip);
    for (const f of ["setup.sh", "run_autograder", "runtime/node/bin/node", "node_modules/@esbuild/linux-x64/bin/esbuild"]) expect(modes.get(f), f).toBe(0o755);
    const esbuilds = [...modes.keys()].filter((f) => /(^|\/)@esbuild\/[^/]+\/package\.json$/.test(f));
    expect(esbuilds.length).toBeGreaterThan(0);
    expect(esbuilds.every((f) => f.includes("@esbuild/linux-x64/"))).toBe(true);
    expect([...modes.keys()].some((f) => f.startsWith("reference/"))).toBe(false);
    const lock = JSON.parse(readFileSync(join(KIT_ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { version: string }> };
    const manifest = "node_modules/@esbuild/linux-x64/package.json";
    const shipped = JSON.parse(Buffer.from(unzipSync(new Uint8Array(zip), { filter: (f) => f.name === manifest })[manifest]).toString()) as { version: string };
    expect(shipped.version).toBe(lock.packages["node_modules/@esbuild/linux-x64"].version);
  });

  it("setup.sh, with no Node on PATH, installs the Node it carries", () => {
    expect(spawnSync("bash", ["-c", "command -v node"], { env: { PATH: bin } }).status).not.toBe(0);
    const setup = spawnSync("bash", [join(root, "source/setup.sh")], { encoding: "utf8", env: { PATH: bin, HOME: work } });
    expect(setup.status, setup.stderr).toBe(0);
    expect(setup.stdout).toContain(`Node.js v${CARRIED_NODE.version} (${join(root, "source/runtime/node/bin/node")})`);
    cpSync(join(root, "source/run_autograder"), join(root, "run_autograder"));
  });

  /** Puts `files` (name → source path) in a fresh submission/, runs run_autograder; results.json and stdout. */
  function submit(files: Record<string, string>) {
    rmSync(join(root, "submission"), { recursive: true, force: true });
    rmSync(join(root, "results"), { recursive: true, force: true });
    mkdirSync(join(root, "submission"));
    for (const [name, from] of Object.entries(files)) cpSync(from, join(root, "submission", name), { recursive: true });
    const run = spawnSync("bash", [join(root, "run_autograder")], {
      encoding: "utf8",
      env: { PATH: bin, HOME: work, AUTOGRADER_ROOT: root, KIT_CGROUP_DIR: cgroup },
    });
    expect(run.status, run.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(root, "results/results.json"), "utf8")) as ReturnType<typeof gradescopeResults>;
    expect(formatErrors(results)).toEqual([]);
    /** What to show when a score is not the expected one. */
    const why = `${run.stdout.slice(-1500)}\n${results.tests.filter((t) => t.status !== "passed").map((t) => `${t.name}: ${t.output.slice(0, 300)}`).join("\n")}`;
    return { results, stdout: run.stdout, why };
  }

  it("grades the reference, uploaded as handin (1).tar, to full marks within 768 MB", () => {
    const { results, stdout, why } = submit({ "handin (1).tar": handin });
    expect(stdout).toContain("the code under test may use 409 MiB");
    expect(results.score, why).toBe(HW1_MAX);
    // Part 2 is scored against the labels the zip carries: this handin has no predictions.csv.
    const part2 = results.tests.at(-1)!;
    expect(part2).toMatchObject({ name: expect.stringMatching(/^challenge: Part 2/), score: 0, max_score: 20, status: "failed" });
    expect(part2.output).toMatch(/^0 points: the handin has no hw1\/predictions\.csv/);
    expect(results.tests.slice(0, -1).every((t) => t.status === "passed")).toBe(true);
    expect(results.leaderboard?.map((e) => e.name)).toEqual(["Accuracy (%)", "Challenge points", "Part 1 points"]);
  }, 120_000);

  it("grades the stubs, uploaded as a hw1/ folder, to 0, every test visible", () => {
    const { results } = submit({ hw1: join(KIT_ROOT, "hw1") });
    expect(results.score).toBe(0);
    expect(results.tests.length).toBeGreaterThan(40);
    expect(results.tests.every((t) => t.status === "failed" && t.visibility === "visible")).toBe(true);
  }, 120_000);

  it("grades loose files of hw1/, and explains an upload of two archives", () => {
    const loose = Object.fromEntries(readdirSync(join(KIT_ROOT, "reference/hw1")).map((f) => [f, join(KIT_ROOT, "reference/hw1", f)]));
    const { results, why } = submit(loose);
    expect(results.score, why).toBe(HW1_MAX);
    const two = submit({ "a.tar": handin, "b.tar": handin }).results;
    expect(two.score).toBe(0);
    expect(two.tests[0].output).toMatch(/holds 2 \.tar files/);
  }, 120_000);
});
