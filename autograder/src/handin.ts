/**
 * Handins: `handin.tar` is the plain tar of the student's `hwN/` folder that `npm run
 * submit hwN` writes. The file is checked before anything parses it: at most
 * HANDIN_MAX_BYTES in all (bytes after the archive's end count too), and not compressed
 * (a compressed archive would let a small file unpack into a large one). Unpacking happens
 * in a child process (unpack-child.ts), killed when it takes too long, so a hostile archive
 * can neither stall the grader's thread nor the batch it belongs to. The files land in
 * the run folder (run-folder.ts), which goes when the grader does.
 */
import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { HandinError } from "./errors.js";
import { plainText } from "./reports/plain-text.js";
import { runFolder, runSubfolder } from "./run-folder.js";
import type { UnpackReport } from "./unpack-child.js";

/** A handin unpacked into a temporary folder. */
export interface Handin {
  /** The temporary folder (remove with `discardHandin`). */
  dir: string;
  /** The homework folder inside it, holding index.ts. */
  hwDir: string;
  /** Archive entries that were not unpacked, each with the reason (names made plain text). */
  skipped: string[];
}

export interface UnpackOptions {
  /** Wall-clock limit on unpacking, in ms (default 20 s). */
  timeoutMs?: number;
}

/** Largest handin file accepted, in bytes: a handin is source code. */
export const HANDIN_MAX_BYTES = 20 * 2 ** 20;
const DEFAULT_UNPACK_TIMEOUT_MS = 20_000;

const CHILD = fileURLToPath(new URL("./unpack-child.ts", import.meta.url));
/** Heap of the unpacking process, in MiB: it streams the archive, so it needs little. */
const CHILD_HEAP_MIB = 256;

/** Leading bytes of the compressed formats a student might hand in instead of the plain tar. */
const COMPRESSED: { name: string; magic: number[] }[] = [
  { name: "gzip", magic: [0x1f, 0x8b] },
  { name: "bzip2", magic: [0x42, 0x5a, 0x68] },
  { name: "xz", magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { name: "zstd", magic: [0x28, 0xb5, 0x2f, 0xfd] },
  { name: "zip", magic: [0x50, 0x4b, 0x03, 0x04] },
];

function leadingBytes(file: string, n: number): Buffer {
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.alloc(n);
    return buf.subarray(0, readSync(fd, buf, 0, n, 0));
  } finally {
    closeSync(fd);
  }
}

/** Refuses, with the reason, a file that is missing, too large or compressed. */
function checkFile(file: string, hw: string): void {
  if (!existsSync(file)) throw new HandinError(file, "no such file");
  const stat = statSync(file);
  if (!stat.isFile()) throw new HandinError(file, "is not a file");
  if (stat.size > HANDIN_MAX_BYTES) {
    throw new HandinError(file, `is ${(stat.size / 2 ** 20).toFixed(1)} MiB; a handin may be at most ${HANDIN_MAX_BYTES / 2 ** 20} MiB`);
  }
  const head = leadingBytes(file, 6);
  const format = COMPRESSED.find((c) => c.magic.every((b, i) => head[i] === b));
  if (format !== undefined) {
    throw new HandinError(file, `is a compressed archive (${format.name}); hand in the plain handin.tar that \`npm run submit ${hw}\` writes`);
  }
}

let compiled: Promise<string> | undefined;

/**
 * unpack-child.ts and tar compiled into one script, once per process, in the run folder:
 * the child then starts as plain Node, about twice as fast as through a TypeScript loader,
 * which counts when a class's handins are unpacked one after another.
 */
function childScript(): Promise<string> {
  const outfile = join(runFolder(), "unpack-child.mjs");
  compiled ??= build({ entryPoints: [CHILD], bundle: true, platform: "node", format: "esm", target: "node20", outfile, logLevel: "silent" }).then(
    () => outfile,
  );
  return compiled;
}

function isReport(x: unknown): x is UnpackReport {
  if (typeof x !== "object" || x === null || !("kind" in x)) return false;
  if (x.kind === "empty") return true;
  if (x.kind === "unreadable") return "reason" in x && typeof x.reason === "string";
  if (x.kind !== "unpacked" || !("skipped" in x && "tops" in x && "moreSkipped" in x)) return false;
  return Array.isArray(x.skipped) && Array.isArray(x.tops) && typeof x.moreSkipped === "number";
}

/** Runs unpack-child.ts on `file` into `dir`; the child's report, or a HandinError. */
async function runChild(file: string, hw: string, dir: string, timeoutMs: number): Promise<UnpackReport> {
  const script = await childScript();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${CHILD_HEAP_MIB}`, script, file, hw, dir, String(HANDIN_MAX_BYTES)], {
      stdio: ["ignore", "pipe", "pipe"],
      env: {},
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      reject(new HandinError(file, `could not start unpacking (${err.message})`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (timedOut) {
        return reject(new HandinError(file, `unpacking took longer than ${timeoutMs / 1000} s; hand in the plain handin.tar that \`npm run submit ${hw}\` writes`));
      }
      let report: unknown;
      try {
        report = JSON.parse(stdout);
      } catch {
        report = undefined;
      }
      if (code === 0 && isReport(report)) return resolvePromise(report);
      const last = plainText(stderr.split(`${dir}/`).join("")).trim().split("\n").pop() ?? "";
      reject(new HandinError(file, `could not be unpacked (${signal ?? `exit code ${code}`}${last ? `: ${last.slice(0, 200)}` : ""})`));
    });
  });
}

function detail(report: UnpackReport, hw: string): string {
  if (report.kind === "empty") return "the archive is empty";
  if (report.kind === "unreadable") return `not a readable tar archive (${report.reason})`;
  if (report.tops.length === 0) return "the archive is empty";
  return `it holds ${report.tops.map((f) => `${f}/`).join(", ")} but no ${hw}/index.ts: is this a handin for ${hw}? (make it with \`npm run submit ${hw}\`)`;
}

/** Unpacks `file` for homework `hw`; rejects with a HandinError when nothing gradable is inside. */
export async function unpackHandin(file: string, hw: string, opts: UnpackOptions = {}): Promise<Handin> {
  checkFile(file, hw);
  const dir = runSubfolder("handin-");
  const hwDir = join(dir, hw);
  try {
    const report = await runChild(file, hw, dir, opts.timeoutMs ?? DEFAULT_UNPACK_TIMEOUT_MS);
    if (report.kind !== "unpacked" || !existsSync(join(hwDir, "index.ts")) || !statSync(hwDir).isDirectory()) {
      throw new HandinError(file, detail(report, hw));
    }
    const more = report.moreSkipped > 0 ? [`… and ${report.moreSkipped} more`] : [];
    return { dir, hwDir, skipped: [...report.skipped, ...more] };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

export function discardHandin(h: Handin): void {
  rmSync(h.dir, { recursive: true, force: true });
}

/** The homework folder of a handin given as a folder: `<folder>/hwN/`, or the folder itself; undefined when neither holds index.ts. */
export function folderHwDir(path: string, hw: string): string | undefined {
  return [join(path, hw), path].find((d) => existsSync(join(d, "index.ts")));
}
