/**
 * Grades a whole class: every `*.tar` handin (or folder) in a directory, several at a
 * time, each in its own sandbox. One row per student with per-section scores, the total,
 * a status and the path of a feedback file holding the report the student would have
 * seen. A handin that cannot be unpacked, does not compile or attacks the grader costs
 * that student only: the batch always finishes.
 */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { HandinError } from "./errors.js";
import { grade, type GradeReport } from "./grade.js";
import { discardHandin, unpackHandin, type Handin } from "./handin.js";
import { autolabScores } from "./reports/autolab.js";
import { consoleReport } from "./reports/console.js";
import { loadFixturesFor, suiteFile } from "./target.js";
import { loadSuite } from "../suites/index.js";

export interface ClassRow {
  student: string;
  /** "graded", "does not compile", "no handin: …" or "grader error: …". */
  status: string;
  /** Autolab's score keys: each section's regular points, and `bonus`. */
  scores: Record<string, number>;
  total: number;
  max: number;
  feedback: string;
}

export interface ClassOptions {
  hw: string;
  /** Folder of handins: `<student>.tar` files and/or `<student>/` folders. */
  dir: string;
  /** Where the per-student feedback files go. */
  feedbackDir: string;
  fixturesDir?: string;
  jobs: number;
  timeoutMs: number;
  memoryLimitBytes: number;
  onRow?: (row: ClassRow) => void;
}

/** The handins in `dir`, sorted by student name. */
export function listHandins(dir: string): { student: string; path: string }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".tar") || statSync(join(dir, f)).isDirectory())
    .sort()
    .map((f) => ({ student: basename(f, ".tar"), path: join(dir, f) }));
}

/** The homework folder of an unpacked-folder handin: `<student>/hwN/` or the folder itself. */
function folderHwDir(path: string, hw: string): string | undefined {
  for (const d of [join(path, hw), path]) if (existsSync(join(d, "index.ts"))) return d;
  return undefined;
}

export async function gradeClass(opts: ClassOptions): Promise<ClassRow[]> {
  const suite = await loadSuite(opts.hw);
  const cases = [...suite.cases];
  const fixtures = await loadFixturesFor(suite, cases, { fixturesDir: opts.fixturesDir, hidden: true });
  const max = cases.reduce((a, c) => a + c.points, 0);
  mkdirSync(opts.feedbackDir, { recursive: true });

  const gradeOne = async (student: string, path: string): Promise<ClassRow> => {
    const feedback = join(opts.feedbackDir, `${student}.txt`);
    const row = (status: string, report?: GradeReport): ClassRow => ({
      student,
      status,
      scores: report ? autolabScores(report) : {},
      total: report?.score ?? 0,
      max,
      feedback,
    });
    let handin: Handin | undefined;
    try {
      let hwDir: string | undefined;
      let notes: string[] = [];
      if (path.endsWith(".tar")) {
        handin = unpackHandin(path, opts.hw);
        hwDir = handin.hwDir;
        notes = handin.skipped.map((s) => `Not unpacked from the handin: ${s}`);
      } else {
        hwDir = folderHwDir(path, opts.hw);
        if (hwDir === undefined) throw new HandinError(path, `holds no ${opts.hw}/index.ts`);
      }
      const report = await grade({
        suite,
        cases,
        fixtures,
        hwDir,
        suiteFile: suiteFile(opts.hw),
        device: "cpu",
        timeoutMs: opts.timeoutMs,
        memoryLimitBytes: opts.memoryLimitBytes,
      });
      writeFileSync(feedback, `${[...notes, stripVTControlCharacters(consoleReport(report))].join("\n\n")}\n`);
      return row(report.tests.every((t) => t.status === "compile-error") ? "does not compile" : "graded", report);
    } catch (err) {
      const status = err instanceof HandinError ? `no handin: ${err.message}` : `grader error: ${(err as Error).message}`;
      writeFileSync(feedback, `${status}\n`);
      return row(status);
    } finally {
      if (handin) discardHandin(handin);
    }
  };

  const queue = listHandins(opts.dir);
  const rows: ClassRow[] = new Array(queue.length);
  let next = 0;
  const worker = async () => {
    while (next < queue.length) {
      const i = next++;
      rows[i] = await gradeOne(queue[i].student, queue[i].path);
      opts.onRow?.(rows[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.jobs, queue.length)) }, worker));
  return rows;
}
