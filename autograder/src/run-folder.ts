/**
 * One temporary folder per grader process, `<tmpdir>/kit-run-<pid>-<random>`, holding
 * everything a run makes (bundles, unpacked handins, the sandbox's work folders), so that
 * students' code never outlives the run: the folder is removed when the process exits,
 * and on SIGINT, SIGTERM and SIGHUP (then the process exits with 128 + the signal's
 * number, as a shell reports it). A grader killed outright (SIGKILL, a power cut) cannot
 * clean up after itself; the next run removes such folders: the pid in the name tells
 * whether their grader is still alive. Nothing else in the temporary folder is touched.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { constants, tmpdir } from "node:os";
import { join } from "node:path";

const PREFIX = "kit-run-";
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

let folder: string | undefined;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

/** Removes the run folders of graders that are no longer running. */
function removeStale(): void {
  for (const name of readdirSync(tmpdir())) {
    const pid = Number(/^kit-run-(\d+)-/.exec(name)?.[1]);
    if (pid > 0 && pid !== process.pid && !alive(pid)) rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
}

function remove(): void {
  if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
}

/** This process's run folder, made (and its cleanup installed) on first use. */
export function runFolder(): string {
  if (folder === undefined) {
    removeStale();
    folder = mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`));
    process.on("exit", remove);
    for (const signal of SIGNALS) {
      process.once(signal, () => {
        remove();
        process.exit(128 + constants.signals[signal]);
      });
    }
  }
  return folder;
}

/** A new folder inside the run folder, named `<prefix><random>`. */
export function runSubfolder(prefix: string): string {
  return mkdtempSync(join(runFolder(), prefix));
}
