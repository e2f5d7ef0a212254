/**
 * `npm run gpu:check` without a GPU and without its real steps: the runner on fake steps (the
 * table, the verdict line and the exit status for pass, skip and fail; the whole check's budget), the command step on
 * tiny node processes (exit codes, the time limit killing the whole process group), and the
 * plan for a made-up toolkit.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCommand } from "../../ndarray/native/gpu-check/command.js";
import { gpuCheckPlan, probeToolkit } from "../../ndarray/native/gpu-check/plan.js";
import { CHECK_BUDGET_S, exitStatus, formatPlan, GPU_STEP, runSteps, SKIPPED_EXIT, summarize, type Step, type StepOutcome } from "../../ndarray/native/gpu-check/steps.js";

const ran: string[] = [];
const fake = (name: string, outcome: StepOutcome, extra: Partial<Step> = {}): Step => ({
  name,
  limitS: 10,
  what: `fake ${name}`,
  unavailable: null,
  run: async () => {
    ran.push(name);
    return outcome;
  },
  ...extra,
});
const pass = (detail = "ok"): StepOutcome => ({ status: "pass", detail });
const quiet = () => {};

describe("gpu:check step runner", () => {
  it("passes with exit 0 when every required step passes; an optional step without its tool does not count", async () => {
    const results = await runSteps(
      [fake("build", pass()), fake(GPU_STEP, pass("H200")), fake("tests", pass("120 passed"), { requires: GPU_STEP }), fake("sanitizer", pass(), { optional: true, unavailable: "compute-sanitizer not found" })],
      quiet,
    );
    expect(results.map((r) => r.status)).toEqual(["pass", "pass", "pass", "skip"]);
    expect(exitStatus(results)).toBe(0);
    const table = summarize(results);
    expect(table).toMatch(/^tests\s+pass\s+\d+\.\d\s+10 s\s+120 passed$/m);
    expect(table).toMatch(/^sanitizer\s+skip\?.*compute-sanitizer not found$/m);
    expect(table.split("\n").at(-1)).toBe("gpu:check passed: 3 steps");
  });

  it("without a GPU skips every step that needs one, says so and exits SKIPPED_EXIT", async () => {
    ran.length = 0;
    const results = await runSteps(
      [
        fake("build", pass()),
        fake(GPU_STEP, { status: "skip", detail: "no CUDA device: cudaGetDeviceCount reports 0 devices" }),
        fake("tests", pass(), { requires: GPU_STEP }),
        fake("sanitizer", pass(), { requires: GPU_STEP, optional: true }),
      ],
      quiet,
    );
    expect(ran).toEqual(["build", GPU_STEP]);
    expect(results[2].detail).toBe("needs gpu, which was skipped");
    expect(exitStatus(results)).toBe(SKIPPED_EXIT);
    expect(SKIPPED_EXIT).not.toBe(0);
    expect(summarize(results).split("\n").at(-1)).toBe("gpu:check INCOMPLETE: no GPU: 3 steps skipped (no CUDA device: cudaGetDeviceCount reports 0 devices)");
  });

  it("fails with exit 1 naming the failed steps; a failure outweighs skips", async () => {
    const results = await runSteps(
      [fake("build", { status: "fail", detail: "exit 1: nvcc error" }), fake(GPU_STEP, pass(), { requires: "build" }), fake("bench", pass(), { requires: GPU_STEP }), fake("grade", { status: "fail", detail: "exit 1" })],
      quiet,
    );
    expect(results.map((r) => r.status)).toEqual(["fail", "skip", "skip", "fail"]);
    expect(results[1].detail).toBe("needs build, which failed");
    expect(exitStatus(results)).toBe(1);
    expect(summarize(results).split("\n").at(-1)).toBe("gpu:check FAILED: build, grade");
  });
});

describe("gpu:check budget", () => {
  /** A clock the steps move: each step below takes `seconds` of it. */
  let now = 0;
  const clock = () => now;
  const timed = (name: string, seconds: number, limits: number[]): Step =>
    fake(name, pass(), {
      limitS: 100,
      run: async (limitS) => {
        limits.push(limitS);
        now += seconds;
        return pass();
      },
    });

  it("gives each step at most the whole seconds left of the check's budget, and fails the steps that find it spent", async () => {
    const limits: number[] = [];
    now = 50;
    const steps = [timed("build", 1.5, limits), timed(GPU_STEP, 1, limits), timed("tests", 0, limits)];
    const results = await runSteps(steps, quiet, 3, clock);
    expect(limits).toEqual([3, 1]);
    expect(results.map((r) => [r.name, r.status, r.seconds])).toEqual([["build", "pass", 1.5], [GPU_STEP, "pass", 1], ["tests", "fail", 0]]);
    expect(results[2].detail).toBe("not run: the whole check's budget of 3 s was spent");
    expect(exitStatus(results)).toBe(1);
    const table = summarize(results, 3).split("\n");
    expect(table.at(-2)).toBe("whole check: 2.5 s of its 3 s budget");
    expect(table.at(-1)).toBe("gpu:check FAILED: tests");
  });

  it("keeps a step's own limit when the budget leaves more, and the default budget is 8 minutes", async () => {
    const limits: number[] = [];
    await runSteps([timed("build", 400, limits), timed("tests", 0, limits)], quiet, undefined, clock);
    expect(limits).toEqual([100, 80]);
    expect(CHECK_BUDGET_S).toBe(480);
  });
});

describe("gpu:check command step", () => {
  const node = (code: string) => ({ argv: [process.execPath, "-e", code] as [string, ...string[]] });

  it("maps exit 0, SKIPPED_EXIT and other codes to pass, skip and fail, with the last line of output", async () => {
    expect(await runCommand(node("console.log('figures'); console.log('done')"), 20, quiet)).toEqual({ status: "pass", detail: "done" });
    expect(await runCommand(node(`console.log('no CUDA device'); process.exit(${SKIPPED_EXIT})`), 20, quiet)).toEqual({ status: "skip", detail: "no CUDA device" });
    expect(await runCommand(node("console.error('broken kernel'); process.exit(5)"), 20, quiet)).toEqual({ status: "fail", detail: "exit 5: broken kernel" });
    expect(await runCommand({ argv: ["/nonexistent/gpu-check-tool"] }, 20, quiet)).toMatchObject({ status: "fail", detail: expect.stringMatching(/^\/nonexistent\/gpu-check-tool could not start: /) });
  });

  it("past its limit kills the command and what it started, and fails", async () => {
    const parent = `const c = require("node:child_process").spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" }); console.log("child " + c.pid); setTimeout(() => {}, 60000);`;
    let out = "";
    const outcome = await runCommand(node(parent), 1, (chunk) => (out += chunk));
    expect(outcome).toEqual({ status: "fail", detail: expect.stringMatching(/^timed out after 1 s; last output: child \d+$/) });
    const pid = Number(/child (\d+)/.exec(out)?.[1]);
    await new Promise((r) => setTimeout(r, 200));
    // gone, or a zombie waiting for whichever process adopted it to reap it
    expect(spawnSync("ps", ["-o", "stat=", "-p", String(pid)], { encoding: "utf8" }).stdout.trim()).toMatch(/^(Z.*)?$/);
  });
});

describe("gpu:check plan", () => {
  it("names every step with its limit and what this machine lacks", () => {
    const steps = gpuCheckPlan("/repo", { cudaHome: null, sanitizer: null, cublas: null, cublasSearched: [] }, "/usr/bin/node");
    expect(steps.map((s) => s.name)).toEqual(["build", GPU_STEP, "ndarray tests", "bench matmul", "targets", "sanitizer memcheck", "sanitizer racecheck", "sanitizer synccheck", "grade hw1"]);
    const plan = formatPlan(steps).split("\n");
    expect(plan[0]).toMatch(/^build\s+300 s  npm run -s build:cuda  \[skipped here: nvcc not found/);
    expect(plan[2]).toMatch(/^ndarray tests\s+240 s  KIT_TEST_DEVICE=cuda npx vitest run test\/ndarray\/cuda-device\.test\.ts  \[after gpu\]$/);
    expect(plan[3]).toContain("node --import tsx ndarray/bench/index.ts --device cuda --sizes 1024,2048,4096");
    expect(plan[4]).toMatch(/^targets\s+120 s  node --import tsx ndarray\/native\/gpu-check\/targets\.ts  \[after gpu\]$/);
    expect(plan[6]).toMatch(/--tool racecheck .*\[optional; after gpu; skipped here: compute-sanitizer not found/);
    expect(plan[8]).toMatch(/^grade hw1\s+180 s  node --import tsx ndarray\/native\/gpu-check\/grade-full\.ts --device cuda  \[after gpu\]$/);
    const withTools = gpuCheckPlan("/repo", { cudaHome: "/cuda", sanitizer: "/cuda/bin/compute-sanitizer", cublas: null, cublasSearched: [] }, "/usr/bin/node");
    expect(withTools.every((s) => s.unavailable === null)).toBe(true);
    expect(formatPlan(withTools)).toContain("/cuda/bin/compute-sanitizer --tool synccheck --error-exitcode 1 node --import tsx ndarray/native/gpu-check/launches.ts");
  });
});

describe("gpu:check finding libcublas", () => {
  /** A made-up folder holding empty files of these names. */
  const folder = (...files: string[]) => {
    const dir = mkdtempSync(join(tmpdir(), "cublas-"));
    for (const f of files) writeFileSync(join(dir, f), "");
    return dir;
  };
  const noPip = () => [];

  it("takes $KIT_CUBLAS_DIR first, and links the unversioned name when it is there", () => {
    const both = folder("libcublas.so", "libcublas.so.13", "libcublasLt.so.13");
    const cuda = folder();
    mkdirSync(join(cuda, "lib64"));
    writeFileSync(join(cuda, "lib64", "libcublas.so.12"), "");
    expect(probeToolkit(cuda, { KIT_CUBLAS_DIR: both }, noPip).cublas).toEqual({ dir: both, file: "libcublas.so" });
    expect(probeToolkit(cuda, {}, noPip).cublas).toEqual({ dir: join(cuda, "lib64"), file: "libcublas.so.12" });
  });

  it("finds pip's nvidia-cublas (a versioned file only, the newest) when neither the variable nor the toolkit has one", () => {
    const wheel = folder("libcublas.so.12", "libcublas.so.13", "libcublasLt.so.13", "libnvblas.so.13");
    const empty = folder();
    const found = probeToolkit(null, { KIT_CUBLAS_DIR: empty }, () => ["/nonexistent/nvidia/cuda_runtime/lib", wheel]);
    expect(found.cublas).toEqual({ dir: wheel, file: "libcublas.so.13" });
    expect(found.cublasSearched).toEqual([empty, "/nonexistent/nvidia/cuda_runtime/lib", wheel]);
  });

  it("reports every folder it looked in when there is none", () => {
    const none = probeToolkit("/nonexistent/cuda", {}, () => ["/nonexistent/nvidia/cu13/lib"]);
    expect(none.cublas).toBeNull();
    expect(none.cublasSearched).toEqual(["/nonexistent/cuda/lib64", "/nonexistent/cuda/targets/x86_64-linux/lib", "/nonexistent/nvidia/cu13/lib"]);
  });
});
