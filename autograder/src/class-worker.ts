/**
 * The process that grades one student for `grade:class`: class-grading.ts starts one per
 * handin, so nothing a submission does to its grading process reaches the coordinator or
 * another student. It unpacks the handin, grades it against the fixtures folder the
 * coordinator wrote, and leaves its verdict in a JSON file, written beside and then
 * renamed: the file is complete or absent, and absent means the worker died.
 *
 *   node --import tsx autograder/src/class-worker.ts --hw hw1 --handin PATH --fixtures DIR
 *        --timeout MS --memory MIB --result FILE [--only ID]
 *
 * Without `--only`, a homework with a challenge also has its handin's predictions.csv scored
 * (Part 2), against the labels file the coordinator put beside the fixtures.
 *
 * It prints nothing of the student's (what their code printed is in the report). Started
 * with an IPC channel, it exits when the coordinator goes away, and its sandbox with it.
 */
import { renameSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { KitError } from "#ndarray";
import { gradeChallenge } from "./challenge/score-handin.js";
import { labelSource } from "./challenge/score-labels.js";
import { HandinError } from "./errors.js";
import { grade, type GradeReport } from "./grade.js";
import { discardHandin, folderHwDir, unpackHandin, type Handin } from "./handin.js";
import { loadFixturesFor, selectOnly, suiteFile } from "./target.js";
import { loadSuite } from "../suites/index.js";
import { positiveNumber, runCli } from "./cli.js";

/** What a worker leaves in its result file. */
export interface WorkerResult {
  /** "graded", "does not compile", "no handin: …" or "grader error: …". */
  status: string;
  report?: GradeReport;
  /** Handin entries that were not unpacked, each with the reason. */
  notes: string[];
}

interface WorkerArgs {
  hw: string;
  handin: string;
  fixtures: string;
  only?: string;
  timeoutMs: number;
  memoryLimitBytes: number;
  result: string;
}

function parse(): WorkerArgs {
  const { values } = parseArgs({
    options: {
      hw: { type: "string" },
      handin: { type: "string" },
      fixtures: { type: "string" },
      only: { type: "string" },
      timeout: { type: "string" },
      memory: { type: "string" },
      result: { type: "string" },
    },
  });
  const need = (flag: keyof typeof values): string => {
    const v = values[flag];
    if (v === undefined) throw new KitError("E_USAGE", `--${flag} is required`);
    return v;
  };
  const positive = (flag: "timeout" | "memory"): number => positiveNumber(flag, need(flag), 0);
  return {
    hw: need("hw"),
    handin: need("handin"),
    fixtures: need("fixtures"),
    only: values.only,
    timeoutMs: positive("timeout"),
    memoryLimitBytes: positive("memory") * 2 ** 20,
    result: need("result"),
  };
}

async function gradeHandin(a: WorkerArgs): Promise<WorkerResult> {
  let handin: Handin | undefined;
  try {
    const suite = await loadSuite(a.hw);
    const cases = selectOnly(suite, a.only === undefined ? undefined : [a.only]);
    const fixtures = await loadFixturesFor(suite, cases, { fixturesDir: a.fixtures, hidden: true });
    let hwDir: string;
    let notes: string[] = [];
    if (a.handin.endsWith(".tar")) {
      handin = await unpackHandin(a.handin, a.hw);
      hwDir = handin.hwDir;
      notes = handin.skipped.map((s) => `Not unpacked from the handin: ${s}`);
    } else {
      const dir = folderHwDir(a.handin, a.hw);
      if (dir === undefined) throw new HandinError(a.handin, `holds no ${a.hw}/index.ts`);
      hwDir = dir;
    }
    const part1 = await grade({
      suite,
      cases,
      fixtures,
      hwDir,
      suiteFile: suiteFile(a.hw),
      device: "cpu",
      timeoutMs: a.timeoutMs,
      memoryLimitBytes: a.memoryLimitBytes,
    });
    const challenge = a.only === undefined ? await gradeChallenge(a.hw, hwDir, { source: labelSource(a.hw, a.fixtures), handin: true }) : undefined;
    const report: GradeReport = challenge === undefined ? part1 : { ...part1, challenge };
    return { status: report.tests.every((t) => t.status === "compile-error") ? "does not compile" : "graded", report, notes };
  } catch (err) {
    if (err instanceof HandinError) return { status: `no handin: ${err.message}`, notes: [] };
    return { status: `grader error: ${err instanceof Error ? err.message : String(err)}`, notes: [] };
  } finally {
    if (handin) discardHandin(handin);
  }
}

async function main(): Promise<number> {
  process.channel?.unref();
  process.once("disconnect", () => process.exit(1));
  // The coordinator may have gone while this process was still loading, before anyone listened.
  if (process.send !== undefined && !process.connected) process.exit(1);
  const args = parse();
  const result = await gradeHandin(args);
  const partial = `${args.result}.tmp`;
  writeFileSync(partial, JSON.stringify(result));
  renameSync(partial, args.result);
  return 0;
}

runCli("class-worker", main);
