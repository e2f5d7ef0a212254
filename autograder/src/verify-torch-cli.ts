/**
 * `npm run verify:torch -- hwN [--only ID]`: cross-checks reference/hwN/ against PyTorch.
 * Builds every fixture (public and hidden variants) from the reference into a temporary
 * folder, then runs `autograder/verify/verify_torch.py hwN DIR`, which recomputes each
 * case with torch.nn / torch.optim and compares. Its output is streamed through and its
 * exit code is ours: 0 only when every case agrees with torch or, where torch cannot draw
 * the kit's random numbers, holds its stated property (reported "BOUNDS ONLY", never OK);
 * 1 on a mismatch, on a case with no recomputation (skipped) and on a recomputation with
 * no fixture (missing).
 *
 * Asked to verify on a machine without torch (see torch-python.ts) it fails with
 * "torch not installed": a check that did not run must not read as one that passed.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { KitError } from "#ndarray";
import { buildFixtures, writeFixtures } from "./fixtures.js";
import { KIT_ROOT } from "./paths.js";
import { referenceEntry, selectOnly } from "./target.js";
import { requireTorchPython, runPython } from "./torch-python.js";
import { homeworks, loadSuite } from "../suites/index.js";
import { runCli } from "./cli.js";

const USAGE = `usage: npm run verify:torch -- <hw> [--only ID]\nhomeworks: ${homeworks().join(", ")}`;
const VERIFY_SCRIPT = join(KIT_ROOT, "autograder/verify/verify_torch.py");

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
  const cases = selectOnly(suite, values.only === undefined ? undefined : [values.only]);
  const ref = referenceEntry(hw);
  if (ref === undefined) throw new KitError("E_NO_REFERENCE", `this checkout has no reference/${hw}/ to check`);

  // Look for python before building anything: without it there is nothing to do.
  const python = requireTorchPython();

  const fixtures = buildFixtures(suite, await import(ref), { hidden: true, cases });
  const dir = mkdtempSync(join(tmpdir(), `verify-torch-${hw}-`));
  try {
    writeFixtures(dir, hw, fixtures);
    return runPython(python, VERIFY_SCRIPT, [hw, dir, ...(values.only === undefined ? [] : ["--only", values.only])]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

runCli("verify:torch", main);
