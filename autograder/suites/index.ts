/**
 * The suite of each homework, found from the folder layout: `hwN/index.ts` beside this file
 * means homework hwN exists, so adding one edits no list here. The sandboxed child bundles
 * the same file, so `SUITE_FILES` gives paths (relative to this folder) as well as loaders. A
 * handout ships one homework's suite folder only, so `homeworks()` lists just that one there.
 */
import { existsSync, readdirSync } from "node:fs";
import { UnknownHomeworkError } from "../src/errors.js";
import type { Suite } from "../src/suite.js";

const HOMEWORK_FOLDER = /^hw\d+$/;

/** Homework folders in numeric order (hw10 after hw9), each holding an `index.ts`. */
function discoverSuiteFiles(): Record<string, string> {
  const folders = readdirSync(new URL(".", import.meta.url), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && HOMEWORK_FOLDER.test(entry.name))
    .map((entry) => entry.name)
    .filter((hw) => existsSync(new URL(`./${hw}/index.ts`, import.meta.url)))
    .sort((a, b) => Number(a.slice(2)) - Number(b.slice(2)));
  return Object.fromEntries(folders.map((hw) => [hw, `${hw}/index.ts`]));
}

export const SUITE_FILES: Readonly<Record<string, string>> = discoverSuiteFiles();

export function homeworks(): string[] {
  return Object.keys(SUITE_FILES);
}

export async function loadSuite(hw: string): Promise<Suite> {
  const file = Object.hasOwn(SUITE_FILES, hw) ? SUITE_FILES[hw] : undefined;
  if (file === undefined) throw new UnknownHomeworkError(hw, homeworks());
  const mod = (await import(new URL(`./${file}`, import.meta.url).href)) as { default: Suite };
  return mod.default;
}
