/**
 * typeCheckHomework (typecheck.ts): the type errors of a homework folder, one line each,
 * named as the student sees the folder; the clean reference has none. The planted copy lives
 * in the kit's git-ignored build/, where the kit's package.json makes its files ES modules.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { KIT_ROOT } from "../../autograder/src/paths.js";
import { typeCheckHomework } from "../../autograder/src/typecheck.js";
import { runKit } from "./kit-cli.js";

describe("typeCheckHomework", () => {
  mkdirSync(join(KIT_ROOT, "build"), { recursive: true });
  const dir = mkdtempSync(join(KIT_ROOT, "build", "typecheck-test-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("names each error's file, line, column and code in a stub with one planted mistake, and none in the reference", async () => {
    const hwDir = join(dir, "hw1");
    cpSync(join(KIT_ROOT, "hw1"), hwDir, { recursive: true });
    const file = join(hwDir, "linear.ts");
    const lines = readFileSync(file, "utf8").split("\n");
    const at = lines.findIndex((l) => l.includes('from "./errors.js";'));
    expect(at).toBeGreaterThanOrEqual(0);
    lines[at] = lines[at].replace('"./errors.js"', '"./errors"');
    // Node's globals are known (its types are read only for code that names them, as this does).
    writeFileSync(file, `${lines.join("\n")}\nconsole.log(process.argv.length);\n`);
    const column = lines[at].indexOf('"./errors"') + 1;

    const started = performance.now();
    const planted = await typeCheckHomework(hwDir);
    const first = (performance.now() - started) / 1000;
    const reference = await typeCheckHomework(join(KIT_ROOT, "reference/hw1"));
    const second = (performance.now() - started) / 1000 - first;

    expect(planted).toHaveLength(1);
    expect(planted[0]).toMatch(new RegExp(`^hw1/linear\\.ts:${at + 1}:${column} TS2835: Relative import paths need explicit file extensions .*'\\./errors\\.js'`));
    expect(reference).toEqual([]);
    console.log(`type checks: ${first.toFixed(1)} s, then ${second.toFixed(1)} s in the same thread`);
  }, 60_000);
});

describe("npm run grade beside the type check", () => {
  const dir = mkdtempSync(join(KIT_ROOT, "build", "typecheck-cli-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("grades a folder with a type error and ends with one warning naming it; --json stays JSON", () => {
    const hwDir = join(dir, "hw1");
    cpSync(join(KIT_ROOT, "reference/hw1"), hwDir, { recursive: true });
    const file = join(hwDir, "linear.ts");
    writeFileSync(file, readFileSync(file, "utf8").replace('from "./errors.js";', 'from "./errors";'));
    const table = runKit("grade-cli.ts", ["hw1", "--dir", hwDir, "--only", "linear.forward"]);
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toContain("hw1: 3/3");
    expect(table.stdout).toMatch(/type check: 1 error \(npm run submit will refuse\): hw1\/linear\.ts:\d+:\d+ TS2835/);
    const json = runKit("grade-cli.ts", ["hw1", "--dir", hwDir, "--only", "linear.forward", "--json"]);
    expect(JSON.parse(json.stdout).score).toBe(3);
  }, 60_000);
});
