/**
 * Test helpers: a "submission" is a copy of reference/<hw>/ in a temporary folder with
 * a few textual edits (a planted bug, a hostile line), graded like a student's folder.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KIT_ROOT } from "../../autograder/src/paths.js";

export interface Edit {
  /** File inside the homework folder: `activation.ts`. */
  file: string;
  /** Text that must occur exactly once in that file. */
  find: string;
  replace: string;
}

/** A temp copy of reference/<hw>/ with `edits` applied; throws if an edit's text is not found exactly once. */
export function makeSubmission(hw: string, edits: readonly Edit[]): string {
  const dir = mkdtempSync(join(tmpdir(), `kit-submission-${hw}-`));
  cpSync(join(KIT_ROOT, "reference", hw), dir, { recursive: true });
  for (const e of edits) {
    const path = join(dir, e.file);
    const text = readFileSync(path, "utf8");
    const count = text.split(e.find).length - 1;
    if (count !== 1) throw new Error(`edit of ${e.file}: expected the text to occur once, found ${count}: ${e.find}`);
    writeFileSync(path, text.replace(e.find, () => e.replace));
  }
  return dir;
}

export function removeSubmission(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
