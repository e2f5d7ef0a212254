/**
 * Handins are checked before anything parses them (size, compression), unpacked in a
 * child process that cannot stall the grader, with hostile entries skipped and named in
 * plain text; everything lands in the run folder, which goes when its process does.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import * as tar from "tar";
import { afterAll, describe, expect, it } from "vitest";
import { discardHandin, HANDIN_MAX_BYTES, unpackHandin } from "../../autograder/src/handin.js";
import { plainText } from "../../autograder/src/reports/plain-text.js";
import { runFolder } from "../../autograder/src/run-folder.js";
import { HANDINS, writeHandin } from "./handins.js";

const work = mkdtempSync(join(tmpdir(), "kit-handin-test-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let made = 0;
/** A plain tar of `files` (path → text) under a fresh folder; returns its path. */
function tarOf(files: Record<string, string>): string {
  const src = join(work, `src-${++made}`);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(src, path, ".."), { recursive: true });
    writeFileSync(join(src, path), text);
  }
  const file = join(work, `handin-${made}.tar`);
  tar.c({ file, cwd: src, sync: true, portable: true }, readdirSync(src));
  return file;
}

const HW1 = { "hw1/index.ts": "export const answer = 42;\n" };

/** A tar's blocks for one regular file, written by hand: archives a folder on disk cannot hold. */
function fileEntry(path: string, body: string): Buffer {
  const data = Buffer.from(body);
  const header = Buffer.alloc(512);
  new tar.Header({ path, size: data.length, type: "File", mode: 0o644, mtime: new Date(0) }).encode(header, 0);
  return Buffer.concat([header, data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
}

async function refusal(file: string, opts?: { timeoutMs: number }): Promise<string> {
  const err: unknown = await unpackHandin(file, "hw1", opts).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Error);
  return (err as Error).message;
}

describe("checks before unpacking", () => {
  it("refuses a gzip-compressed handin with a one-line reason", async () => {
    const gz = join(work, "handin.tar.gz");
    writeFileSync(gz, gzipSync(Buffer.alloc(1 << 20)));
    expect(await refusal(gz)).toBe(`${gz}: is a compressed archive (gzip); hand in the plain handin.tar that \`npm run submit hw1\` writes`);
  });

  it.each([
    ["bzip2", [0x42, 0x5a, 0x68, 0x39]],
    ["xz", [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
    ["zstd", [0x28, 0xb5, 0x2f, 0xfd]],
    ["zip", [0x50, 0x4b, 0x03, 0x04]],
  ])("recognises %s by its leading bytes", async (name, magic) => {
    const file = join(work, `handin.${name}`);
    writeFileSync(file, Buffer.concat([Buffer.from(magic), Buffer.alloc(2048, 1)]));
    expect(await refusal(file)).toContain(`is a compressed archive (${name})`);
  });

  it("refuses a file over the cap, counting bytes after the archive's end", async () => {
    const file = tarOf(HW1);
    truncateSync(file, HANDIN_MAX_BYTES + 1);
    expect(await refusal(file)).toBe(`${file}: is 20.0 MiB; a handin may be at most 20 MiB`);
  });

  it("says so for a missing file, an empty archive and one that is not a tar", async () => {
    expect(await refusal(join(work, "nope.tar"))).toMatch(/nope\.tar: no such file$/);
    const zeros = join(work, "zeros.tar");
    writeFileSync(zeros, Buffer.alloc(10240));
    expect(await refusal(zeros)).toBe(`${zeros}: the archive is empty`);
    const text = join(work, "text.tar");
    writeFileSync(text, "not an archive at all\n".repeat(100));
    expect(await refusal(text)).toMatch(/text\.tar: not a readable tar archive \(.*Unrecognized archive format\)$/);
  });
});

describe("unpacking", () => {
  it("unpacks a tar with 16 MiB of zeros after its end into the run folder, while the grader's event loop keeps running", async () => {
    const file = tarOf(HW1);
    truncateSync(file, 16 * 2 ** 20);
    const ticks: number[] = [];
    const timer = setInterval(() => ticks.push(performance.now()), 5);
    const started = performance.now();
    const h = await unpackHandin(file, "hw1");
    const ended = performance.now();
    clearInterval(timer);
    const gaps = [started, ...ticks, ended].slice(1).map((t, i, all) => t - (i === 0 ? started : all[i - 1]));
    expect(Math.max(...gaps)).toBeLessThan(250);
    expect(h.dir.startsWith(`${runFolder()}/handin-`)).toBe(true);
    expect(readdirSync(h.hwDir)).toEqual(["index.ts"]);
    expect(h.skipped).toEqual([]);
    discardHandin(h);
    expect(existsSync(h.dir)).toBe(false);
  });

  it("kills an unpacking that outlasts its time limit, and leaves no folder behind", async () => {
    const before = readdirSync(runFolder()).filter((f) => f.startsWith("handin-"));
    expect(await refusal(tarOf(HW1), { timeoutMs: 1 })).toMatch(/: unpacking took longer than 0\.001 s; hand in the plain handin\.tar/);
    expect(readdirSync(runFolder()).filter((f) => f.startsWith("handin-"))).toEqual(before);
  });

  it("skips traversal and symlink entries, naming each with the reason", async () => {
    const file = writeHandin(HANDINS.find((c) => c.extra === "traversal-and-symlink")!, work);
    const h = await unpackHandin(file, "hw1");
    expect(h.skipped).toEqual(expect.arrayContaining(["../../evil.ts (path leaves the handin)", "hw1/passwd.ts (SymbolicLink entries are not unpacked)"]));
    expect(existsSync(join(h.hwDir, "passwd.ts"))).toBe(false);
    expect(readdirSync(h.dir)).toEqual(["hw1"]);
    discardHandin(h);
  });

  it("strips escape sequences and control characters from the names it reports", async () => {
    const evil = "\u001b[2J\u001b]0;owned\u0007evil\r\u009b31m";
    const h = await unpackHandin(tarOf({ ...HW1, [`${evil}/x.ts`]: "" }), "hw1");
    expect(h.skipped).toEqual(["evil/ (not inside hw1/)", "evil/x.ts (not inside hw1/)"]);
    expect(await refusal(tarOf({ [`${evil}hw2/index.ts`]: "" }))).toContain("it holds evilhw2/ but no hw1/index.ts");
  });

  it("names no folder of the grading machine in tar's own warnings", async () => {
    const file = join(work, "file-then-folder.tar");
    writeFileSync(file, Buffer.concat([fileEntry("hw1/index.ts", HW1["hw1/index.ts"]), fileEntry("hw1/a", "x"), fileEntry("hw1/a/b.ts", "y"), Buffer.alloc(1024)]));
    const h = await unpackHandin(file, "hw1");
    expect(h.skipped).toEqual([expect.stringMatching(/^\(E[A-Z]+: .*'hw1\/a'\)$/)]);
    discardHandin(h);
  });

  it("lists the first 20 skipped entries and counts the rest", async () => {
    const extra = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`x${String(i).padStart(2, "0")}.ts`, ""]));
    const h = await unpackHandin(tarOf({ ...HW1, ...extra }), "hw1");
    expect(h.skipped).toHaveLength(21);
    expect(h.skipped[0]).toBe("x00.ts (not inside hw1/)");
    expect(h.skipped[20]).toBe("… and 10 more");
    discardHandin(h);
  });
});

describe("plainText", () => {
  it("removes ANSI sequences whole and every other C0/C1 control character but newline and tab", () => {
    expect(plainText("a\u001b[31mred\u001b[0m\tb\nc\r\u0000\u0008\u007f\u0085\u009b2Jd\u001b]0;t\u0007e")).toBe("ared\tb\ncde");
  });
});

describe("the run folder", () => {
  const RUN_FOLDER = pathToFileURL(fileURLToPath(new URL("../../autograder/src/run-folder.ts", import.meta.url))).href;
  const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
  /** Node running `code` (an ES module that has `runFolder` imported), with its own temporary folder. */
  const script = (code: string) => ["--import", TSX, "--input-type=module", "-e", `import { runFolder } from ${JSON.stringify(RUN_FOLDER)};\n${code}`];

  function privateTmp(): string {
    return mkdtempSync(join(work, "tmp-"));
  }

  it("is removed when its process exits, and stale folders of dead graders go when the next one is made", () => {
    const tmp = privateTmp();
    const dead = spawnSync(process.execPath, ["-e", "0"]).pid;
    const alive = process.pid;
    for (const name of [`kit-run-${dead}-old`, `kit-run-${alive}-live`, "kit-handin-hw1-other"]) mkdirSync(join(tmp, name, "hw1"), { recursive: true });
    const run = spawnSync(process.execPath, script('const f = runFolder(); console.log(f);'), { env: { ...process.env, TMPDIR: tmp }, encoding: "utf8" });
    expect(run.status).toBe(0);
    const made = run.stdout.trim();
    expect(made).toMatch(new RegExp(`^${tmp}/kit-run-${run.pid}-`));
    expect(existsSync(made)).toBe(false);
    expect(readdirSync(tmp).filter((f) => f.startsWith("kit-")).sort()).toEqual(["kit-handin-hw1-other", `kit-run-${alive}-live`]);
  });

  it("is removed on SIGTERM, and the process exits with 143", async () => {
    const tmp = privateTmp();
    const child = spawn(process.execPath, script('console.log(runFolder()); setInterval(() => undefined, 1000);'), { env: { ...process.env, TMPDIR: tmp } });
    const made = await new Promise<string>((res) => child.stdout.setEncoding("utf8").once("data", (d: string) => res(d.trim())));
    expect(existsSync(made)).toBe(true);
    const code = await new Promise<number | null>((res) => {
      child.once("exit", (c) => res(c));
      child.kill("SIGTERM");
    });
    expect(code).toBe(143);
    expect(existsSync(made)).toBe(false);
  });
});
