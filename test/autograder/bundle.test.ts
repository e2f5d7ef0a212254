/**
 * Bundling a homework folder that lives outside the kit (as an unpacked handin does):
 * installed packages resolve from the kit's node_modules, no tsconfig.json of the handin
 * is read, and compile errors name files inside the folder only, the same whether a file
 * outside it exists or not.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bundleSubmission } from "../../autograder/src/bundle.js";
import { KIT_ROOT } from "../../autograder/src/paths.js";

const work = mkdtempSync(join(tmpdir(), "kit-bundle-test-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const SUITE = join(KIT_ROOT, "autograder/suites/hw1/index.ts");

let made = 0;
/** Writes `files` into `<fresh>/hw1/`, bundles it; resolves to the bundle's text, or rejects with the compile error. */
async function bundle(files: Record<string, string>): Promise<string> {
  const root = join(work, `case-${++made}`);
  const hwDir = join(root, "hw1");
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(hwDir, path, ".."), { recursive: true });
    writeFileSync(join(hwDir, path), text);
  }
  const outFile = join(root, "bundle.mjs");
  await bundleSubmission({ hwDir, suiteFile: SUITE, outFile });
  return readFileSync(outFile, "utf8");
}

async function compileError(files: Record<string, string>): Promise<string> {
  const err: unknown = await bundle(files).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toMatchObject({ code: "E_SUBMISSION_COMPILE" });
  const message = (err as Error).message;
  expect(message).not.toContain(work);
  expect(message).not.toContain(KIT_ROOT);
  return message;
}

describe("bundling a homework folder outside the kit", () => {
  it("resolves an installed package from the kit's node_modules", async () => {
    const text = await bundle({ "index.ts": 'import seedrandom from "seedrandom";\nexport const draw = seedrandom("x")();\n' });
    expect(text).toContain("node_modules/seedrandom/");
  });

  it("reads no tsconfig.json of the handin: extends of an existing and a missing file change nothing", async () => {
    for (const target of ["/etc/passwd", "/etc/nonexistent"]) {
      await expect(bundle({ "index.ts": "export const a = 1;\n", "tsconfig.json": JSON.stringify({ extends: target }) })).resolves.toContain("export");
    }
    const errors = await Promise.all(
      ["/etc/passwd", "/etc/nonexistent"].map((target) => compileError({ "index.ts": "export const a = = 1;\n", "tsconfig.json": JSON.stringify({ extends: target }) })),
    );
    expect(errors[0]).toBe(errors[1]);
    expect(errors[0]).toBe('your code does not compile:\nhw1/index.ts:1:17: Unexpected "="');
  });

  it("names a file of the homework by its path inside the folder", async () => {
    const message = await compileError({ "index.ts": 'export * from "./sub/linear.js";\n', "sub/linear.ts": "export const a = 1;\nexport const b = = 2;\n" });
    expect(message).toBe('your code does not compile:\nhw1/sub/linear.ts:2:17: Unexpected "="');
  });

  it.each([
    ["an absolute path", "/etc/passwd", "/etc/nonexistent"],
    ["a relative path", "../../../../../../../../etc/passwd", "../../../../../../../../etc/nonexistent"],
  ])("refuses an import of %s outside the folder from its text alone", async (_what, exists, missing) => {
    const [a, b] = await Promise.all([exists, missing].map((p) => compileError({ "index.ts": `import x from ${JSON.stringify(p)};\nexport const y = x;\n` })));
    expect(a).toBe(`your code does not compile:\nhw1/index.ts:1:14: imports files outside the homework folder, which the grader does not allow: "${exists}"`);
    expect(b.replace("nonexistent", "passwd")).toBe(a);
  });

  it.each([
    ["a package subpath", (p: string) => ({ "index.ts": `import x from "seedrandom/../../../../../../../..${p}";\nexport const y = x;\n` })],
    [
      "a folder whose package.json points outside",
      (p: string) => ({ "index.ts": 'import x from "./p";\nexport const y = x;\n', "p/package.json": JSON.stringify({ main: `../../../../../../../..${p}` }) }),
    ],
  ])("gives the same error through %s whether the file outside exists or not", async (_what, files) => {
    const [a, b] = await Promise.all(["/etc/passwd", "/etc/nonexistent"].map((p) => compileError(files(p))));
    expect(a).toMatch(/^your code does not compile:\nhw1\/index\.ts:1:14: Could not resolve "/);
    expect(b.replace("nonexistent", "passwd")).toBe(a);
  });

  it("names no file outside the folder in esbuild's own messages", async () => {
    const message = await compileError({ "index.ts": 'import { noSuchExport } from "#ndarray";\nexport const y = noSuchExport;\n' });
    expect(message).toBe('your code does not compile:\nhw1/index.ts:1:9: No matching export in (a file outside your homework folder) for import "noSuchExport"');
  });

  it("strips escape sequences from the import paths it quotes", async () => {
    const message = await compileError({ "index.ts": 'import x from "./\u001b[31mmissing.js";\nexport const y = x;\n' });
    expect(message).toBe('your code does not compile:\nhw1/index.ts:1:14: Could not resolve "./missing.js"');
  });
});
