/**
 * The submissions of a class folder, as the similarity check reads them: every `*.tar`
 * handin (unpacked as grade:class unpacks it, in a child process with its limits) or
 * folder (`<student>/hwN/` or the homework folder itself), each reduced to its `.ts` files.
 * The repository's `hwN/` stubs are the template every student started from.
 */
import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, relative, sep } from "node:path";
import { KitError } from "#ndarray";
import { listHandins } from "../class-grading.js";
import { discardHandin, folderHwDir, unpackHandin } from "../handin.js";
import { KIT_ROOT } from "../paths.js";
import { plainText } from "../reports/plain-text.js";

export interface SourceFile {
  /** The path inside the homework folder, with `/`: `linear.ts`, `autograd/tensor.ts`. */
  path: string;
  text: string;
}

export interface Submission {
  student: string;
  files: SourceFile[];
}

/** A handin that could not be read, with the reason. */
export interface Unread {
  student: string;
  reason: string;
}

/** Every regular `.ts` file under `dir`, sorted by path; links and other oddities are passed over. */
export function readSources(dir: string): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      const stat = lstatSync(path);
      if (stat.isDirectory()) walk(path);
      else if (stat.isFile() && name.endsWith(".ts")) files.push({ path: relative(dir, path).split(sep).join("/"), text: readFileSync(path, "utf8") });
    }
  };
  walk(dir);
  return files;
}

/** The stubs of `hw` every student received: the repository's `hwN/`. */
export function templateSources(hw: string): SourceFile[] {
  const dir = join(KIT_ROOT, hw);
  if (!existsSync(join(dir, "index.ts"))) throw new KitError("E_NO_TEMPLATE", `${dir}: no stubs of ${hw} (index.ts) to tell the template from the students' code`);
  return readSources(dir);
}

async function readHandin(hw: string, handin: { student: string; path: string }): Promise<Submission | Unread> {
  try {
    if (!handin.path.endsWith(".tar")) {
      const dir = folderHwDir(handin.path, hw);
      if (dir === undefined) return { student: handin.student, reason: `${handin.path}: holds no ${hw}/index.ts` };
      return { student: handin.student, files: readSources(dir) };
    }
    const unpacked = await unpackHandin(handin.path, hw);
    try {
      return { student: handin.student, files: readSources(unpacked.hwDir) };
    } finally {
      discardHandin(unpacked);
    }
  } catch (err) {
    if (err instanceof KitError) return { student: handin.student, reason: err.message };
    throw err;
  }
}

/** The class folder's submissions in file-name order, and the handins that could not be read. */
export async function loadSubmissions(hw: string, dir: string): Promise<{ submissions: Submission[]; unread: Unread[] }> {
  const handins = listHandins(dir);
  const results: (Submission | Unread)[] = [];
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < handins.length; i = next++) {
      const student = plainText(handins[i].student).replace(/\s+/g, " ").trim() || "(unnamed)";
      results[i] = await readHandin(hw, { student, path: handins[i].path });
    }
  };
  await Promise.all(Array.from({ length: Math.min(availableParallelism(), handins.length) }, lane));
  return {
    submissions: results.filter((r): r is Submission => "files" in r),
    unread: results.filter((r): r is Unread => "reason" in r),
  };
}
