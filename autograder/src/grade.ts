/**
 * Grades one homework folder against a suite and its fixtures: compiles the submission
 * once, runs every variant of every selected case in the sandbox, compares the outputs
 * with the fixtures here in the grader, and returns one result per case. A case scores
 * its points when all of its variants pass; its message describes the first that did not.
 *
 * Hidden variants run in a second pass, in a fresh child, only for cases whose public
 * variants all passed. A child that has seen hidden inputs never gets to show anything
 * it printed or any text it threw, so nothing it learnt can reach the report; a hidden
 * failure names only the output, the kind of failure and the error class.
 *
 * With a deadline (`--budget`), every variant's time limit shrinks to what is left, and
 * cases that cannot start in time score 0 as "not run": the report and the score line
 * are always printed before the job's own time limit kills it.
 */
import { rmSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { cudaAddonPath } from "#ndarray";
import { bundleSubmission } from "./bundle.js";
import type { ChallengeResult } from "./challenge/score-handin.js";
import type { ThrownError } from "./child.js";
import { compareOutputs, forwardMatchesGradientDoesNot, type CheckReason, type OutputCheck } from "./compare.js";
import { describeVariant, type Fixture, type VariantKind } from "./fixtures.js";
import { isolation } from "./isolation.js";
import { plainText } from "./reports/plain-text.js";
import { GRADER_ERROR, UNUSABLE_RESULT } from "./run-case.js";
import { runSubfolder } from "./run-folder.js";
import { Sandbox, type LateError, type RunOutcome } from "./sandbox.js";
import { isInside, parseFrame } from "./stack-frames.js";
import type { Case, Suite, Visibility } from "./suite.js";
import { toWire, type WireArray } from "./wire.js";

export type CaseStatus = "passed" | "failed" | "error" | "not-attempted" | "timeout" | "crashed" | "compile-error" | "not-run";

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
  /** What the student's code printed: during the failing variant, or for a passing case during its public variants (captured, cut short; never for a hidden one). */
  output: string;
  visibility: Visibility;
  /** Variants run: public and hidden. */
  variants: { public: number; hidden: number };
  /** The kind of variant that failed, when one did. */
  failedOn?: VariantKind;
  /** For a failed comparison, the kind of the first failed check (values, shape, type, dtype, a rule). */
  failedBy?: CheckReason;
}

export interface GradeReport {
  hw: string;
  device: string;
  /** How the process running the student's code was isolated (isolation.ts). */
  isolation: string;
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
  /** Part 2, apart from the tests and from `score` and `max`: absent when the homework has no challenge or the run selected tests (`--only`). */
  challenge?: ChallengeResult;
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
  /** When set (ms since the epoch), grading ends by then: see the file comment. */
  deadline?: number;
  /** Called after each case (progress display, watch mode). */
  onResult?: (r: CaseResult) => void;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MEMORY_LIMIT_BYTES = 2 * 2 ** 30;
/** Loading the submission (starting Node, evaluating the bundle) gets at least this long, even under load. */
const STARTUP_TIMEOUT_MS = 10_000;
/** A variant is not started with less than this left before the deadline. */
const MIN_SLICE_MS = 250;
/** Error text shown for a public variant is cut to this many characters. */
const MESSAGE_CAP = 1000;
const STACK_CAP = 800;
/** Error classes a hidden failure may name; any other name is shown as "Error" (a name is text the student chose). */
const KNOWN_ERRORS = new Set([
  "Error",
  "TypeError",
  "RangeError",
  "ReferenceError",
  "SyntaxError",
  "EvalError",
  "URIError",
  "AggregateError",
  "KitError",
  "ShapeError",
  "AxisError",
  "IndexError",
  "DTypeError",
  "DeviceMismatchError",
  "DeviceUnavailableError",
  "ValueError",
  "NotImplementedError",
  "ArgumentTypeError",
  "BackwardBeforeForwardError",
]);

function cut(text: string, cap: number): string {
  return text.length <= cap ? text : `${text.slice(0, cap)}… (${text.length - cap} more characters cut)`;
}

/**
 * The frames of a stack that lie in the student's files, named `at Linear.forward
 * (hw1/linear.ts:3:5)`; the grader's own frames (suite, child, library) say nothing useful to
 * a student and would show the grading machine's paths. A function the suite called on the
 * module shows without the `Proxy.` its call through run-case.ts's module proxy adds.
 */
function studentFrames(stack: string, hwDir: string): string {
  const name = basename(hwDir);
  return stack
    .split("\n")
    .flatMap((line) => {
      const frame = parseFrame(line);
      if (frame === undefined || !isInside(frame.file, hwDir)) return [];
      const where = `${name}/${relative(hwDir, frame.file).split(sep).join("/")}:${frame.line}:${frame.column}`;
      const fn = /^\s*at (.+?) \(/.exec(line)?.[1].replace(/^Proxy\./, "");
      return [fn === undefined ? `at ${where}` : `at ${fn} (${where})`];
    })
    .join("\n");
}

function fmtThrown(e: ThrownError | undefined, hwDir: string): string {
  if (e === undefined) return "";
  const frames = e.stack ? studentFrames(e.stack, hwDir) : "";
  const stack = frames ? `\n${cut(frames, STACK_CAP).replace(/^/gm, "    ")}` : "";
  const code = e.code ? ` [${cut(e.code, 40)}]` : "";
  return plainText(`${cut(e.name, 60)}${code}: ${cut(e.message, MESSAGE_CAP)}${stack}`);
}

/** What a hidden failure may say about a thrown value: its class, when it is a well-known one. */
function errorClass(e: ThrownError | undefined): string {
  return e !== undefined && KNOWN_ERRORS.has(e.name) ? e.name : "Error";
}

/**
 * The per-case verdict for one failed variant outcome that is not a comparison. The child
 * marks what the suite threw by whose fault it was (run-case.ts): on what the student's
 * code returned, or before the student's code was reached (the grader's own error).
 */
function verdictOf(outcome: Exclude<RunOutcome, { kind: "outputs" }>, hidden: boolean, hwDir: string, caseId: string): { status: CaseStatus; message: string } {
  const thrown = (e: ThrownError | undefined) => (hidden ? `an ${errorClass(e)} (details of hidden cases are not shown)` : fmtThrown(e, hwDir));
  // Its message is text the code chose, like any other error's.
  const notAttempted = (e: ThrownError) => ({ status: "not-attempted" as const, message: hidden ? "not attempted" : `not attempted: ${plainText(cut(e.message, MESSAGE_CAP))}` });
  switch (outcome.kind) {
    case "threw":
      if (outcome.error.code === "E_NOT_IMPLEMENTED") return notAttempted(outcome.error);
      if (outcome.error.code === GRADER_ERROR) {
        return { status: "error", message: `grader error in case ${caseId}: ${thrown({ ...outcome.error, code: undefined })} (not your code; tell your instructors)` };
      }
      if (outcome.error.code === UNUSABLE_RESULT) {
        return { status: "error", message: `the test could not use what your code returned (check the type and shape of what it returns): ${thrown({ ...outcome.error, code: undefined })}` };
      }
      return { status: "error", message: `your code threw ${thrown(outcome.error)}` };
    case "timeout":
      return { status: "timeout", message: `took longer than ${outcome.ms / 1000} s (an infinite loop, or a very slow loop?)` };
    case "memory":
      return { status: "crashed", message: `used more than ${(outcome.limitBytes / 2 ** 30).toFixed(1)} GiB of memory and was stopped` };
    case "malformed":
      return { status: "crashed", message: `returned a malformed result to the grader${hidden ? "" : ` (${cut(outcome.detail, 200)})`}` };
    case "exited": {
      const how = outcome.signal ? `was ended (${outcome.signal})` : hidden ? "exited" : `exited with code ${outcome.code} (process.exit?)`;
      return { status: "crashed", message: `the process running your code ${how} during this test; tests never call process.exit` };
    }
    case "load-failed": {
      const err = outcome.error;
      if (err?.code === "E_NOT_IMPLEMENTED") return notAttempted(err);
      return { status: "error", message: `${outcome.detail || "your code could not be loaded"}${err ? `: ${thrown(err)}` : ""}` };
    }
  }
}

/** How a late error (thrown after a case had returned) is reported on that case. */
function lateMessage(late: LateError, hidden: boolean, hwDir: string): string {
  const what = late.kind === "rejection" ? "a promise was rejected, and nothing handled it," : "an error was thrown";
  const detail = hidden ? `an ${errorClass(late.error)} (on a hidden case; details are not shown)` : fmtThrown(late.error, hwDir);
  return `${what} after \`${late.caseId}\` returned (from a timer or a promise your code started): ${detail}`;
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

/** Failed outputs shown in full on a public variant before the rest are only named. */
const FAILURES_SHOWN = 3;

/**
 * The failed checks, in the case's output order (a model case lists its gradients from the
 * output back, so the first is where to look): the first few in full, the rest by name.
 */
function failureLines(failed: readonly OutputCheck[], hidden: boolean): string {
  const shown = hidden ? failed : failed.slice(0, FAILURES_SHOWN);
  const lines = shown.map((x) => `  ${hidden ? x.summary : x.message}`);
  const rest = failed.slice(shown.length).map((x) => x.name);
  if (rest.length > 0) lines.push(`  also wrong: ${rest.join(", ")}`);
  return lines.join("\n");
}

/** What runs the variants of a pass: the sandbox, or `--debug`'s in-process runner (debug.ts). */
export type CaseRunner = Pick<Sandbox, "run" | "takeLateErrors" | "close">;

/** One grading pass: a runner, the deadline, and where the results go. */
interface Pass {
  sandbox: CaseRunner;
  kind: VariantKind;
  opts: GradeOptions;
  /** What each case whose variants all passed printed on them (public passes only). */
  printed: Map<string, string>;
}

function notRun(base: ReturnType<typeof caseBase>): CaseResult {
  return { ...base, score: 0, status: "not-run", message: "not run: the job's time budget was spent", output: "" };
}

/**
 * Runs `c`'s variants of the pass's kind; stops at the first that fails. Returns undefined
 * when they all pass (the case passes when every pass does).
 */
async function runVariants(c: Case, fixtures: readonly Fixture[], pass: Pass): Promise<CaseResult | undefined> {
  const base = caseBase(c, fixtures);
  const hidden = pass.kind === "hidden";
  const hint = c.failureHint && !hidden ? `\nHint: ${c.failureHint}` : "";
  let printed = "";
  for (const f of fixtures.filter((x) => x.kind === pass.kind)) {
    const where = describeVariant(f, base.variants[f.kind]);
    const timeoutMs = c.timeoutMs ?? pass.opts.timeoutMs;
    const left = pass.opts.deadline === undefined ? undefined : pass.opts.deadline - Date.now();
    if (left !== undefined && left < MIN_SLICE_MS) return notRun(base);
    const inputs: Record<string, WireArray> = {};
    for (const [k, v] of Object.entries(f.inputs)) inputs[k] = toWire(v) as WireArray;
    const outcome = await pass.sandbox.run({ caseId: c.id, size: { ...f.size }, inputs, device: pass.opts.device }, timeoutMs, left);
    const output = hidden ? "" : plainText(outcome.output);
    printed += output;
    if (outcome.kind !== "outputs") {
      const v = verdictOf(outcome, hidden, pass.opts.hwDir, c.id);
      const message = v.status === "not-attempted" ? v.message : `${where}: ${v.message}${hint}`;
      return { ...base, score: 0, status: v.status, message, output, failedOn: f.kind };
    }
    const checks = compareOutputs(f.expected, outcome.outputs, c.tolerance, { size: f.size, inputs: f.inputs, diagnose: !hidden });
    const failed = checks.filter((x) => !x.ok);
    if (failed.length > 0) {
      const note = forwardMatchesGradientDoesNot(checks) ? "\nThe forward outputs match; a gradient does not." : "";
      const message = `${where}:\n${failureLines(failed, hidden)}${note}${hint}`;
      return { ...base, score: 0, status: "failed", message, output, failedOn: f.kind, failedBy: failed[0].reason };
    }
  }
  if (printed !== "") pass.printed.set(c.id, printed);
  return undefined;
}

/** Runs one pass over `cases`, each case's result (a failure, or undefined when it passed) into `results`. */
async function runPass(cases: readonly Case[], fixturesOf: (c: Case) => Fixture[], pass: Pass, results: Map<string, CaseResult | undefined>): Promise<void> {
  try {
    for (const c of cases) {
      results.set(c.id, await runVariants(c, fixturesOf(c), pass));
      for (const late of pass.sandbox.takeLateErrors()) {
        const id = late.caseId;
        const hit = id === undefined ? undefined : cases.find((x) => x.id === id);
        // A case that already failed keeps its first failure.
        if (hit === undefined || results.get(hit.id) !== undefined) continue;
        const base = caseBase(hit, fixturesOf(hit));
        results.set(hit.id, { ...base, score: 0, status: "error", message: lateMessage(late, pass.kind === "hidden", pass.opts.hwDir), output: "", failedOn: pass.kind });
      }
    }
  } finally {
    pass.sandbox.close();
  }
}

export async function grade(given: GradeOptions): Promise<GradeReport> {
  const started = performance.now();
  const opts = { ...given, hwDir: resolve(given.hwDir) };
  const dir = runSubfolder("grade-");
  try {
    const bundle = join(dir, `${opts.suite.hw}.mjs`);
    try {
      await bundleSubmission({ hwDir: opts.hwDir, suiteFile: opts.suiteFile, outFile: bundle });
    } catch (err) {
      if (!(err instanceof Error && "code" in err && err.code === "E_SUBMISSION_COMPILE")) throw err;
      const results = opts.cases.map((c) => {
        const base = caseBase(c, opts.fixtures.filter((f) => f.caseId === c.id));
        return { ...base, score: 0, status: "compile-error" as const, message: err.message, output: "" };
      });
      return summarise(opts.suite, opts.device, isolation().description, results, (performance.now() - started) / 1000);
    }
    const sandbox = () =>
      new Sandbox({
        bundle,
        workDir: dir,
        startupTimeoutMs: Math.max(STARTUP_TIMEOUT_MS, opts.timeoutMs),
        memoryLimitBytes: opts.memoryLimitBytes,
        addonDir: opts.device === "cuda" ? dirname(cudaAddonPath()) : undefined,
      });
    return await gradeWith(opts, { start: sandbox, isolation: isolation().description }, started);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Grades with runners from `runners.start` (one per pass: public, then hidden for the cases
 * whose public variants all passed). `opts.hwDir` is absolute; `started` is when the run began.
 */
export async function gradeWith(opts: GradeOptions, runners: { start: () => CaseRunner; isolation: string }, started: number): Promise<GradeReport> {
  const { suite, cases } = opts;
  const fixturesOf = (c: Case) => opts.fixtures.filter((f) => f.caseId === c.id);
  const outcomes = new Map<string, CaseResult | undefined>();
  const printed = new Map<string, string>();
  const hasHidden = (c: Case) => fixturesOf(c).some((f) => f.kind === "hidden");
  // Without hidden variants a case is done after one pass: report it at once (watch mode, progress).
  const report = (c: Case) => opts.onResult?.(finalResult(c, fixturesOf(c), outcomes, printed));
  await runPass(cases, fixturesOf, { sandbox: runners.start(), kind: "public", opts, printed }, outcomes);
  cases.filter((c) => !hasHidden(c) || outcomes.get(c.id) !== undefined).forEach(report);
  const second = cases.filter((c) => hasHidden(c) && outcomes.get(c.id) === undefined);
  if (second.length > 0) {
    await runPass(second, fixturesOf, { sandbox: runners.start(), kind: "hidden", opts, printed }, outcomes);
    second.forEach(report);
  }
  const results = cases.map((c) => finalResult(c, fixturesOf(c), outcomes, printed));
  return summarise(suite, opts.device, runners.isolation, results, (performance.now() - started) / 1000);
}

/** A case's result after its passes: its failure, or full points with what it printed. */
function finalResult(c: Case, fixtures: readonly Fixture[], outcomes: ReadonlyMap<string, CaseResult | undefined>, printed: ReadonlyMap<string, string>): CaseResult {
  return outcomes.get(c.id) ?? { ...caseBase(c, fixtures), score: c.points, status: "passed", message: "", output: printed.get(c.id) ?? "" };
}

function summarise(suite: Suite, device: string, isolationText: string, tests: CaseResult[], seconds: number): GradeReport {
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
    isolation: isolationText,
    score: sum(tests, (r) => r.score),
    max: sum(tests, (r) => r.points),
    bonus: { score: sum(bonus, (r) => r.score), max: sum(bonus, (r) => r.points) },
    sections,
    tests,
    seconds,
  };
}
