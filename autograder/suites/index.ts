/**
 * The suite of each homework, by folder name. The sandboxed child bundles the same file,
 * so `SUITE_FILES` gives paths (relative to this folder) as well as loaders.
 */
import { UnknownHomeworkError } from "../src/errors.js";
import type { Suite } from "../src/suite.js";

export const SUITE_FILES: Readonly<Record<string, string>> = {
  hw1: "hw1/index.ts",
};

export function homeworks(): string[] {
  return Object.keys(SUITE_FILES);
}

export async function loadSuite(hw: string): Promise<Suite> {
  const file = SUITE_FILES[hw];
  if (file === undefined) throw new UnknownHomeworkError(hw, homeworks());
  const mod = (await import(`./${file}`)) as { default: Suite };
  return mod.default;
}
