/**
 * `npm run gpu:check [-- --plan]`: one command that proves the cuda device on a machine with
 * an NVIDIA GPU. It builds the addon, finds the GPU, reruns the NDArray suite on it
 * (KIT_TEST_DEVICE=cuda), prints the benchmarks, measures the performance targets (targets.ts:
 * now, target and whether it is met, each a row), runs the kernels under compute-sanitizer
 * when it is installed, and grades hw1's reference on the device; then one table. Exit 0:
 * every required step passed; 1: a step failed; 3: nothing failed but required steps were
 * skipped (on a machine without a GPU: "no GPU: N steps skipped"), so a machine that could
 * not run the check never reports success. `--plan` prints the steps and their limits and
 * runs nothing.
 */
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { findCudaHome } from "../build.js";
import { gpuCheckPlan, probeToolkit } from "./plan.js";
import { exitStatus, formatPlan, runSteps, summarize } from "./steps.js";

const USAGE = "usage: npm run gpu:check [-- --plan]";

let plan = false;
try {
  plan = parseArgs({ options: { plan: { type: "boolean", default: false } } }).values.plan;
} catch (e) {
  console.error(`gpu:check: ${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
  process.exit(2);
}

const root = fileURLToPath(new URL("../../..", import.meta.url)).replace(/\/$/, "");
const toolkit = probeToolkit(findCudaHome());
const steps = gpuCheckPlan(root, toolkit);
const cublas = toolkit.cublasDir
  ? `cuBLAS: libcublas is in ${toolkit.cublasDir}; the targets step compares the kit's matmul with its SGEMM`
  : "cuBLAS: not available (no libcublas in the CUDA toolkit), so the matmul target is not measured and the targets step fails";

if (plan) {
  console.log(`${formatPlan(steps)}\n${cublas}`);
} else {
  const results = await runSteps(steps);
  console.log(`\n${summarize(results)}\n${cublas}`);
  process.exitCode = exitStatus(results);
}
