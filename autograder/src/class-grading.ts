/**
 * Grades a whole class: every `*.tar` handin (or folder) in a directory, several at a
 * time. The fixtures are built once and written to a folder; then each student is graded
 * by a process of their own (class-worker.ts), which leaves its verdict in a file. A
 * submission that stalls, exhausts or kills its grading process costs that student only:
 * a worker that dies, is killed or outruns its wall limit gives its student the status
 * `grader-crashed: <why>` and a feedback file saying so, and every other row stands.
 *
 * Without `only`, a homework's challenge (Part 2) is graded too: the labels (score-labels.ts)
 * go beside the fixtures for the workers, each row carries its result, and the totals count
 * its points.
 *
 * Feedback files are written here, from each worker's report, as plain text: whatever a
 * student chose (file names, what their code printed or threw) reaches them and the CSV
 * without escape sequences or control characters.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { KitError } from "#ndarray";
import { challengeOf } from "./challenge/config.js";
import { challengeCounts, type ChallengeResult } from "./challenge/score-handin.js";
import { labelsFrom, labelSource, writeLabelsFile } from "./challenge/score-labels.js";
import type { ChallengeConfig, ChallengeLabels } from "./challenge/spec.js";
import type { WorkerResult } from "./class-worker.js";
import { writeFixtures } from "./fixtures.js";
import type { CaseResult, GradeReport } from "./grade.js";
import { KIT_ROOT } from "./paths.js";
import { autolabScores } from "./reports/autolab.js";
import { consoleReport } from "./reports/console.js";
import { plainText } from "./reports/plain-text.js";
import { runSubfolder } from "./run-folder.js";
import { loadFixturesFor, selectOnly } from "./target.js";
import { loadSuite } from "../suites/index.js";

export interface ClassRow {
  student: string;
  /** "graded", "does not compile", "no handin: …", "grader error: …" or "grader-crashed: …". */
  status: string;
  /** Autolab's score keys: each section's regular points, and `bonus`. */
  scores: Record<string, number>;
  total: number;
  max: number;
  feedback: string;
  /** How each graded test ended, for the class dashboard; absent when nothing was graded. */
  tests?: TestOutcome[];
  /** Part 2, when the run graded it and the handin was graded. */
  challenge?: ChallengeResult;
}

/** Of a test's result, what the class dashboard counts: pass rates and kinds of failure. */
export type TestOutcome = Pick<CaseResult, "id" | "status" | "failedOn" | "failedBy">;

export interface ClassOptions {
  hw: string;
  /** Folder of handins: `<student>.tar` files and/or `<student>/` folders. */
  dir: string;
  /** Where the per-student feedback files go. */
  feedbackDir: string;
  fixturesDir?: string;
  /** What `grade --only` takes (section ids or numbers, test ids, rubric numbers, prefixes, comma-separated): grade only those cases. */
  only?: string;
  jobs: number;
  /** The challenge's test labels; by default those of score-labels.ts's `labelSource` (the checkout's, or a labels file in `fixturesDir`). */
  labels?: ChallengeLabels;
  timeoutMs: number;
  memoryLimitBytes: number;
  /** Called when a student's grading process has started. */
  onStart?: (worker: { student: string; pid: number }) => void;
  onRow?: (row: ClassRow) => void;
}

const WORKER = join(KIT_ROOT, "autograder/src/class-worker.ts");
/** Of what a worker writes to stderr (its own failures, never the student's output), the last this many characters are kept. */
const STDERR_CAP = 4000;
/** The wall limit of a worker: each variant's time limit plus this, plus a fixed allowance for starting, bundling and loading. */
const PER_VARIANT_SLACK_MS = 2_000;
const FIXED_SLACK_MS = 60_000;
/** Longest feedback file name in bytes, below every file system's limit with room for a suffix. */
const MAX_NAME_BYTES = 200;
/** How often the workers' process trees are looked up while they run. */
const TREE_POLL_MS = 250;

/** The handins in `dir`, sorted by file name; `student` is the file name without `.tar`, as it is. */
export function listHandins(dir: string): { student: string; path: string }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".tar") || statSync(join(dir, f), { throwIfNoEntry: false })?.isDirectory())
    .sort()
    .map((f) => ({ student: basename(f, ".tar"), path: join(dir, f) }));
}

/** Student-derived text for a CSV cell or a progress bar: plain, on one line. */
function oneLine(text: string): string {
  return plainText(text).replace(/[\n\t]+/g, " ").trim();
}

/** Feedback file paths in `dir`: the student's name without path separators, shortened if need be, unique. */
function feedbackPaths(dir: string): (student: string) => string {
  const used = new Set<string>();
  return (student) => {
    let base = student.replace(/[/\\]/g, "_");
    while (Buffer.byteLength(base) > MAX_NAME_BYTES) base = base.slice(0, -1);
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
    used.add(name);
    return join(dir, `${name}.txt`);
  };
}

/** A process's start time (to tell it from a later process given the same pid), parent and group, from /proc; undefined when it is gone. */
function procStat(pid: number): { start: string; ppid: number; pgrp: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // After "pid (comm) ": state, ppid, pgrp, … starttime is the 20th field.
    const f = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { start: f[19], ppid: Number(f[1]), pgrp: Number(f[2]) };
  } catch {
    return undefined;
  }
}

function kill(pid: number): void {
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

/**
 * The process trees of the running workers. A worker's sandbox runs detached, in a group
 * of its own, so killing the worker's group leaves it running; and once the worker is dead
 * its children no longer name it as their parent. So every descendant seen while a worker
 * lives is remembered, with its start time, and stopping the worker kills each of them that
 * is still that same process. Linux's /proc is scanned a few times a second while workers
 * run; where there is no /proc, stopping a worker kills its own group only.
 */
class WorkerTrees {
  private readonly seen = new Map<number, Map<number, string>>();
  private readonly timer = setInterval(() => this.refresh(), TREE_POLL_MS);

  watch(root: number): void {
    this.seen.set(root, new Map());
  }

  forget(root: number): void {
    this.seen.delete(root);
  }

  /** Kills the worker's group and every descendant it has had. */
  stop(root: number): void {
    this.refresh();
    kill(-root);
    for (const [pid, start] of this.seen.get(root) ?? []) {
      const now = procStat(pid);
      if (now?.start !== start) continue;
      if (now.pgrp === pid) kill(-pid);
      kill(pid);
    }
  }

  close(): void {
    clearInterval(this.timer);
  }

  private refresh(): void {
    if (this.seen.size === 0) return;
    const children = new Map<number, number[]>();
    const stats = new Map<number, string>();
    let pids: string[] = [];
    try {
      pids = readdirSync("/proc").filter((d) => /^\d+$/.test(d));
    } catch {
      return;
    }
    for (const pid of pids.map(Number)) {
      const s = procStat(pid);
      if (s === undefined) continue;
      stats.set(pid, s.start);
      const siblings = children.get(s.ppid);
      if (siblings) siblings.push(pid);
      else children.set(s.ppid, [pid]);
    }
    for (const [root, known] of this.seen) {
      const stack = [...(children.get(root) ?? [])];
      for (let pid = stack.pop(); pid !== undefined; pid = stack.pop()) {
        const start = stats.get(pid);
        if (start !== undefined && !known.has(pid)) known.set(pid, start);
        stack.push(...(children.get(pid) ?? []));
      }
    }
  }
}

function isWorkerResult(x: unknown): x is WorkerResult {
  return typeof x === "object" && x !== null && "status" in x && typeof x.status === "string" && "notes" in x && Array.isArray(x.notes);
}

/** The worker's result file, or undefined when it wrote none (or, impossibly with the rename, a broken one). */
function readResult(file: string): WorkerResult | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
    return isWorkerResult(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

type WorkerEnd = { result: WorkerResult } | { crash: string; stderr: string };

/** Runs one worker to its end; never rejects. */
function runWorker(args: readonly string[], resultFile: string, wallMs: number, trees: WorkerTrees, onPid: (pid: number) => void): Promise<WorkerEnd> {
  return new Promise((settle) => {
    const child = spawn(process.execPath, ["--import", "tsx", WORKER, ...args, "--result", resultFile], {
      cwd: KIT_ROOT,
      detached: true,
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      env: { ...process.env, FORCE_COLOR: "0" },
    });
    let done = false;
    let stderr = "";
    let overran = false;
    const finish = (end: WorkerEnd) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (child.pid !== undefined) trees.forget(child.pid);
      settle(end);
    };
    const timer = setTimeout(() => {
      overran = true;
      if (child.pid !== undefined) trees.stop(child.pid);
    }, wallMs);
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (d: string) => {
      stderr = (stderr + d).slice(-STDERR_CAP);
    });
    // Once it has started, its end is reported by "close"; an "error" before that means it never started.
    child.once("error", (err) => {
      if (child.pid === undefined) finish({ crash: `the grading process could not be started (${err.message})`, stderr });
    });
    // Whatever it left running (its sandbox runs in a group of its own) goes with it.
    child.once("exit", () => {
      if (child.pid !== undefined) trees.stop(child.pid);
    });
    child.once("close", (code, signal) => {
      const result = readResult(resultFile);
      if (result) return finish({ result });
      const how = overran
        ? `took longer than ${Math.round(wallMs / 1000)} s and was stopped`
        : signal
          ? `was killed (${signal})`
          : `exited with code ${code}`;
      finish({ crash: `the grading process ${how} before it wrote a result`, stderr });
    });
    if (child.pid !== undefined) {
      trees.watch(child.pid);
      onPid(child.pid);
    }
  });
}

/** The feedback file's text for a worker's end: any notes, then the report or the status; plain text throughout. */
function feedbackText(status: string, end: WorkerEnd): string {
  if ("crash" in end) {
    const said = end.stderr.trim() === "" ? [] : ["The grading process printed:", end.stderr.trimEnd()];
    return plainText(
      [status, "Your handin has no score yet: the process grading it stopped before it reported on it. The course staff will look into it.", ...said].join("\n\n"),
    );
  }
  const body = end.result.report ? consoleReport(end.result.report) : status;
  return plainText([...end.result.notes, body].join("\n\n"));
}

/** The challenge a class run grades: its homework's, unless the run selects tests. */
export function classChallenge(hw: string, only: string | undefined): ChallengeConfig | undefined {
  return only === undefined ? challengeOf(hw) : undefined;
}

/** A row's points: Part 1's, and Part 2's when they count. */
function rowTotal(report: GradeReport): number {
  return report.score + (report.challenge !== undefined && challengeCounts(report.challenge) ? report.challenge.points : 0);
}

/**
 * The labels a class run scores Part 2 against, or undefined where there are none. Labels
 * that cannot be made here do not stop Part 1: each worker then reports Part 2 as not scored,
 * saying why.
 */
async function classLabels(hw: string, c: ChallengeConfig, fixturesDir: string | undefined): Promise<ChallengeLabels | undefined> {
  try {
    return await labelsFrom(labelSource(hw, fixturesDir), c.hw);
  } catch (e) {
    if (e instanceof KitError) return undefined;
    throw e;
  }
}

export async function gradeClass(opts: ClassOptions): Promise<ClassRow[]> {
  const suite = await loadSuite(opts.hw);
  const cases = selectOnly(suite, opts.only === undefined ? undefined : [opts.only]);
  const fixtures = await loadFixturesFor(suite, cases, { fixturesDir: opts.fixturesDir, hidden: true });
  const challenge = classChallenge(opts.hw, opts.only);
  const max = cases.reduce((a, c) => a + c.points, 0) + (challenge?.points ?? 0);
  const timeoutOf = new Map(cases.map((c) => [c.id, c.timeoutMs]));
  const wallMs = fixtures.reduce((a, f) => a + (timeoutOf.get(f.caseId) ?? opts.timeoutMs) + PER_VARIANT_SLACK_MS, FIXED_SLACK_MS);
  mkdirSync(opts.feedbackDir, { recursive: true });
  const feedbackPath = feedbackPaths(opts.feedbackDir);

  const work = runSubfolder("class-");
  const fixturesDir = join(work, "fixtures");
  writeFixtures(fixturesDir, opts.hw, fixtures);
  const labels = challenge === undefined ? undefined : (opts.labels ?? (await classLabels(opts.hw, challenge, opts.fixturesDir)));
  if (labels !== undefined) writeLabelsFile(fixturesDir, labels);
  const common = ["--hw", opts.hw, "--fixtures", fixturesDir, "--timeout", String(opts.timeoutMs), "--memory", String(opts.memoryLimitBytes / 2 ** 20)];
  if (opts.only !== undefined) common.push("--only", opts.only);
  const trees = new WorkerTrees();

  const gradeOne = async (index: number, handin: { student: string; path: string }): Promise<ClassRow> => {
    const student = oneLine(handin.student) || "(unnamed)";
    const feedback = feedbackPath(student);
    const resultFile = join(work, `${index}.json`);
    const end = await runWorker([...common, "--handin", resolve(handin.path)], resultFile, wallMs, trees, (pid) => opts.onStart?.({ student, pid }));
    const status = oneLine("crash" in end ? `grader-crashed: ${end.crash}` : end.result.status);
    const report: GradeReport | undefined = "result" in end ? end.result.report : undefined;
    writeFileSync(feedback, `${feedbackText(status, end)}\n`);
    const row: ClassRow = { student, status, scores: report ? autolabScores(report) : {}, total: report ? rowTotal(report) : 0, max, feedback };
    if (report) row.tests = report.tests.map((t) => ({ id: t.id, status: t.status, failedOn: t.failedOn, failedBy: t.failedBy }));
    if (report?.challenge !== undefined) row.challenge = report.challenge;
    return row;
  };

  const queue = listHandins(opts.dir);
  const rows: ClassRow[] = [];
  let next = 0;
  const lane = async () => {
    while (next < queue.length) {
      const i = next++;
      rows[i] = await gradeOne(i, queue[i]);
      opts.onRow?.(rows[i]);
    }
  };
  const lanes = Math.max(1, Math.min(Math.floor(opts.jobs) || 1, queue.length));
  // Every lane runs to its end before the work folder goes, even when one fails (a feedback file it could not write).
  const ended = await Promise.allSettled(Array.from({ length: lanes }, lane));
  trees.close();
  rmSync(work, { recursive: true, force: true });
  for (const e of ended) if (e.status === "rejected") throw e.reason;
  return rows;
}
