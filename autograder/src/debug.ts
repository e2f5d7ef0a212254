/**
 * `--debug`: grading with the student's code in the grader's own process, so that
 * `node --inspect` (or an editor's debugger) stops at breakpoints in hwN/*.ts and stack
 * traces point into the .ts files (tsx maps them). The homework is imported as it is
 * (hwN/index.ts through tsx), each case runs through the same run-case.ts as in the sandbox
 * and is compared by the same grade.ts and compare.ts, so a verdict reads the same.
 *
 * Only a folder inside the kit can be graded so (hwN/, reference/hwN/): the student's
 * `#ndarray` imports resolve through the kit's package.json, which a folder elsewhere lacks.
 *
 * Nothing is sandboxed here: no time or memory limit, no isolation, and what the code
 * prints goes straight to the terminal. It is for a student's own machine only: nothing the
 * Autolab or Gradescope packages run may import this file, and it says so loudly each time.
 */
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { KitError } from "#ndarray";
import { gradeWith, type CaseRunner, type GradeOptions, type GradeReport } from "./grade.js";
import { KIT_ROOT } from "./paths.js";
import { describeThrown, runCase, StudentModule } from "./run-case.js";
import type { RunOutcome } from "./sandbox.js";
import { isInside } from "./stack-frames.js";

/** The report's isolation line in this mode. */
export const DEBUG_ISOLATION = "none (--debug: the code ran in the grader's own process)";

export const DEBUG_BANNER = [
  "!".repeat(78),
  "!! --debug: your code runs INSIDE the grader's process. It is NOT sandboxed: no time",
  "!! limit, no memory limit, no isolation, and what it prints is not captured. Use it to",
  "!! stop at breakpoints (node --inspect); the grade that counts comes without --debug.",
  "!".repeat(78),
].join("\n");

/** The homework module, or the outcome every case gets when it cannot be loaded. */
async function load(hwName: string, hwDir: string): Promise<StudentModule | RunOutcome> {
  try {
    const module = (await import(pathToFileURL(join(hwDir, "index.ts")).href)) as object;
    return new StudentModule(hwName, module);
  } catch (err) {
    return { kind: "load-failed", detail: "your code threw while it was being loaded", error: describeThrown(err), output: "" };
  }
}

/** Runs each variant at once, in this process. */
function inProcessRunner(opts: GradeOptions, student: StudentModule | RunOutcome): CaseRunner {
  return {
    run: async (req) => {
      if (!(student instanceof StudentModule)) return student;
      const reply = runCase(opts.suite, student, { type: "run", ...req });
      return reply.type === "result" ? { kind: "outputs", outputs: reply.outputs, output: "" } : { kind: "threw", error: reply.error, output: "" };
    },
    takeLateErrors: () => [],
    close: () => undefined,
  };
}

/**
 * Grades like grade.ts's `grade`, with the code under test in this process; prints
 * DEBUG_BANNER to stderr first. Throws a KitError for a folder outside the kit.
 */
export async function gradeInProcess(given: GradeOptions): Promise<GradeReport> {
  const started = performance.now();
  const opts = { ...given, hwDir: resolve(given.hwDir) };
  if (!isInside(opts.hwDir, KIT_ROOT)) {
    throw new KitError("E_DEBUG_OUTSIDE_KIT", `--debug: ${opts.hwDir} is outside the kit; --debug grades a homework folder inside it (hw1/), where #ndarray resolves`);
  }
  process.stderr.write(`${DEBUG_BANNER}\n`);
  const student = await load(opts.suite.hw, opts.hwDir);
  return gradeWith(opts, { start: () => inProcessRunner(opts, student), isolation: DEBUG_ISOLATION }, started);
}
