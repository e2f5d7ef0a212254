/**
 * gpu:check's `grade hw1` step: grades hw1's reference on the cuda device and passes only at
 * full marks. The grader exits 0 whatever the score (its exit status says whether grading
 * ran), so this reads the score from its JSON report: a kernel that is wrong on the GPU
 * costs the reference points, and that must fail the check. `--device cpu` tries the step
 * without a GPU.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { device } = parseArgs({ options: { device: { type: "string", default: "cuda" } } }).values;

const dir = mkdtempSync(join(tmpdir(), "gpu-check-grade-"));
const report = join(dir, "hw1.json");
try {
  const run = spawnSync("npm", ["run", "-s", "grade", "hw1", "--", "--device", device, "--reference", "--json-out", report], { stdio: "inherit" });
  if (run.status !== 0) {
    console.log(`grade hw1: the grader exited with ${run.status ?? run.signal} (output above)`);
    process.exitCode = 1;
  } else {
    const { score, max } = JSON.parse(readFileSync(report, "utf8")) as { score: number; max: number };
    console.log(`hw1 reference on ${device}: ${score} / ${max}${score === max ? "" : " (not full marks)"}`);
    process.exitCode = score === max ? 0 : 1;
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
