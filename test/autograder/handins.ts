/**
 * hw1 handins as handin.tar files: the reference, the reference with one attack of the
 * catalog planted (hostile-catalog.ts), and archives that are broken as archives. Each
 * total is computed from the suite's points and the tests the attack loses.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tar from "tar";
import suite from "../../autograder/suites/hw1/index.js";
import { ATTACKS } from "./hostile-catalog.js";
import { makeSubmission, removeSubmission, type Edit } from "./submission.js";

export interface HandinCase {
  name: string;
  /** Edits of the reference; a handin of the reference itself has none. */
  edits: Edit[];
  /** Adds hostile entries to the archive (path tricks, links). */
  extra?: "traversal-and-symlink";
  /** An archive with nothing inside, or another homework's folder. */
  kind?: "empty" | "wrong-homework";
  /** Points it must score, bonus included. */
  total: number;
}

/** hw1's points, bonus included. */
export const HW1_MAX = suite.cases.reduce((a, c) => a + c.points, 0);

/** hw1's points less those of the tests `loses`. */
export function hw1TotalWithout(loses: readonly string[]): number {
  return HW1_MAX - suite.cases.filter((c) => loses.includes(c.id)).reduce((a, c) => a + c.points, 0);
}

/** The handin of a catalog attack. */
export function attackHandin(name: string): HandinCase {
  const a = ATTACKS.find((x) => x.name === name);
  if (a === undefined) throw new Error(`no attack named ${name} in hostile-catalog.ts`);
  return { name, edits: a.edits, total: hw1TotalWithout(a.loses) };
}

/** What an Autolab job is tried on: the attacks that aim at the job itself (its output, its files, its time), and broken archives. */
export const HANDINS: HandinCase[] = [
  { name: "reference", edits: [], total: HW1_MAX },
  ...["infinite-loop", "busy-interval", "forged-score-lines", "ten-megabytes-of-output", "reads-reference"].map(attackHandin),
  { name: "traversal-and-symlink", edits: [], extra: "traversal-and-symlink", total: HW1_MAX },
  { name: "empty", edits: [], kind: "empty", total: 0 },
  { name: "wrong-homework", edits: [], kind: "wrong-homework", total: 0 },
];

/** Writes `<dir>/<name>.tar` for a catalog entry. */
export function writeHandin(c: HandinCase, dir: string): string {
  const file = join(dir, `${c.name}.tar`);
  const work = mkdtempSync(join(tmpdir(), "kit-handin-src-"));
  try {
    if (c.kind === "empty") {
      writeFileSync(file, new Uint8Array(10240));
      return file;
    }
    const sub = makeSubmission("hw1", c.edits);
    const root = join(work, "a", "b");
    mkdirSync(root, { recursive: true });
    const folder = c.kind === "wrong-homework" ? "hw2" : "hw1";
    tar.c({ file: join(work, "plain.tar"), cwd: sub, sync: true, prefix: folder }, ["."]);
    tar.x({ file: join(work, "plain.tar"), cwd: root, sync: true });
    removeSubmission(sub);
    const entries = [folder];
    if (c.extra === "traversal-and-symlink") {
      writeFileSync(join(work, "evil.ts"), "export const pwned = true;\n");
      symlinkSync("/etc/passwd", join(root, folder, "passwd.ts"));
      entries.push("../../evil.ts");
    }
    tar.c({ file, cwd: root, sync: true, portable: true, preservePaths: true }, entries);
    return file;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
