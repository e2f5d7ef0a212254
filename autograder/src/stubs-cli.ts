/**
 * `npm run stubs [-- hw1 …]` writes each homework's given copies (reference/hwN/, from
 * reference/given/ as its given.json lists) and its stubs (hwN/) from reference/hwN/;
 * `npm run stubs:check` regenerates them in memory and fails, naming the files, when a
 * committed copy or stub differs (npm test runs it, so neither drifts from its source).
 * With no homework named, every reference/hw* folder is processed.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { KIT_ROOT as ROOT } from "./paths.js";
import { syncStubs } from "./stubs.js";
import { runCli } from "./cli.js";

function main(): number {
  const { values, positionals } = parseArgs({ options: { check: { type: "boolean", default: false } }, allowPositionals: true });
  const homeworks = positionals.length
    ? positionals
    : existsSync(join(ROOT, "reference"))
      ? readdirSync(join(ROOT, "reference")).filter((d) => /^hw\d+$/.test(d)).sort()
      : [];
  const { problems, written } = syncStubs(ROOT, homeworks, values.check);
  if (problems.length) {
    console.error(problems.map((p) => `stubs: ${p}`).join("\n"));
    if (values.check) console.error("stubs: run `npm run stubs` to regenerate them from reference/");
    return 1;
  }
  console.log(values.check ? `stubs: ${homeworks.join(", ")} up to date` : `stubs: wrote ${written} file(s) for ${homeworks.join(", ")}`);
  return 0;
}

runCli("stubs", main);
