/**
 * `npm run gpu:check [-- --plan]`: one command that proves the cuda device on a machine with
 * an NVIDIA GPU. It builds the addon, finds the GPU, reruns the NDArray suite on it
 * (KIT_TEST_DEVICE=cuda), prints the benchmarks, measures the performance targets (targets.ts:
 * now, target and whether it is met, each a row), runs the kernels under compute-sanitizer
 * when it is installed, and grades hw1's reference on the device; then one table. Exit 0:
 * every required step passed; 1: a step failed; 3: nothing failed but required steps were
 * skipped (on a machine without a GPU: "no GPU: N steps skipped"), so a machine that could
 * not run the check never reports success. The whole check has a budget (8 minutes unless
 * `--budget` says otherwise): a step gets at most what is left of it, and steps that find it
 * spent fail. `--plan` prints the steps and their limits and runs nothing.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { findCudaHome } from "../build.js";
import { gpuCheckPlan, probeToolkit } from "./plan.js";
import { CHECK_BUDGET_S, exitStatus, formatPlan, runSteps, summarize } from "./steps.js";

const USAGE = `usage: npm run gpu:check [-- --plan] [-- --budget SECONDS (default ${CHECK_BUDGET_S})]`;

let plan = false;
let budgetS = CHECK_BUDGET_S;
try {
  const values = parseArgs({ options: { plan: { type: "boolean", default: false }, budget: { type: "string" } } }).values;
  plan = values.plan;
  if (values.budget !== undefined) {
    budgetS = Number(values.budget);
    if (!(Number.isInteger(budgetS) && budgetS > 0)) throw new Error(`--budget must be a whole number of seconds above 0, got "${values.budget}"`);
  }
} catch (e) {
  console.error(`gpu:check: ${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
  process.exit(2);
}

const root = fileURLToPath(new URL("../../..", import.meta.url)).replace(/\/$/, "");
const toolkit = probeToolkit(findCudaHome());
const steps = gpuCheckPlan(root, toolkit);
const cublas = toolkit.cublas
  ? `cuBLAS: ${join(toolkit.cublas.dir, toolkit.cublas.file)}; the targets step compares the kit's matmul with its SGEMM`
  : `cuBLAS: no libcublas (looked in ${toolkit.cublasSearched.join(", ") || "nothing: no toolkit, no pip nvidia packages"}; KIT_CUBLAS_DIR names a folder holding one, pip install nvidia-cublas gives one), so the matmul target is not measured and the targets step fails`;

if (plan) {
  console.log(`${formatPlan(steps)}\nwhole check: at most ${budgetS} s (each step gets at most what is left)\n${cublas}`);
} else {
  const results = await runSteps(steps, console.log, budgetS);
  console.log(`\n${summarize(results, budgetS)}\n${cublas}`);
  process.exitCode = exitStatus(results);
}
