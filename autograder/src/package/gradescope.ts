/**
 * A Gradescope autograder for one homework: `autograder.zip` holding `setup.sh`,
 * `run_autograder` and the grading tree (package/tree.ts, kind "gradescope", with its
 * node_modules installed, so grading needs no network). Gradescope unzips it into
 * /autograder/source, runs setup.sh once when it builds the image, then run_autograder
 * per submission, which writes /autograder/results/results.json (reports/gradescope.ts).
 * The image needs Node ≥ 20; setup.sh checks and says so.
 */
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { zipSync, type Zippable } from "fflate";
import { installFromLockfile, writeTree } from "./tree.js";

export function setupScript(): string {
  return `#!/usr/bin/env bash
# Gradescope runs this once while building the autograder image.
set -euo pipefail
major() { node -e 'console.log(process.versions.node.split(".")[0])' 2>/dev/null || echo 0; }
if [ "$(major)" -lt 20 ]; then
  apt-get update && apt-get install -y nodejs || true
fi
if [ "$(major)" -lt 20 ]; then
  echo "This autograder needs Node.js 20 or newer on the image (found: $(node --version 2>/dev/null || echo none))." >&2
  echo "Choose a Gradescope base image with Node 20+, or install it in this script." >&2
  exit 1
fi
`;
}

export function runAutograderScript(hw: string): string {
  return `#!/usr/bin/env bash
# Gradescope runs this for each submission: the student's files are in /autograder/submission,
# either as handin.tar (npm run submit ${hw}), as a ${hw}/ folder, or as the loose files of ${hw}/.
set -uo pipefail
cd /autograder/source
sub=/autograder/submission
mkdir -p /autograder/results
if [ -f "$sub/handin.tar" ]; then from=(--handin "$sub/handin.tar")
elif [ -f "$sub/${hw}/index.ts" ]; then from=(--dir "$sub/${hw}")
else from=(--dir "$sub")
fi
FORCE_COLOR=0 node --import tsx autograder/src/grade-cli.ts ${hw} "\${from[@]}" --fixtures fixtures/${hw} --hidden \\
  --gradescope /autograder/results/results.json
`;
}

/** Every file under `dir`, with its Unix mode kept (the esbuild binary must stay executable). */
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

export async function packageGradescope(hw: string, out: string): Promise<string> {
  const staging = mkdtempSync(join(tmpdir(), `kit-gradescope-${hw}-`));
  try {
    await writeTree(hw, staging, "gradescope");
    installFromLockfile(staging);
    writeFileSync(join(staging, "setup.sh"), setupScript(), { mode: 0o755 });
    writeFileSync(join(staging, "run_autograder"), runAutograderScript(hw), { mode: 0o755 });
    mkdirSync(out, { recursive: true });
    const zip = join(out, "autograder.zip");
    writeFileSync(zip, zipSync(zippable(staging), { level: 6 }));
    return zip;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}
