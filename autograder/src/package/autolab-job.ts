/**
 * Runs an Autolab job here the way Tango's autodriver runs it, to try a package before a
 * semester (`npm run autolab:local`):
 *
 * - a fresh folder holding only the Makefile, autograde.tar and the handin, named as the
 *   lab's `handin_filename` says (Autolab renames every upload to it);
 * - started as root, `make` runs as an unprivileged user, with the autodriver's limits
 *   (processes, which on Linux count threads too, and file size) and in its own PID
 *   namespace, so a timeout ends every process the job started, as Docker does when
 *   Tango's container stops; started as another user, only the file-size limit applies
 *   (that user's other processes would count towards the process limit);
 * - stdout and stderr go to one file; the feedback is the autodriver's status line, then
 *   that file, cut as the autodriver cuts it (its first and last halves of the cap);
 * - the last line is read as Autolab reads it, and checked against the lab's problems.
 */
import { spawn } from "node:child_process";
import { chmodSync, chownSync, closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { KitError } from "#ndarray";
import { AUTODRIVER_LIMITS } from "./autolab.js";
import { readAutolabYml, scoreLineErrors } from "./autolab-yml.js";

/**
 * A root-started job runs as a user id of its own, unused by anything else here, as each
 * Tango job has a container of its own: the process limit counts every process and thread
 * of a user id, so jobs (or the grader's sandboxes, which run as nobody) sharing one would
 * count against each other.
 */
let jobs = 0;
function jobUid(): number {
  return 200_000 + (process.pid % 10_000) * 100 + (jobs++ % 100);
}

export interface AutolabJobOptions {
  /** A folder written by `npm run package:autolab` (autograde.tar, autograde-Makefile, hwN.yml). */
  packageDir: string;
  hw: string;
  /** The student's file, whatever its name. */
  handin: string;
  /** Wall-clock limit in seconds (default: the lab's autograde_timeout). */
  timeoutS?: number;
  /** Variables for make (`TIMEOUT_MS=1000`); Tango passes none. */
  makeVars?: string[];
}

export interface AutolabJobResult {
  /** What Autolab stores and shows: the autodriver's status line, then the output, cut to the cap. */
  feedback: string;
  /** Bytes the job printed in all. */
  bytes: number;
  /** The output was over the autodriver's cap and was cut. */
  truncated: boolean;
  /** The last line's scores, when Autolab can parse it at all. */
  scores?: Record<string, number>;
  /** Why Autolab would not record the last line for this lab (empty when it would). */
  scoreErrors: string[];
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  seconds: number;
  /** How the job was confined, in words. */
  confinement: string;
}

/** The autodriver's feedback: its status line, then the output, or its first and last halves of `cap` bytes around a marker. */
export function autodriverFeedback(output: Buffer, status: string, cap: number = AUTODRIVER_LIMITS.outputBytes): string {
  if (output.length <= cap) return `${status}\n${output.toString("utf8")}`;
  const half = Math.floor(cap / 2);
  return `${status}\n${output.subarray(0, half).toString("utf8")}\n...[excess bytes elided]...\n${output.subarray(output.length - half).toString("utf8")}`;
}

/**
 * The feedback's last line as Autolab's parseAutoresult reads it: quotes put around every
 * `word:`, then JSON with a non-empty `scores` object. Undefined, with the reason, otherwise.
 */
export function parseAutoresult(feedback: string): { scores?: Record<string, number>; scoreboard?: unknown; error?: string } {
  const last = feedback.trimEnd().split("\n").pop() ?? "";
  let parsed: unknown;
  try {
    parsed = JSON.parse(last.replace(/([a-zA-Z0-9]+):/g, '"$1":'));
  } catch {
    return { error: `the last line is not JSON: ${last.slice(0, 200)}` };
  }
  const scores = typeof parsed === "object" && parsed !== null && "scores" in parsed ? parsed.scores : undefined;
  if (typeof scores !== "object" || scores === null || Array.isArray(scores)) return { error: "Missing 'scores' object in the autoresult" };
  const entries = Object.entries(scores);
  if (entries.length === 0) return { error: "Empty autoresult string" };
  if (!entries.every((e): e is [string, number] => typeof e[1] === "number")) return { error: "a score is not a number" };
  const scoreboard = typeof parsed === "object" && parsed !== null && "scoreboard" in parsed ? { scoreboard: parsed.scoreboard } : {};
  return { scores: Object.fromEntries(entries), ...scoreboard };
}

function chownTree(path: string, uid: number): void {
  chownSync(path, uid, uid);
  if (statSync(path).isDirectory()) for (const f of readdirSync(path)) chownTree(join(path, f), uid);
}

export function runAutolabJob(opts: AutolabJobOptions): Promise<AutolabJobResult> {
  const lab = readAutolabYml(join(opts.packageDir, `${opts.hw}.yml`), opts.hw);
  const timeoutS = opts.timeoutS ?? lab.autograder.autograde_timeout;
  const asRoot = process.getuid?.() === 0;
  const uid = jobUid();
  const root = mkdtempSync(join(tmpdir(), "kit-autolab-job-"));
  chmodSync(root, 0o755);
  // As in Tango's image: the job folder inside the grading user's home, HOME not writable.
  const home = join(root, "home");
  const job = join(home, "autolab");
  const tmp = join(root, "tmp");
  mkdirSync(job, { recursive: true });
  mkdirSync(tmp);
  copyFileSync(join(opts.packageDir, "autograde-Makefile"), join(job, "Makefile"));
  copyFileSync(join(opts.packageDir, "autograde.tar"), join(job, "autograde.tar"));
  copyFileSync(opts.handin, join(job, basename(lab.general.handin_filename)));
  const log = join(home, "output.log");
  const fd = openSync(log, "w", 0o644);
  if (asRoot) {
    chownTree(home, uid);
    chownTree(tmp, uid);
  }
  const limits = [`--fsize=${AUTODRIVER_LIMITS.fileBytes}`];
  const make = ["make", "--no-print-directory", ...(opts.makeVars ?? [])];
  const command = asRoot
    ? [
        ...["unshare", "--pid", "--fork", "--mount-proc", "--kill-child", "--"],
        ...["prlimit", `--nproc=${AUTODRIVER_LIMITS.processes}`, ...limits, "--"],
        ...["setpriv", `--reuid=${uid}`, `--regid=${uid}`, "--clear-groups", "--"],
        ...make,
      ]
    : ["prlimit", ...limits, "--", ...make];
  const confinement = asRoot
    ? `as an unprivileged user (uid ${uid}) in its own PID namespace, at most ${AUTODRIVER_LIMITS.processes} processes and ${AUTODRIVER_LIMITS.fileBytes / 2 ** 20} MiB per file`
    : `as uid ${process.getuid?.() ?? "?"} with at most ${AUTODRIVER_LIMITS.fileBytes / 2 ** 20} MiB per file; without root, the autodriver's user and process limit are not applied`;
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command[0], command.slice(1), {
      cwd: job,
      env: { PATH: `${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`, HOME: root, TMPDIR: tmp },
      stdio: ["ignore", fd, fd],
      detached: true,
    });
    closeSync(fd);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        // The whole process group; as root, that ends the namespace and everything in it.
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    }, timeoutS * 1000);
    child.on("error", (e) => {
      clearTimeout(timer);
      rmSync(root, { recursive: true, force: true });
      reject(new KitError("E_AUTOLAB_JOB", `could not start the job with ${command[0]}: ${e.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1000;
      const output = readFileSync(log);
      rmSync(root, { recursive: true, force: true });
      // The autodriver reports WEXITSTATUS, which is 0 for a process ended by a signal.
      const status = timedOut ? `Autodriver: Job timed out after ${timeoutS} seconds` : `Autodriver: Job exited with status ${code ?? 0}`;
      const feedback = autodriverFeedback(output, status);
      const parsed = parseAutoresult(feedback);
      const scoreErrors = parsed.scores === undefined ? [parsed.error ?? "no score line"] : scoreLineErrors(parsed.scores, lab, parsed.scoreboard);
      resolvePromise({
        feedback,
        bytes: output.length,
        truncated: output.length > AUTODRIVER_LIMITS.outputBytes,
        scores: parsed.scores,
        scoreErrors,
        exitCode: code,
        signal,
        timedOut,
        seconds,
        confinement,
      });
    });
  });
}
