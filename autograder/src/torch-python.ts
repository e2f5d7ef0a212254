/**
 * The python3 that the instructors' torch tools (verify:torch, oracle) run: `$KIT_PYTHON`
 * when set, else `/usr/bin/python3` (where Debian's python3-torch installs), else `python3`
 * on PATH; the first that imports torch and numpy. Without one these tools cannot do their
 * job, so its absence is an error, never a quiet skip that reads like a pass.
 */
import { spawnSync } from "node:child_process";
import { KitError } from "#ndarray";

/** The python interpreters to try, in order: `$KIT_PYTHON` alone when set. */
function candidates(): string[] {
  const forced = process.env.KIT_PYTHON;
  if (forced !== undefined && forced !== "") return [forced];
  return ["/usr/bin/python3", "python3"];
}

/** The first candidate that imports torch and numpy (a missing interpreter just fails the probe). */
export function findTorchPython(): string | undefined {
  return candidates().find((python) => spawnSync(python, ["-c", "import torch, numpy"], { stdio: "ignore" }).status === 0);
}

/** findTorchPython's answer, or an E_NO_TORCH error saying what to install. */
export function requireTorchPython(): string {
  const python = findTorchPython();
  if (python !== undefined) return python;
  throw new KitError(
    "E_NO_TORCH",
    `torch not installed: none of ${candidates().join(", ")} imports torch and numpy (Debian: apt-get install -y python3-torch python3-numpy; or set KIT_PYTHON)`,
  );
}

/**
 * Runs `python -B script ...args` (-B: no __pycache__ left in the repository) with its output
 * streamed through; its exit status (1 when killed by a signal).
 */
export function runPython(python: string, script: string, args: readonly string[]): number {
  const run = spawnSync(python, ["-B", script, ...args], { stdio: "inherit" });
  if (run.error !== undefined) throw new KitError("E_PYTHON", `could not run ${python} ${script}: ${run.error.message}`);
  return run.status ?? 1;
}
