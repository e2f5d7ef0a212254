/**
 * `npm run package:autolab -- hwN --out DIR` writes what an Autolab lab needs:
 *
 * - `autograde.tar`: the grading tree (package/tree.ts, kind "autolab": grader, suite,
 *   public and hidden fixtures) with its node_modules installed, so the job needs no network;
 * - `autograde-Makefile`: unpacks it, grades `handin.tar`, and ends stdout with the
 *   `{"scores": {...}}` line Autolab reads;
 * - `hwN.yml`: the lab's problem list (names and max scores), generated from the suite so
 *   the names always match the score keys.
 *
 * The grading machine needs Node ≥ 20 on its PATH, nothing else. `runAutolabJob` runs
 * such a job here the way Autolab does, to try a package before a semester.
 */
import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tar from "tar";
import { autolabProblems } from "../reports/autolab.js";
import { installFromLockfile, writeTree } from "./tree.js";
import { loadSuite } from "../../suites/index.js";

/** Autolab keeps at most this much of a job's output; the grader's own report stays far below it. */
export const AUTOLAB_OUTPUT_CAP = 1000 * 1024;

export function autolabMakefile(hw: string): string {
  return [
    `# Autolab job for ${hw}: Autolab copies this file (as Makefile), autograde.tar and the`,
    "# student's handin.tar into an empty folder and runs `make`; the last line of output is the score.",
    "# Per-case time limit in ms (`make TIMEOUT_MS=…` to change it; Autolab passes nothing).",
    "TIMEOUT_MS ?= 10000",
    "# Memory limit of the process running the student's code, in MiB.",
    "MEMORY_MIB ?= 2048",
    "all:",
    "\ttar xf autograde.tar",
    `\tFORCE_COLOR=0 node --import tsx autograder/src/grade-cli.ts ${hw} --handin handin.tar --fixtures fixtures/${hw} --hidden --autolab --timeout $(TIMEOUT_MS) --memory $(MEMORY_MIB)`,
    "",
  ].join("\n");
}

/** Builds the package for `hw` into `out` (created); returns the paths written. */
export async function packageAutolab(hw: string, out: string): Promise<{ tarball: string; makefile: string; problems: string }> {
  const staging = mkdtempSync(join(tmpdir(), `kit-autolab-${hw}-`));
  try {
    await writeTree(hw, staging, "autolab");
    installFromLockfile(staging);
    mkdirSync(out, { recursive: true });
    const tarball = join(out, "autograde.tar");
    tar.c({ file: tarball, cwd: staging, sync: true, portable: true }, ["."]);
    const makefile = join(out, "autograde-Makefile");
    writeFileSync(makefile, autolabMakefile(hw));
    const problems = join(out, `${hw}.yml`);
    writeFileSync(problems, autolabProblems(await loadSuite(hw)));
    return { tarball, makefile, problems };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

export interface AutolabJobResult {
  /** Everything the job printed (stdout and stderr interleaved), up to twice Autolab's cap. */
  output: string;
  /** Bytes printed in all; over AUTOLAB_OUTPUT_CAP Autolab would cut the output. */
  bytes: number;
  /** The parsed last line, when it is a `{"scores": {...}}` object. */
  scores?: Record<string, number>;
  exitCode: number | null;
  timedOut: boolean;
  seconds: number;
}

/** The last non-empty line as Autolab reads it, or undefined when it is not a score line. */
export function parseScoreLine(output: string): Record<string, number> | undefined {
  const last = output.trimEnd().split("\n").pop() ?? "";
  try {
    const parsed = JSON.parse(last) as { scores?: unknown };
    const scores = parsed.scores;
    if (typeof scores !== "object" || scores === null) return undefined;
    return Object.values(scores).every((v) => typeof v === "number") ? (scores as Record<string, number>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs an Autolab job as Autolab would: a fresh empty folder holding only the Makefile,
 * autograde.tar and handin.tar, `make` with a bare environment, a wall-clock limit that
 * kills the whole job, and the output cap.
 */
export function runAutolabJob(opts: {
  tarball: string;
  makefile: string;
  handin: string;
  timeoutS: number;
  /** Variables for make (`TIMEOUT_MS=1000`); Autolab itself passes none. */
  makeVars?: string[];
}): Promise<AutolabJobResult> {
  const dir = mkdtempSync(join(tmpdir(), "kit-autolab-job-"));
  copyFileSync(opts.tarball, join(dir, "autograde.tar"));
  copyFileSync(opts.makefile, join(dir, "Makefile"));
  copyFileSync(opts.handin, join(dir, "handin.tar"));
  const started = performance.now();
  return new Promise((resolvePromise) => {
    const job = spawn("make", ["--no-print-directory", ...(opts.makeVars ?? [])], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir, TMPDIR: tmpdir() },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let output = "";
    let bytes = 0;
    const take = (d: Buffer) => {
      bytes += d.length;
      if (output.length < 2 * AUTOLAB_OUTPUT_CAP) output += d.toString("utf8");
    };
    job.stdout.on("data", take);
    job.stderr.on("data", take);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-job.pid!, "SIGKILL");
      } catch {
        job.kill("SIGKILL");
      }
    }, opts.timeoutS * 1000);
    job.on("close", (code) => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      const seconds = (performance.now() - started) / 1000;
      resolvePromise({ output, bytes, scores: timedOut ? undefined : parseScoreLine(output), exitCode: code, timedOut, seconds });
    });
  });
}
