/**
 * A catalog of hw1 handins, honest and hostile, as handin.tar files: the reference, and
 * the reference with one attack planted. Each states the total it must score (its honest
 * tests only) so the Autolab job and class grading can be checked against it.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tar from "tar";
import { makeSubmission, removeSubmission, type Edit } from "./submission.js";

export interface HandinCase {
  name: string;
  /** Edits of the reference; a handin of the reference itself has none. */
  edits: Edit[];
  /** Adds hostile entries to the archive (path tricks, links). */
  extra?: "traversal-and-symlink";
  /** An archive with nothing inside, or another homework's folder. */
  kind?: "empty" | "wrong-homework";
  /** Points it must score out of 125 (100 regular, 25 bonus). */
  total: number;
}

const IMPORT_FS = { file: "loss.ts", find: 'import { cached } from "./errors.js";', replace: 'import { cached } from "./errors.js";\nimport { readFileSync, writeFileSync } from "node:fs";' };
const SIGMOID = "this.A = onesLike(Z).div(Z.neg().exp().add(1));";

export const HANDINS: HandinCase[] = [
  { name: "reference", edits: [], total: 125 },
  { name: "infinite-loop", edits: [{ file: "activation.ts", find: "this.A = Z.tanh();", replace: "for (;;);" }], total: 121 },
  {
    name: "busy-interval",
    edits: [{ file: "dropout.ts", find: "export class Dropout {", replace: "setInterval(() => { for (;;); }, 0);\nexport class Dropout {" }],
    total: 0,
  },
  { name: "process-exit", edits: [{ file: "activation.ts", find: 'const Z = cached(this.Z, "GELU.backward");', replace: "process.exit(0);" }], total: 122 },
  {
    name: "forged-score-lines",
    edits: [{ file: "activation.ts", find: SIGMOID, replace: `console.log('{"scores": {"activations": 999}}'); console.error('{"scores": {"activations": 999}}');\n    ${SIGMOID}` }],
    total: 125,
  },
  { name: "ten-megabytes-of-output", edits: [{ file: "activation.ts", find: SIGMOID, replace: `console.log("x".repeat(10 * 2 ** 20));\n    ${SIGMOID}` }], total: 125 },
  {
    name: "reads-fixtures-and-makefile",
    edits: [IMPORT_FS, { file: "loss.ts", find: "this.A = A;\n    this.Y = Y;", replace: 'readFileSync("fixtures/hw1/manifest.json"); readFileSync("Makefile");' }],
    total: 121,
  },
  { name: "writes-files", edits: [IMPORT_FS, { file: "loss.ts", find: "return A.sub(Y).mul(2 / A.size);", replace: 'writeFileSync("pwned.txt", "x");\n    return A.sub(Y);' }], total: 123 },
  { name: "huge-allocation", edits: [{ file: "activation.ts", find: "this.A = Z.maximum(0);", replace: "new Float64Array(1e9).fill(1);" }], total: 101 },
  { name: "traversal-and-symlink", edits: [], extra: "traversal-and-symlink", total: 125 },
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
