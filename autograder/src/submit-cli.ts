/**
 * `npm run submit hwN`: packs the student's `hwN/` into `handin.tar`, the file the course
 * collects. It refuses, saying why, when no stub has been changed or when a file of `hwN/`
 * does not type-check (the grader strips types without checking them, so this is the last
 * chance to see such errors). Only regular files under `hwN/` are packed: no
 * node_modules, no fixtures, nothing else. For a homework with a Part-2 challenge it also
 * says whether `hwN/predictions.csv` is among them (`npm run challenge hwN -- --predict`).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { parseArgs } from "node:util";
import * as tar from "tar";
import { KitError } from "#ndarray";
import { predictionsLine } from "./challenge/submit-line.js";
import { KIT_ROOT } from "./paths.js";
import { sha256, stubHashes } from "./stub-hashes.js";
import { runCli } from "./cli.js";

function filesOf(hw: string): string[] {
  const dir = join(KIT_ROOT, hw);
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => !f.split("/").includes("node_modules") && statSync(join(dir, f)).isFile())
    .sort();
}

/** tsc's errors in files under hw/, or [] when they type-check. */
function typeErrors(hw: string): string[] {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const run = spawnSync(process.execPath, [tsc, "--noEmit", "-p", KIT_ROOT, "--pretty", "false"], { cwd: KIT_ROOT, encoding: "utf8" });
  return run.stdout.split("\n").filter((l) => l.startsWith(`${hw}/`));
}

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { out: { type: "string", default: "handin.tar" } } });
  const hw = positionals[0];
  if (positionals.length !== 1 || !/^hw\d+$/.test(hw)) {
    console.error("usage: npm run submit hwN [-- --out handin.tar]");
    return 1;
  }
  if (!existsSync(join(KIT_ROOT, hw, "index.ts"))) throw new KitError("E_SUBMIT", `${hw}/index.ts not found in ${KIT_ROOT}`);
  const files = filesOf(hw);
  const stubs = await stubHashes(hw);
  const changed = files.filter((f) => stubs[f] !== sha256(readFileSync(join(KIT_ROOT, hw, f), "utf8")));
  if (Object.keys(stubs).length > 0 && changed.length === 0) {
    throw new KitError("E_SUBMIT", `every file in ${hw}/ is still the untouched stub; write your solutions first (npm run grade ${hw} shows what is left)`);
  }
  const errors = typeErrors(hw);
  if (errors.length > 0) {
    throw new KitError("E_SUBMIT", `${hw}/ does not type-check, so nothing was packed; fix these first (npm run typecheck):\n${errors.join("\n")}`);
  }
  const out = join(process.cwd(), values.out);
  tar.c({ file: out, cwd: KIT_ROOT, sync: true, portable: true }, files.map((f) => `${hw}/${f}`));
  console.log(`submit: packed ${files.length} file(s) of ${hw}/ into ${out} (${changed.length} changed from the stubs):`);
  for (const f of files) console.log(`  ${hw}/${f}${changed.includes(f) ? "" : "  (unchanged stub)"}`);
  const part2 = predictionsLine(hw, join(KIT_ROOT, hw), files);
  if (part2 !== undefined) console.log(part2);
  return 0;
}

runCli("submit", main);
