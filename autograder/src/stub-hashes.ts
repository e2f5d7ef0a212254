/**
 * Fingerprints of a homework's untouched stubs, so `npm run submit` can refuse a handin
 * that changes nothing. A handout records them when it is built
 * (`autograder/stub-hashes.json`); in the instructors' repository they are computed
 * from `reference/` with the stub generator, which handouts do not ship.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { KIT_ROOT } from "./paths.js";

export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export const STUB_HASHES_FILE = join(KIT_ROOT, "autograder", "stub-hashes.json");

/** sha256 of each stub file of `hw`, by path relative to `hw/`. */
export async function stubHashes(hw: string): Promise<Record<string, string>> {
  if (existsSync(STUB_HASHES_FILE)) {
    const recorded = JSON.parse(readFileSync(STUB_HASHES_FILE, "utf8")) as { hw: string; files: Record<string, string> };
    return recorded.hw === hw ? recorded.files : {};
  }
  const refDir = join(KIT_ROOT, "reference", hw);
  if (!existsSync(refDir)) return {};
  // A computed specifier: handouts have no stub generator, and their type-check must not look for one.
  const { makeStub } = (await import(pathToFileURL(join(KIT_ROOT, "autograder/src/stubgen.ts")).href)) as {
    makeStub: (source: string, file: string) => string;
  };
  const files = readdirSync(refDir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
  return Object.fromEntries(files.map((f) => [f, sha256(makeStub(readFileSync(join(refDir, f), "utf8"), `reference/${hw}/${f}`))]));
}
