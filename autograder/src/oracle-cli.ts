/**
 * `npm run oracle [-- hwN ...]` (every homework when none is named): writes
 * test/reference/oracle/<hw>/, the PyTorch oracle that test/reference/oracle.test.ts holds
 * the reference solutions to. Instructors only: it needs python3 with torch and numpy
 * (torch-python.ts); the kit's tests only read what it wrote.
 *
 * The grader's fixtures are the reference's own outputs, so "the reference scores full
 * marks" proves nothing about the reference. Here the reference never runs: the inputs are
 * every public variant of every case, drawn by the suite's seeded `inputs` exactly as the
 * grader draws them, floats widened to float64 (so that the test can hold the reference to
 * a tolerance near float64's; a variant whose size names a dtype keeps it, as that dtype is
 * what it tests), and the outputs are torch's, from `autograder/verify/oracle.py`, which
 * runs the same recomputations as verify:torch. A homework's folder is replaced only when
 * its python run succeeds.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Generator, type NDArray } from "#ndarray";
import { UnknownHomeworkError } from "./errors.js";
import { variantSeed, writeFixtures, type Fixture } from "./fixtures.js";
import { KIT_ROOT } from "./paths.js";
import type { Size, Suite } from "./suite.js";
import { requireTorchPython, runPython } from "./torch-python.js";
import { homeworks, loadSuite } from "../suites/index.js";
import { runCli } from "./cli.js";

const USAGE = `usage: npm run oracle [-- <hw> ...]\nhomeworks: ${homeworks().join(", ")}`;
const ORACLE_SCRIPT = join(KIT_ROOT, "autograder/verify/oracle.py");
const ORACLE_DIR = join(KIT_ROOT, "test/reference/oracle");

/** float32 inputs as float64, unless the variant's size names the dtype it is about. */
function widen(inputs: Record<string, NDArray>, size: Size): Record<string, NDArray> {
  if (typeof size.dtype === "string") return inputs;
  return Object.fromEntries(Object.entries(inputs).map(([name, a]) => [name, a.dtype === "float32" ? a.astype("float64") : a]));
}

/** Every public variant's inputs, as the grader draws them, with no expected outputs. */
function drawInputs(suite: Suite): Fixture[] {
  return suite.cases.flatMap((c) =>
    c.sizes.public.map((size, index) => {
      const seed = variantSeed(suite.hw, c.id, "public", index, "");
      return { caseId: c.id, kind: "public" as const, index, seed, size, inputs: widen(c.inputs(new Generator(seed), size), size), expected: {} };
    }),
  );
}

/** Writes test/reference/oracle/<hw>/ from torch; false (the old folder kept) when python failed. */
async function writeOracle(python: string, hw: string): Promise<boolean> {
  const suite = await loadSuite(hw);
  const work = mkdtempSync(join(tmpdir(), `oracle-${hw}-`));
  try {
    const [inputs, out] = [join(work, "inputs"), join(work, "out")];
    writeFixtures(inputs, hw, drawInputs(suite));
    mkdirSync(out);
    console.log(`oracle ${hw}: torch's outputs on every public variant of ${suite.cases.length} cases`);
    if (runPython(python, ORACLE_SCRIPT, [hw, inputs, out]) !== 0) return false;
    const target = join(ORACLE_DIR, hw);
    rmSync(target, { recursive: true, force: true });
    cpSync(out, target, { recursive: true });
    return true;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { help: { type: "boolean", short: "h", default: false } } });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const known = homeworks();
  const unknown = positionals.find((hw) => !known.includes(hw));
  if (unknown !== undefined) throw new UnknownHomeworkError(unknown, known);
  const python = requireTorchPython();
  const failed: string[] = [];
  for (const hw of positionals.length > 0 ? positionals : known) {
    if (!(await writeOracle(python, hw))) failed.push(hw);
  }
  if (failed.length > 0) {
    console.error(`oracle: not written for ${failed.join(", ")} (their folders under test/reference/oracle/ are unchanged)`);
    return 1;
  }
  return 0;
}

runCli("oracle", main);
