/**
 * The steps of `npm run gpu:check`, in order, with their limits. What this machine lacks
 * (nvcc, compute-sanitizer, cuBLAS) is found here, once, so that `--plan` shows which steps
 * will be skipped before anything runs; whether there is a GPU is found by the `gpu` step,
 * after the build, and every step that needs one names it in `requires`.
 */
import { existsSync, readdirSync } from "node:fs";
import { delimiter, join } from "node:path";
import { runCommand, type Command } from "./command.js";
import { GPU_STEP, type Step } from "./steps.js";

/** What the plan depends on, found by `probeToolkit` (tests pass their own). */
export interface Toolkit {
  /** The CUDA toolkit root, or null when there is no nvcc. */
  readonly cudaHome: string | null;
  /** The compute-sanitizer executable, or null. */
  readonly sanitizer: string | null;
  /** The folder holding libcublas, or null. */
  readonly cublasDir: string | null;
}

export function probeToolkit(cudaHome: string | null): Toolkit {
  const sanitizerDirs = [...(cudaHome ? [join(cudaHome, "bin"), join(cudaHome, "compute-sanitizer")] : []), ...(process.env.PATH ?? "").split(delimiter).filter((d) => d !== "")];
  const sanitizer = sanitizerDirs.map((d) => join(d, "compute-sanitizer")).find((p) => existsSync(p)) ?? null;
  const libDirs = cudaHome ? [join(cudaHome, "lib64"), join(cudaHome, "targets", "x86_64-linux", "lib")] : [];
  const cublasDir = libDirs.find((d) => existsSync(d) && readdirSync(d).some((f) => f.startsWith("libcublas.so"))) ?? null;
  return { cudaHome, sanitizer, cublasDir };
}

const SANITIZER_TOOLS = ["memcheck", "racecheck", "synccheck"] as const;

/** The plan for `root` (the repository), running TypeScript with `node` through tsx. */
export function gpuCheckPlan(root: string, toolkit: Toolkit, node = process.execPath): Step[] {
  const tsx = (script: string, ...args: string[]): Command => ({ argv: [node, "--import", "tsx", join(root, script), ...args], cwd: root });
  const step = (name: string, limitS: number, command: Command, extra: Partial<Pick<Step, "optional" | "requires" | "unavailable">> = {}): Step => ({
    name,
    limitS,
    what: [...Object.entries(command.env ?? {}).map(([k, v]) => `${k}=${v}`), ...command.argv.map((a) => (a === node ? "node" : a.startsWith(`${root}/`) ? a.slice(root.length + 1) : a))].join(" "),
    unavailable: null,
    run: (limit) => runCommand(command, limit),
    ...extra,
  });
  const noNvcc = toolkit.cudaHome ? null : "nvcc not found (looked at $CUDA_HOME, $CUDA_PATH, /usr/local/cuda and PATH)";
  const needsGpu = { requires: GPU_STEP };
  const steps: Step[] = [
    step("build", 300, { argv: ["npm", "run", "-s", "build:cuda"], cwd: root }, { unavailable: noNvcc }),
    step(GPU_STEP, 60, tsx("ndarray/native/gpu-check/probe.ts")),
    step("ndarray tests", 240, { argv: ["npx", "vitest", "run", "test/ndarray/cuda-device.test.ts"], env: { KIT_TEST_DEVICE: "cuda" }, cwd: root }, needsGpu),
    step("bench matmul", 120, tsx("ndarray/bench/index.ts", "--device", "cuda", "--sizes", "1024,2048,4096"), needsGpu),
    step("targets", 120, tsx("ndarray/native/gpu-check/targets.ts"), needsGpu),
    ...SANITIZER_TOOLS.map((tool) =>
      step(
        `sanitizer ${tool}`,
        120,
        { argv: [toolkit.sanitizer ?? "compute-sanitizer", "--tool", tool, "--error-exitcode", "1", ...tsx("ndarray/native/gpu-check/launches.ts").argv], cwd: root },
        { ...needsGpu, optional: true, unavailable: toolkit.sanitizer ? null : "compute-sanitizer not found (in the CUDA toolkit's bin/ or on PATH)" },
      ),
    ),
    step("grade hw1", 180, tsx("ndarray/native/gpu-check/grade-full.ts", "--device", "cuda"), needsGpu),
  ];
  return steps;
}
