/**
 * A submission's fingerprints less the template's: the hashes its files share with the
 * stubs every student received are dropped, so code that came with the homework never
 * counts as shared, and a handin that is the untouched stub has no fingerprint at all.
 */
import type { SourceFile, Submission } from "./submissions.js";
import { tokenize, type Token } from "./tokens.js";
import { runHashes, winnow, type Fingerprint } from "./winnow.js";

export interface Fingerprinted {
  student: string;
  files: SourceFile[];
  tokens: Token[][];
  /** Where each of its own hashes occurs. */
  prints: Map<number, Fingerprint[]>;
}

/** The hashes of every run of the template's tokens, not only the winnowed ones: a student's copy of it may be winnowed differently. */
export function templateHashes(files: readonly SourceFile[]): Set<number> {
  return new Set(files.flatMap((f) => runHashes(tokenize(f.text))));
}

export function fingerprint(sub: Submission, template: ReadonlySet<number>): Fingerprinted {
  const tokens = sub.files.map((f) => tokenize(f.text));
  const prints = new Map<number, Fingerprint[]>();
  for (const p of winnow(tokens)) {
    if (template.has(p.hash)) continue;
    const at = prints.get(p.hash);
    if (at) at.push(p);
    else prints.set(p.hash, [p]);
  }
  return { student: sub.student, files: sub.files, tokens, prints };
}
