/**
 * `npm run verify:torch -- hwN [--only ID]`: cross-checks reference/hwN/ against PyTorch.
 * Builds every fixture (public and hidden variants) from the reference into a temporary
 * folder, then runs `autograder/verify/verify_torch.py hwN DIR`, which recomputes each
 * case with torch.nn / torch.optim and compares. Its output is streamed through and its
 * exit code is ours: 0 when every recomputed case agrees, 1 on a mismatch.
 *
 * Python is found as `$KIT_PYTHON` when set, else `/usr/bin/python3`, else `python3` on
 * PATH: the first that imports torch and numpy. Where none does, this says it skipped and
 * exits 0, so the check never fails a machine without PyTorch.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { KitError } from "#ndarray";
import { buildFixtures, writeFixtures } from "./fixtures.js";
import { KIT_ROOT } from "./paths.js";
import { selectCases } from "./suite.js";
import { referenceEntry } from "./target.js";
import { homeworks, loadSuite } from "../suites/index.js";
import { runCli } from "./cli.js";

const USAGE = `usage: npm run verify:torch -- <hw> [--only ID]\nhomeworks: ${homeworks().join(", ")}`;
const SKIPPED = "verify:torch: skipped: no python3 with torch and numpy here (install Debian's python3-torch python3-numpy)";
const VERIFY_SCRIPT = join(KIT_ROOT, "autograder/verify/verify_torch.py");

/** The python interpreters to try, in order: `$KIT_PYTHON` alone when set. */
function candidates(): string[] {
  const forced = process.env.KIT_PYTHON;
  if (forced !== undefined && forced !== "") return [forced];
  return ["/usr/bin/python3", "python3"];
}

/** The first candidate that imports torch and numpy (a missing interpreter just fails the probe). */
function findPython(): string | undefined {
  return candidates().find((python) => spawnSync(python, ["-c", "import torch, numpy"], { stdio: "ignore" }).status === 0);
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { only: { type: "string" }, help: { type: "boolean", short: "h", default: false } },
  });
  if (values.help || positionals.length !== 1) {
    console.error(USAGE);
    return values.help ? 0 : 1;
  }
  const hw = positionals[0];
  const suite = await loadSuite(hw);
  const cases = selectCases(suite, values.only);
  if (cases.length === 0) {
    throw new KitError("E_NO_SUCH_TEST", `--only ${values.only}: no test of ${hw} has that id or id prefix; ids look like ${suite.cases[0]?.id}`);
  }
  const ref = referenceEntry(hw);
  if (ref === undefined) throw new KitError("E_NO_REFERENCE", `this checkout has no reference/${hw}/ to check`);

  // Look for python before building anything: without it there is nothing to do.
  const python = findPython();
  if (python === undefined) {
    console.log(SKIPPED);
    return 0;
  }

  const fixtures = buildFixtures(suite, await import(ref), { hidden: true, cases });
  const dir = mkdtempSync(join(tmpdir(), `verify-torch-${hw}-`));
  try {
    writeFixtures(dir, hw, fixtures);
    const run = spawnSync(python, [VERIFY_SCRIPT, hw, dir], { stdio: "inherit" });
    if (run.error !== undefined) throw new KitError("E_VERIFY", `could not run ${python}: ${run.error.message}`);
    // A python killed by a signal has no status: count it as a failure.
    return run.status ?? 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

runCli("verify:torch", main);
