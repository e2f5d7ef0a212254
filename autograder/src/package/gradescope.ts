/**
 * A Gradescope autograder for one homework: `autograder.zip` holding setup.sh and
 * run_autograder (gradescope-scripts.ts), the grading tree (package/tree.ts, kind
 * "gradescope": grader, suite, public and hidden fixtures, a challenge's test labels) with
 * its node_modules installed for Linux x86-64, and Node.js 20 itself (node-runtime.ts), so
 * neither the image build nor grading needs anything Gradescope's stock Ubuntu image lacks.
 * run_autograder writes /autograder/results/results.json (reports/gradescope.ts).
 */
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { zipSync, type Zippable } from "fflate";
import { writePackageLabels } from "../challenge/score-labels.js";
import { gradingBudget } from "./budget.js";
import { runAutograderScript, setupScript } from "./gradescope-scripts.js";
import { CARRIED_NODE_DIR, carryNode } from "./node-runtime.js";
import { installFromLockfile, writeTree } from "./tree.js";

/** Gradescope's default limit for one submission, in seconds (an assignment may raise it to 40 minutes). */
export const GRADESCOPE_DEFAULT_TIMEOUT_S = 600;

/** Every file under `dir`, with its Unix mode kept (node, esbuild and the scripts must stay executable). */
function zippable(dir: string, base = ""): Zippable {
  const entries: Zippable = {};
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const rel = base ? `${base}/${name}` : name;
    const st = lstatSync(path);
    if (st.isDirectory()) Object.assign(entries, zippable(path, rel));
    else if (st.isFile()) entries[rel] = [readFileSync(path), { os: 3, attrs: (st.mode & 0o777) << 16 }];
  }
  return entries;
}

/** Builds `out/autograder.zip` (out created) for an assignment whose autograder timeout is `timeoutS`; returns its path. */
export async function packageGradescope(hw: string, out: string, timeoutS: number = GRADESCOPE_DEFAULT_TIMEOUT_S): Promise<string> {
  const budget = gradingBudget(timeoutS);
  const staging = mkdtempSync(join(tmpdir(), `kit-gradescope-${hw}-`));
  try {
    await writeTree(hw, staging, "gradescope");
    await writePackageLabels(staging, hw);
    installFromLockfile(staging);
    carryNode(join(staging, CARRIED_NODE_DIR));
    writeFileSync(join(staging, "setup.sh"), setupScript(), { mode: 0o755 });
    writeFileSync(join(staging, "run_autograder"), runAutograderScript(hw, budget), { mode: 0o755 });
    mkdirSync(out, { recursive: true });
    const zip = join(out, "autograder.zip");
    writeFileSync(zip, zipSync(zippable(staging), { level: 6 }));
    return zip;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
