/**
 * The step runner of `npm run gpu:check`: runs steps in order, each under its own time limit
 * and all of them under one budget for the whole check, and turns their results into one table and one exit status. A check that could not run its
 * GPU steps must never read as a pass, so skipped required steps have an exit status of their
 * own (SKIPPED_EXIT) and a line saying how many were skipped and why.
 */

export type StepStatus = "pass" | "fail" | "skip";

export interface StepOutcome {
  readonly status: StepStatus;
  /** One line: what the step found, or why it failed or was skipped. */
  readonly detail: string;
}

export interface Step {
  readonly name: string;
  readonly limitS: number;
  /** What the step runs, as `--plan` prints it. */
  readonly what: string;
  /** Steps that only add figures or extra checks when their tool is here (sanitizers, cuBLAS): their skips do not make the check incomplete. */
  readonly optional?: boolean;
  /** An earlier step that must pass first; otherwise this one is skipped with that step's reason. */
  readonly requires?: string;
  /** Why this step cannot run on this machine (its tool is missing), or null when it can. */
  readonly unavailable: string | null;
  readonly run: (limitS: number) => Promise<StepOutcome>;
}

export interface StepResult extends StepOutcome {
  readonly name: string;
  readonly optional: boolean;
  readonly limitS: number;
  readonly seconds: number;
  /** The earlier step whose failure or skip this step was skipped for, or null. */
  readonly blockedBy: string | null;
}

/** The step that finds the GPU: when it is skipped, the summary says "no GPU". */
export const GPU_STEP = "gpu";

/** Exit status when nothing failed but required steps were skipped (no GPU, no nvcc). */
export const SKIPPED_EXIT = 3;

/** The whole check's time, in seconds: the check is meant to fit in 8 minutes on one GPU, so a run that does not fails. */
export const CHECK_BUDGET_S = 480;

/**
 * Runs the steps in order. Each gets its own limit or the whole seconds left of `budgetS`,
 * whichever is less; once less than a second is left, the steps not yet run fail, saying so.
 * `clock` reads seconds (the tests pass one they move themselves).
 */
export async function runSteps(
  steps: readonly Step[],
  log: (line: string) => void = console.log,
  budgetS = CHECK_BUDGET_S,
  clock: () => number = () => performance.now() / 1000,
): Promise<StepResult[]> {
  const results: StepResult[] = [];
  const started = clock();
  for (const step of steps) {
    const base = { name: step.name, optional: step.optional ?? false, limitS: step.limitS, blockedBy: null };
    const before = step.requires === undefined ? undefined : results.find((r) => r.name === step.requires);
    if (step.requires !== undefined && before?.status !== "pass") {
      const why = before ? (before.status === "skip" ? "was skipped" : "failed") : "did not run";
      results.push({ ...base, status: "skip", seconds: 0, detail: `needs ${step.requires}, which ${why}`, blockedBy: step.requires });
      continue;
    }
    if (step.unavailable !== null) {
      results.push({ ...base, status: "skip", seconds: 0, detail: step.unavailable });
      continue;
    }
    const left = Math.floor(budgetS - (clock() - started));
    if (left < 1) {
      results.push({ ...base, status: "fail", seconds: 0, detail: `not run: the whole check's budget of ${budgetS} s was spent` });
      continue;
    }
    const limitS = Math.min(step.limitS, left);
    log(`\n== gpu:check › ${step.name} (limit ${limitS} s): ${step.what}`);
    const begun = clock();
    const outcome = await step.run(limitS);
    results.push({ ...base, limitS, ...outcome, seconds: clock() - begun });
  }
  return results;
}

/** The skipped steps that make the check incomplete: every required one, and optional ones skipped for an earlier step (the GPU), not for want of their own tool. */
function incomplete(results: readonly StepResult[]): StepResult[] {
  return results.filter((r) => r.status === "skip" && (!r.optional || r.blockedBy !== null));
}

export function exitStatus(results: readonly StepResult[]): number {
  if (results.some((r) => r.status === "fail")) return 1;
  return incomplete(results).length > 0 ? SKIPPED_EXIT : 0;
}

/** The summary table, the whole check's time against its budget, and the verdict line. */
export function summarize(results: readonly StepResult[], budgetS = CHECK_BUDGET_S): string {
  const width = Math.max(4, ...results.map((r) => r.name.length));
  const lines = [
    `${"step".padEnd(width)}  status  ${"seconds".padStart(8)}  ${"limit".padStart(6)}  detail`,
    ...results.map(
      (r) =>
        `${r.name.padEnd(width)}  ${(r.status + (r.optional ? "?" : "")).padEnd(6)}  ${r.seconds.toFixed(1).padStart(8)}  ${`${r.limitS} s`.padStart(6)}  ${r.detail}`,
    ),
    "(? marks an optional step: skipping it for want of its tool does not fail the check)",
    `whole check: ${results.reduce((t, r) => t + r.seconds, 0).toFixed(1)} s of its ${budgetS} s budget`,
  ];
  const failed = results.filter((r) => r.status === "fail");
  const skipped = incomplete(results);
  const gpu = results.find((r) => r.name === GPU_STEP);
  if (failed.length > 0) lines.push(`gpu:check FAILED: ${failed.map((r) => r.name).join(", ")}`);
  else if (skipped.length > 0 && gpu?.status === "skip") lines.push(`gpu:check INCOMPLETE: no GPU: ${skipped.length} steps skipped (${gpu.detail})`);
  else if (skipped.length > 0) lines.push(`gpu:check INCOMPLETE: ${skipped.length} steps skipped: ${skipped.map((r) => r.name).join(", ")}`);
  else lines.push(`gpu:check passed: ${results.filter((r) => r.status === "pass").length} steps`);
  return lines.join("\n");
}

/** What `--plan` prints: every step, its limit, and whether it can run here. */
export function formatPlan(steps: readonly Step[]): string {
  const width = Math.max(...steps.map((s) => s.name.length));
  return steps
    .map((s) => {
      const notes = [s.optional ? "optional" : "", s.requires ? `after ${s.requires}` : "", s.unavailable ? `skipped here: ${s.unavailable}` : ""].filter((n) => n !== "");
      return `${s.name.padEnd(width)}  ${`${s.limitS} s`.padStart(6)}  ${s.what}${notes.length > 0 ? `  [${notes.join("; ")}]` : ""}`;
    })
    .join("\n");
}
