/**
 * The kit's own source files a tree ships: everything under autograder/src/ that the
 * command lines the tree runs reach, found by following their imports and the `.ts` paths
 * they start processes or bundles from (the sandbox's entry, the handin unpacker). A list
 * kept by hand goes stale the day the grader gains a file, and the package then fails on
 * the grading machine, not here; copying whole folders ships what a homework must not see
 * (a trainer's helper for one homework can hold another's solution). The npm packages a
 * tree installs are found the same way, from what the shipped code names (`packagesNamed`).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { KIT_ROOT } from "../paths.js";

const SRC = join(KIT_ROOT, "autograder/src");
/** The command lines every tree runs: grading, and (in a handout) submitting. */
export const GRADER_ENTRIES = ["grade-cli.ts", "submit-cli.ts"];
/** `npm run example`: the handout's worked examples run on the student's code (handouts only). */
export const EXAMPLE_ENTRIES = ["example-cli.ts"];
/** `grade --debug`'s in-process grading, which grade-cli.ts loads by a URL this scan does not follow: handouts only. */
export const DEBUG_ENTRIES = ["debug.ts"];
/** A `.ts` path written as a string: `./unpack-child.ts`, or `autograder/src/x.ts` from the kit's root. */
const TS_PATH_LITERAL = /["'`]((?:\.{1,2}\/|autograder\/src\/)[\w./-]+\.ts)["'`]/g;

/**
 * Whether hw's trainer reads the digits `npm run data` writes: every trainer does unless it
 * exports `needsDigits = false` (train-cli.ts's convention; hw4 trains on names).
 */
export function trainerNeedsDigits(hw: string): boolean {
  const sf = ts.createSourceFile(`${hw}.ts`, readFileSync(join(SRC, "train", `${hw}.ts`), "utf8"), ts.ScriptTarget.Latest, true);
  const optOut = sf.statements.some(
    (st) =>
      ts.isVariableStatement(st) &&
      st.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) === true &&
      st.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === "needsDigits" && d.initializer?.kind === ts.SyntaxKind.FalseKeyword),
  );
  return !optOut;
}

/** The command lines of a handout with a training run: that homework's trainer, and the data script when it reads the digits. */
export function trainerEntries(hw: string): string[] {
  return [...(trainerNeedsDigits(hw) ? ["data/data-cli.ts"] : []), "train/train-cli.ts", `train/${hw}.ts`];
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

/** The string literals of a source: its import specifiers and the module names it builds at run time (`require(name)`). */
function stringLiterals(source: string): string[] {
  const literals: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node)) literals.push(node.text);
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile("source.ts", source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS));
  return literals;
}

/**
 * The packages among `candidates` that some source names in a string, in code (never in a
 * comment): an import of the package or of a file in it, or a `require` of either, including
 * one whose path a template builds (`mnist/src/digits/${d}.json`). A tree installs exactly
 * these, so a homework's handout installs the data packages of its own trainer and no other's.
 */
export function packagesNamed(sources: readonly string[], candidates: readonly string[]): string[] {
  // Only a source with a quote before some candidate's name can name it: parse just those.
  const quoted = candidates.flatMap((name) => ['"', "'", "`"].map((q) => q + name));
  const literals = new Set(sources.filter((s) => quoted.some((q) => s.includes(q))).flatMap(stringLiterals));
  return candidates.filter((name) => [...literals].some((s) => s === name || s.startsWith(`${name}/`))).sort();
}
