/** Test helpers: the kit's command lines run as a user runs them, and the digits they train on. */
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageDigits, writeDigits } from "../../autograder/src/data/digits.js";
import { KIT_ROOT } from "../../autograder/src/paths.js";

const TSX = join(KIT_ROOT, "node_modules/.bin/tsx");

/** Runs `autograder/src/<script>` with `args` from the kit's root, without colours. */
export function runKit(script: string, args: string[]) {
  return spawnSync(TSX, [join(KIT_ROOT, "autograder/src", script), ...args], {
    cwd: KIT_ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
}

/** A new temporary folder holding the digits exactly as `npm run data` writes them. */
export function writeTestDigits(): string {
  const dir = mkdtempSync(join(tmpdir(), "kit-digits-"));
  writeDigits(dir, packageDigits());
  return dir;
}
