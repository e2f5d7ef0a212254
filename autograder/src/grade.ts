/**
 * Grades one homework folder against a suite and its fixtures: compiles the submission
 * once, runs every variant of every selected case in the sandbox, compares the outputs
 * with the fixtures here in the grader, and returns one result per case. A case scores
 * its points when all of its variants pass; its message describes the first that did not.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { cudaAddonPath } from "#ndarray";
import { bundleSubmission } from "./bundle.js";
import type { ThrownError } from "./child.js";
import { compareOutputs, forwardMatchesGradientDoesNot } from "./compare.js";
import { describeVariant, type Fixture, type VariantKind } from "./fixtures.js";
import { Sandbox, type RunOutcome } from "./sandbox.js";
import type { Case, Suite, Visibility } from "./suite.js";
import { toWire, type WireArray } from "./wire.js";

export type CaseStatus = "passed" | "failed" | "error" | "not-attempted" | "timeout" | "crashed" | "compile-error";

export interface CaseResult {
  id: string;
  number: string;
  section: string;
  title: string;
  points: number;
  bonus: boolean;
  score: number;
  status: CaseStatus;
  /** Empty when passed; otherwise what differs and where (several lines). */
  message: string;
  /** What the student's code printed during the failing variant (captured, cut short). */
  output: string;
  visibility: Visibility;
  /** Variants run: public and hidden. */
  variants: { public: number; hidden: number };
  /** The kind of variant that failed, when one did. */
  failedOn?: VariantKind;
}

export interface GradeReport {
  hw: string;
  device: string;
  /** Points earned, bonus included. */
  score: number;
  /** Points available, bonus included (so the reference scores score === max). */
  max: number;
  /** Of which bonus. */
  bonus: { score: number; max: number };
  sections: { id: string; number: string; title: string; score: number; max: number }[];
  tests: CaseResult[];
  /** Seconds spent grading. */
  seconds: number;
}

export interface GradeOptions {
  suite: Suite;
  cases: readonly Case[];
  fixtures: readonly Fixture[];
  /** The folder holding the submission's index.ts. */
  hwDir: string;
  /** The suite's file, for the bundle. */
  suiteFile: string;
  device: string;
  /** Per-variant time limit in ms, unless the case sets its own. */
  timeoutMs: number;
  memoryLimitBytes: number;
  /** Called after each case (progress display, watch mode). */
  onResult?: (r: CaseResult) => void;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MEMORY_LIMIT_BYTES = 2 * 2 ** 30;
/** Loading the submission (starting Node, evaluating the bundle) gets at least this long, even under load. */
const STARTUP_TIMEOUT_MS = 10_000;

function fmtThrown(e: ThrownError | undefined): string {
  if (e === undefined) return "";
  const stack = e.stack ? `\n${e.stack.replace(/^\s*/gm, "    ")}` : "";
  const code = e.code ? ` [${e.code}]` : "";
  return `${e.name}${code}: ${e.message}${stack}`;
}

/** The per-case verdict for one failed variant outcome that is not a comparison. */
function verdictOf(outcome: Exclude<RunOutcome, { kind: "outputs" }>): { status: CaseStatus; message: string } {
  switch (outcome.kind) {
    case "threw":
      if (outcome.error.code === "E_NOT_IMPLEMENTED") return { status: "not-attempted", message: `not attempted: ${outcome.error.message}` };
      return { status: "error", message: `your code threw ${fmtThrown(outcome.error)}` };
    case "timeout":
      return { status: "timeout", message: `took longer than ${outcome.ms / 1000} s (an infinite loop, or a very slow loop?)` };
    case "memory":
      return { status: "crashed", message: `used more than ${(outcome.limitBytes / 2 ** 30).toFixed(1)} GiB of memory and was stopped` };
    case "exited": {
      const how = outcome.signal ? `was ended (${outcome.signal})` : `exited with code ${outcome.code} (process.exit?)`;
      return { status: "crashed", message: `the process running your code ${how} during this test; tests never call process.exit` };
    }
    case "load-failed": {
      const err = outcome.error;
      if (err?.code === "E_NOT_IMPLEMENTED") return { status: "not-attempted", message: `not attempted: ${err.message}` };
      return { status: "error", message: `${outcome.detail || "your code could not be loaded"}${err ? `: ${fmtThrown(err)}` : ""}` };
    }
  }
}

/** A case's result fields that do not depend on how it went. */
function caseBase(c: Case, fixtures: readonly Fixture[]) {
  return {
    id: c.id,
    number: c.number,
    section: c.section,
    title: c.title,
    points: c.points,
    bonus: c.bonus ?? false,
    visibility: c.visibility ?? "visible",
    variants: { public: fixtures.filter((f) => f.kind === "public").length, hidden: fixtures.filter((f) => f.kind === "hidden").length },
  };
}

/** Grades one case over its variants; stops at the first variant that fails. */
async function gradeCase(c: Case, fixtures: readonly Fixture[], sandbox: Sandbox, opts: GradeOptions): Promise<CaseResult> {
  const base = caseBase(c, fixtures);
  const counts = base.variants;
  const hint = c.failureHint ? `\nHint: ${c.failureHint}` : "";
  for (const f of fixtures) {
    const where = describeVariant(f, counts[f.kind]);
    const inputs: Record<string, WireArray> = {};
    for (const [k, v] of Object.entries(f.inputs)) inputs[k] = toWire(v) as WireArray;
    const outcome = await sandbox.run({ caseId: c.id, size: { ...f.size }, inputs, device: opts.device }, c.timeoutMs ?? opts.timeoutMs);
    if (outcome.kind !== "outputs") {
      const v = verdictOf(outcome);
      const message = v.status === "not-attempted" ? v.message : `${where}: ${v.message}${hint}`;
      return { ...base, score: 0, status: v.status, message, output: outcome.output, failedOn: f.kind };
    }
    const checks = compareOutputs(f.expected, outcome.outputs, c.tolerance);
    const failed = checks.filter((x) => !x.ok);
    if (failed.length > 0) {
      const lines =
        f.kind === "hidden"
          ? failed.map((x) => `${x.name}: wrong ${x.reason === "values" ? "values" : x.reason === "shape" ? "shape" : "type"} (details of hidden cases are not shown)`)
          : failed.map((x) => x.message);
      const note = forwardMatchesGradientDoesNot(checks) ? "\nThe forward outputs match; a gradient does not." : "";
      const message = `${where}:\n${lines.map((l) => `  ${l}`).join("\n")}${note}${hint}`;
      return { ...base, score: 0, status: "failed", message, output: outcome.output, failedOn: f.kind };
    }
  }
  return { ...base, score: c.points, status: "passed", message: "", output: "" };
}

export async function grade(opts: GradeOptions): Promise<GradeReport> {
  const started = performance.now();
  const { suite, cases } = opts;
  const results: CaseResult[] = [];
  const dir = mkdtempSync(join(tmpdir(), "kit-grade-"));
  try {
    const bundle = join(dir, `${suite.hw}.mjs`);
    let compileError: string | undefined;
    try {
      await bundleSubmission({ hwDir: opts.hwDir, suiteFile: opts.suiteFile, outFile: bundle });
    } catch (err) {
      if (!(err instanceof Error && "code" in err && err.code === "E_SUBMISSION_COMPILE")) throw err;
      compileError = err.message;
    }
    const sandbox = new Sandbox({
      bundle,
      startupTimeoutMs: Math.max(STARTUP_TIMEOUT_MS, opts.timeoutMs),
      memoryLimitBytes: opts.memoryLimitBytes,
      addonDir: opts.device === "cuda" ? dirname(cudaAddonPath()) : undefined,
    });
    try {
      for (const c of cases) {
        const mine = opts.fixtures.filter((f) => f.caseId === c.id);
        const r: CaseResult =
          compileError !== undefined
            ? { ...caseBase(c, mine), score: 0, status: "compile-error", message: compileError, output: "" }
            : await gradeCase(c, mine, sandbox, opts);
        results.push(r);
        opts.onResult?.(r);
      }
    } finally {
      sandbox.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return summarise(suite, opts.device, results, (performance.now() - started) / 1000);
}

function summarise(suite: Suite, device: string, tests: CaseResult[], seconds: number): GradeReport {
  const sum = (rs: CaseResult[], f: (r: CaseResult) => number) => rs.reduce((a, r) => a + f(r), 0);
  const bonus = tests.filter((t) => t.bonus);
  const sections = suite.sections
    .map((s) => {
      const mine = tests.filter((t) => t.section === s.id);
      return { id: s.id, number: s.number, title: s.title, score: sum(mine, (r) => r.score), max: sum(mine, (r) => r.points), count: mine.length };
    })
    .filter((s) => s.count > 0)
    .map(({ count: _count, ...s }) => s);
  return {
    hw: suite.hw,
    device,
    score: sum(tests, (r) => r.score),
    max: sum(tests, (r) => r.points),
    bonus: { score: sum(bonus, (r) => r.score), max: sum(bonus, (r) => r.points) },
    sections,
    tests,
    seconds,
  };
}
