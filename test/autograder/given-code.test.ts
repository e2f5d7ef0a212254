/**
 * Given code (autograder/src/given.ts): every copy in the repository is its single source
 * in reference/given/, homeworks still import nothing outside their own folder, and
 * `npm run stubs` writes, and `stubs:check` names, each copy on a throw-away kit.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { afterEach, describe, expect, it } from "vitest";
import { GIVEN_DIR, givenHeader, givenPlan, isGivenCopy } from "../../autograder/src/given.js";
import { KIT_ROOT } from "../../autograder/src/paths.js";
import { syncStubs } from "../../autograder/src/stubs.js";

const HOMEWORKS = readdirSync(join(KIT_ROOT, "reference"))
  .filter((d) => /^hw\d+$/.test(d))
  .sort();

function tsFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts")) : [];
}

describe("given code in this repository", () => {
  it("each homework's copies are its given.json's files from reference/given/, in reference/hwN/ and hwN/", () => {
    const takers = (file: string) => HOMEWORKS.filter((hw) => givenPlan(KIT_ROOT, hw).copies.some((c) => c.file === file));
    expect(takers("cached.ts")).toEqual(["hw1", "hw2", "hw3", "hw4"]);
    expect(takers("linear.ts")).toEqual(["hw2", "hw4"]);
    expect(takers("gelu.ts")).toEqual(["hw4"]);
    expect(takers("activations.ts")).toEqual(["hw2"]);
    for (const hw of HOMEWORKS) {
      const plan = givenPlan(KIT_ROOT, hw);
      expect(plan.problems, hw).toEqual([]);
      for (const { file, text } of plan.copies) {
        expect(text.split("\n")[0]).toBe(givenHeader(file));
        expect(text.slice(text.indexOf("\n") + 1)).toBe(readFileSync(join(KIT_ROOT, GIVEN_DIR, file), "utf8"));
        for (const copy of [`reference/${hw}/${file}`, `${hw}/${file}`]) {
          expect(readFileSync(join(KIT_ROOT, copy), "utf8"), `${copy} differs from ${GIVEN_DIR}/${file}`).toBe(text);
        }
      }
    }
  });

  it("no homework file is marked as given code unless its homework lists it", () => {
    for (const hw of HOMEWORKS) {
      const listed = givenPlan(KIT_ROOT, hw).copies.map((c) => c.file);
      for (const dir of [`reference/${hw}`, hw]) {
        const marked = tsFiles(join(KIT_ROOT, dir)).filter((f) => isGivenCopy(readFileSync(join(KIT_ROOT, dir, f), "utf8")));
        expect(marked.sort(), dir).toEqual([...listed].sort());
      }
    }
  });

  it("a homework imports only its own folder, #ndarray and packages; given code only #ndarray, packages and given files", () => {
    const outside: string[] = [];
    for (const dir of [...HOMEWORKS.flatMap((hw) => [`reference/${hw}`, hw]), GIVEN_DIR]) {
      const root = join(KIT_ROOT, dir);
      for (const file of tsFiles(root)) {
        const path = join(root, file);
        for (const { fileName: spec } of ts.preProcessFile(readFileSync(path, "utf8"), true, false).importedFiles) {
          const leaves = spec.startsWith(".") ? relative(root, resolve(dirname(path), spec)).startsWith("..") : spec.startsWith("/") || (spec.startsWith("#") && spec !== "#ndarray");
          if (leaves) outside.push(`${dir}/${file} imports "${spec}"`);
        }
      }
    }
    expect(outside).toEqual([]);
  });
});

describe("npm run stubs and stubs:check on given code (a throw-away kit)", () => {
  let root: string;
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const CACHED = 'import { KitError } from "#ndarray";\n\nexport const cached = 1;\n';
  const LINEAR = 'import { cached } from "./cached.js";\n\nexport class Linear {\n  readonly c = cached;\n}\n';

  function kit(files: Record<string, string>): string {
    root = mkdtempSync(join(tmpdir(), "kit-given-"));
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return root;
  }

  function base(list: string): string {
    return kit({
      "reference/given/cached.ts": CACHED,
      "reference/given/linear.ts": LINEAR,
      "reference/hw7/given.json": list,
      "reference/hw7/index.ts": 'export * from "./linear.js";\n',
    });
  }

  it("writes each listed file with its header into reference/hwN/ and hwN/; check then passes", () => {
    base('["cached.ts", "linear.ts"]');
    const first = syncStubs(root, ["hw7"], false);
    expect(first).toEqual({ problems: [], written: 5 });
    const copy = `${givenHeader("linear.ts")}\n${LINEAR}`;
    expect(readFileSync(join(root, "reference/hw7/linear.ts"), "utf8")).toBe(copy);
    expect(readFileSync(join(root, "hw7/linear.ts"), "utf8")).toBe(copy);
    expect(syncStubs(root, ["hw7"], true)).toEqual({ problems: [], written: 0 });
  });

  it("check names both copies when the source changed, and a copy edited by hand", () => {
    base('["cached.ts", "linear.ts"]');
    syncStubs(root, ["hw7"], false);
    writeFileSync(join(root, "reference/given/linear.ts"), LINEAR.replace("cached;", "cached + 1;"));
    writeFileSync(join(root, "hw7/cached.ts"), "export const cached = 2;\n");
    expect(syncStubs(root, ["hw7"], true).problems).toEqual([
      "reference/hw7/linear.ts is out of date: it differs from reference/given/linear.ts",
      "hw7/cached.ts is out of date",
      "hw7/linear.ts is out of date",
    ]);
    expect(syncStubs(root, ["hw7"], false).problems).toEqual([]);
    expect(readFileSync(join(root, "hw7/linear.ts"), "utf8")).toContain("cached + 1;");
  });

  it("refuses a list that is not a list, a file the given folder lacks, and a missing dependency", () => {
    base('{"cached.ts": true}');
    expect(syncStubs(root, ["hw7"], true).problems[0]).toBe('reference/hw7/given.json must be a JSON list of file names in reference/given/, like ["cached.ts"]');
    writeFileSync(join(root, "reference/hw7/given.json"), '["linear.ts", "gelu.ts"]');
    expect(syncStubs(root, ["hw7"], false).problems).toEqual([
      'reference/given/linear.ts imports "./cached.js": add "cached.ts" to reference/hw7/given.json',
      "reference/hw7/given.json lists gelu.ts, which reference/given/ does not have",
    ]);
  });

  it("never overwrites a homework's own file, and names a copy no longer listed", () => {
    base('["cached.ts"]');
    writeFileSync(join(root, "reference/hw7/cached.ts"), "export const cached = 3;\n");
    expect(syncStubs(root, ["hw7"], false).problems).toEqual([
      "reference/hw7/cached.ts is hw7's own file, not given code; remove cached.ts from reference/hw7/given.json or rename the file",
    ]);
    expect(readFileSync(join(root, "reference/hw7/cached.ts"), "utf8")).toBe("export const cached = 3;\n");
    writeFileSync(join(root, "reference/hw7/cached.ts"), `${givenHeader("cached.ts")}\n${CACHED}`);
    writeFileSync(join(root, "reference/hw7/given.json"), "[]");
    expect(syncStubs(root, ["hw7"], true).problems).toContain(
      "reference/hw7/cached.ts is a copy of given code that reference/hw7/given.json does not list; delete it or list it",
    );
  });

  it("refuses given code with solution markers, and a name that is not a homework", () => {
    base('["cached.ts"]');
    writeFileSync(join(root, "reference/given/cached.ts"), "export function f(): number {\n  // BEGIN SOLUTION\n  return 1;\n  // END SOLUTION\n}\n");
    expect(syncStubs(root, ["hw7", "given"], true).problems).toEqual([
      "reference/given/cached.ts has solution markers; given code is complete and ships as it is",
      "hw7/index.ts is missing",
      '"given" is not a homework (hw0, hw1, …)',
    ]);
  });
});
