/**
 * Handins: `handin.tar` holds the student's `hwN/` folder (what `npm run submit hwN`
 * packs). Unpacking trusts nothing in the archive: only regular files are written, only
 * under `hwN/`, never through `..`, an absolute path or a link, and never more than a
 * size limit. Everything skipped is listed so the feedback can say so.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import * as tar from "tar";
import { HandinError } from "./errors.js";

/** A handin unpacked into a temporary folder. */
export interface Handin {
  /** The temporary folder (remove with `discardHandin`). */
  dir: string;
  /** The homework folder inside it, holding index.ts. */
  hwDir: string;
  /** Archive entries that were not unpacked, each with the reason. */
  skipped: string[];
}

/** Per-archive limit on unpacked bytes: a handin is source code. */
const MAX_BYTES = 20 * 2 ** 20;

function why(path: string, type: string, hw: string): string | undefined {
  if (type !== "File" && type !== "OldFile" && type !== "Directory") return `${type} entries are not unpacked`;
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) return "absolute path";
  const norm = posix.normalize(path);
  if (norm.split("/").includes("..")) return "path leaves the handin";
  if (norm !== hw && norm !== `${hw}/` && !norm.startsWith(`${hw}/`)) return `not inside ${hw}/`;
  return undefined;
}

/** The homework folders an archive holds, for the "wrong homework" message. */
function topFolders(file: string): string[] {
  const tops = new Set<string>();
  tar.t({ file, sync: true, onReadEntry: (e) => tops.add(posix.normalize(e.path).split("/")[0]) });
  return [...tops].filter((t) => t !== "." && t !== "");
}

/** Unpacks `file` for homework `hw`; throws a HandinError when nothing gradable is inside. */
export function unpackHandin(file: string, hw: string): Handin {
  if (!existsSync(file)) throw new HandinError(file, "no such file");
  if (readFileSync(file).every((b) => b === 0)) throw new HandinError(file, "the archive is empty");
  const dir = mkdtempSync(join(tmpdir(), `kit-handin-${hw}-`));
  const skipped: string[] = [];
  let bytes = 0;
  try {
    tar.x({
      file,
      cwd: dir,
      sync: true,
      strict: false,
      preservePaths: false,
      filter: (path, entry) => {
        const type = "type" in entry ? String(entry.type) : "File";
        const size = "size" in entry && typeof entry.size === "number" ? entry.size : 0;
        const reason = why(path, type, hw) ?? (bytes + size > MAX_BYTES ? `over the ${MAX_BYTES / 2 ** 20} MiB limit` : undefined);
        if (reason !== undefined) {
          skipped.push(`${path} (${reason})`);
          return false;
        }
        bytes += size;
        return true;
      },
      onwarn: (_code, message) => skipped.push(`(${message})`),
    });
  } catch (err) {
    discardHandin({ dir, hwDir: dir, skipped });
    throw new HandinError(file, `not a readable tar archive (${(err as Error).message})`);
  }
  const hwDir = join(dir, hw);
  if (!existsSync(join(hwDir, "index.ts")) || !statSync(hwDir).isDirectory()) {
    const found = readdirSync(dir).length === 0 ? topFolders(file) : readdirSync(dir);
    discardHandin({ dir, hwDir, skipped });
    const detail =
      found.length === 0
        ? "the archive is empty"
        : `it holds ${found.map((f) => `${f}/`).join(", ")} but no ${hw}/index.ts: is this a handin for ${hw}? (make it with \`npm run submit ${hw}\`)`;
    throw new HandinError(file, detail);
  }
  return { dir, hwDir, skipped };
}

export function discardHandin(h: Handin): void {
  rmSync(h.dir, { recursive: true, force: true });
}
