/**
 * The process that unpacks a handin (handin.ts starts it): parsing an archive a student
 * made runs here, under a wall-clock limit the grader enforces by killing this process,
 * never on the grader's own thread. Only regular files and folders are written, only
 * under `hwN/`, never through `..`, an absolute path or a link, and never more than the
 * byte cap in all. Every name it reports comes from the archive, so it is made plain text
 * and cut short; the skipped list keeps the first few and counts the rest.
 *
 * Arguments: ARCHIVE HW DEST MAX_BYTES. Prints one line, an UnpackReport as JSON.
 */
import { readFileSync } from "node:fs";
import { posix } from "node:path";
import * as tar from "tar";
import { plainText } from "./reports/plain-text.js";

export type UnpackReport =
  | { kind: "unpacked"; skipped: string[]; moreSkipped: number; tops: string[] }
  | { kind: "empty" }
  | { kind: "unreadable"; reason: string };

const [file, hw, dest, maxBytesText] = process.argv.slice(2);
const maxBytes = Number(maxBytesText);

/** Skipped entries listed by name; the rest are counted. */
const LISTED = 20;
/** Longest entry name shown, in characters. */
const NAME_CHARS = 120;

/** `text` from the archive or about it, as one short line naming no folder of the grading machine. */
function shown(text: string): string {
  const plain = plainText(text.split(`${dest}/`).join("")).replace(/[\n\t]/g, " ");
  return plain.length > NAME_CHARS ? `${plain.slice(0, NAME_CHARS)}…` : plain;
}

function why(path: string, type: string): string | undefined {
  if (type !== "File" && type !== "OldFile" && type !== "Directory") return `${type} entries are not unpacked`;
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path)) return "absolute path";
  const norm = posix.normalize(path);
  if (norm.split("/").includes("..")) return "path leaves the handin";
  if (norm !== hw && norm !== `${hw}/` && !norm.startsWith(`${hw}/`)) return `not inside ${hw}/`;
  return undefined;
}

async function unpack(): Promise<UnpackReport> {
  const data = readFileSync(file);
  if (data.equals(Buffer.alloc(data.length))) return { kind: "empty" };
  const skipped: string[] = [];
  let moreSkipped = 0;
  const skip = (note: string) => (skipped.length < LISTED ? skipped.push(note) : moreSkipped++);
  const tops = new Set<string>();
  let bytes = 0;
  try {
    await tar.x({
      file,
      cwd: dest,
      strict: false,
      preservePaths: false,
      filter: (path, entry) => {
        const top = posix.normalize(path).split("/")[0];
        if (top !== "." && top !== "" && tops.size < LISTED) tops.add(shown(top));
        const type = "type" in entry ? entry.type : "File";
        const reason = why(path, type) ?? (bytes + entry.size > maxBytes ? `over the ${maxBytes / 2 ** 20} MiB limit` : undefined);
        if (reason !== undefined) {
          skip(`${shown(path)} (${reason})`);
          return false;
        }
        bytes += entry.size;
        return true;
      },
      onwarn: (_code, message) => skip(`(${shown(message)})`),
    });
  } catch (err) {
    return { kind: "unreadable", reason: shown((err as Error).message) };
  }
  return { kind: "unpacked", skipped, moreSkipped, tops: [...tops] };
}

process.stdout.write(`${JSON.stringify(await unpack())}\n`);
