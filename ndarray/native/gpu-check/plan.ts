/**
 * The steps of `npm run gpu:check`, in order, with their limits. What this machine lacks
 * (nvcc, compute-sanitizer, libcublas) is found here, once, so that `--plan` shows which steps
 * will be skipped before anything runs; whether there is a GPU is found by the `gpu` step,
 * after the build, and every step that needs one names it in `requires`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { delimiter, join } from "node:path";
import { runCommand, type Command } from "./command.js";
import { GPU_STEP, type Step } from "./steps.js";

/** A libcublas to link the SGEMM reference against: its folder and the file name (`libcublas.so`, or a versioned one as pip's wheels ship). */
export interface Cublas {
  readonly dir: string;
  readonly file: string;
}

/** What the plan depends on, found by `probeToolkit` (tests pass their own). */
export interface Toolkit {
  /** The CUDA toolkit root, or null when there is no nvcc. */
  readonly cudaHome: string | null;
  /** The compute-sanitizer executable, or null. */
  readonly sanitizer: string | null;
  /** The libcublas found, or null. */
  readonly cublas: Cublas | null;
  /** The folders searched for libcublas, in order, for the message when there is none. */
  readonly cublasSearched: readonly string[];
}

/**
 * The `lib` folders of Python's `nvidia` packages (pip's nvidia-cublas, which PyTorch
 * installs, puts libcublas under nvidia/cu13/lib or nvidia/cublas/lib); none without python3.
 */
export function pythonNvidiaLibDirs(): string[] {
  const found = spawnSync("python3", ["-c", "import importlib.util as u; s = u.find_spec('nvidia'); print('\\n'.join(s.submodule_search_locations if s else []))"], { encoding: "utf8", timeout: 10_000 });
  if (found.status !== 0) return [];
  return found.stdout
    .split("\n")
    .filter((d) => d !== "" && existsSync(d))
    .flatMap((d) => readdirSync(d).map((sub) => join(d, sub, "lib")));
}

/** The libcublas in `dir`: the unversioned name when it is there (what -lcublas finds), else the newest versioned one. */
function cublasIn(dir: string): Cublas | null {
  if (!existsSync(dir)) return null;
  const files = readdirSync(dir).filter((f) => /^libcublas\.so(\.\d+)*$/.test(f));
  if (files.length === 0) return null;
  const file = files.includes("libcublas.so") ? "libcublas.so" : files.sort((a, b) => a.localeCompare(b, undefined, { numeric: true })).at(-1)!;
  return { dir, file };
}

/**
 * nvcc, compute-sanitizer and libcublas on this machine. libcublas is looked for in
 * $KIT_CUBLAS_DIR, the toolkit's library folders, then pip's nvidia packages (`nvidiaLibDirs`).
 */
export function probeToolkit(cudaHome: string | null, env: NodeJS.ProcessEnv = process.env, nvidiaLibDirs: () => string[] = pythonNvidiaLibDirs): Toolkit {
  const sanitizerDirs = [...(cudaHome ? [join(cudaHome, "bin"), join(cudaHome, "compute-sanitizer")] : []), ...(env.PATH ?? "").split(delimiter).filter((d) => d !== "")];
  const sanitizer = sanitizerDirs.map((d) => join(d, "compute-sanitizer")).find((p) => existsSync(p)) ?? null;
  const early = [...(env.KIT_CUBLAS_DIR ? [env.KIT_CUBLAS_DIR] : []), ...(cudaHome ? [join(cudaHome, "lib64"), join(cudaHome, "targets", "x86_64-linux", "lib")] : [])];
  const first = early.map(cublasIn).find((c) => c !== null);
  const searched = first ? early : [...early, ...nvidiaLibDirs()];
  return { cudaHome, sanitizer, cublas: first ?? searched.map(cublasIn).find((c) => c !== null) ?? null, cublasSearched: searched };
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
