/**
 * The kit's own source files a tree ships: everything under autograder/src/ that the
 * command lines the tree runs reach, found by following their imports and the `.ts` paths
 * they start processes or bundles from (the sandbox's entry, the handin unpacker). A list
 * kept by hand goes stale the day the grader gains a file, and the package then fails on
 * the grading machine, not here; copying whole folders ships what a homework must not see
 * (a trainer's helper for one homework can hold another's solution).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { KIT_ROOT } from "../paths.js";

const SRC = join(KIT_ROOT, "autograder/src");
/** The command lines every tree runs: grading, and (in a handout) submitting. */
export const GRADER_ENTRIES = ["grade-cli.ts", "submit-cli.ts"];
/** A `.ts` path written as a string: `./unpack-child.ts`, or `autograder/src/x.ts` from the kit's root. */
const TS_PATH_LITERAL = /["'`]((?:\.{1,2}\/|autograder\/src\/)[\w./-]+\.ts)["'`]/g;

/** The command lines of a handout with a training run: the data script and that homework's trainer. */
export function trainerEntries(hw: string): string[] {
  return ["data/data-cli.ts", "train/train-cli.ts", `train/${hw}.ts`];
}

function referencedFiles(file: string): string[] {
  const source = readFileSync(file, "utf8");
  const imports = ts
    .preProcessFile(source, true, true)
    .importedFiles.map((i) => i.fileName)
    .filter((f) => f.startsWith("."))
    .map((f) => resolve(dirname(file), f.replace(/\.js$/, ".ts")));
  const literals = [...source.matchAll(TS_PATH_LITERAL)].map((m) => (m[1].startsWith(".") ? resolve(dirname(file), m[1]) : resolve(KIT_ROOT, m[1])));
  return [...imports, ...literals];
}

/** The files under autograder/src/ (relative to it, sorted) that `entries` (relative to it) need. */
export function sourceFiles(entries: readonly string[]): string[] {
  const found = new Set<string>();
  const queue = entries.map((e) => join(SRC, e));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (found.has(file) || !existsSync(file) || relative(SRC, file).startsWith("..")) continue;
    found.add(file);
    queue.push(...referencedFiles(file));
  }
  return [...found].map((f) => relative(SRC, f)).sort();
}
