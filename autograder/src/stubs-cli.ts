/**
 * `npm run stubs [-- hw1 …]` writes each homework's stubs (hwN/) from reference/hwN/;
 * `npm run stubs:check` regenerates them in memory and fails, naming the files, when the
 * committed stubs differ (npm test runs it, so stubs and reference never disagree).
 * With no homework named, every reference/hw* folder is processed.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { parseArgs } from "node:util";
import { KIT_ROOT as ROOT } from "./paths.js";
import { makeStub } from "./stubgen.js";
import { runCli } from "./cli.js";

function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .sort();
}

function main(): number {
  const { values, positionals } = parseArgs({ options: { check: { type: "boolean", default: false } }, allowPositionals: true });
  const homeworks = positionals.length
    ? positionals
    : existsSync(join(ROOT, "reference"))
      ? readdirSync(join(ROOT, "reference")).filter((d) => /^hw\d+$/.test(d)).sort()
      : [];
  const problems: string[] = [];
  let written = 0;
  for (const hw of homeworks) {
    const refDir = join(ROOT, "reference", hw);
    const stubDir = join(ROOT, hw);
    const refFiles = tsFiles(refDir);
    if (refFiles.length === 0) {
      problems.push(`reference/${hw}/ has no .ts files (is "${hw}" a homework?)`);
      continue;
    }
    for (const rel of refFiles) {
      const stub = makeStub(readFileSync(join(refDir, rel), "utf8"), relative(ROOT, join(refDir, rel)));
      const target = join(stubDir, rel);
      const current = existsSync(target) ? readFileSync(target, "utf8") : undefined;
      if (current === stub) continue;
      if (values.check) {
        problems.push(`${relative(ROOT, target)} is ${current === undefined ? "missing" : "out of date"}`);
      } else {
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, stub);
        written++;
      }
    }
    for (const rel of tsFiles(stubDir)) {
      if (!refFiles.includes(rel)) problems.push(`${hw}/${rel} has no reference/${hw}/${rel}; delete it or add its reference`);
    }
  }
  if (problems.length) {
    console.error(problems.map((p) => `stubs: ${p}`).join("\n"));
    if (values.check) console.error("stubs: run `npm run stubs` to regenerate them from reference/");
    return 1;
  }
  console.log(values.check ? `stubs: ${homeworks.join(", ")} up to date` : `stubs: wrote ${written} file(s) for ${homeworks.join(", ")}`);
  return 0;
}

runCli("stubs", main);
