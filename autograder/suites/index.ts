/**
 * The suite of each homework, by folder name. The sandboxed child bundles the same file,
 * so `SUITE_FILES` gives paths (relative to this folder) as well as loaders. A handout
 * ships one homework's suite only: `homeworks()` lists the suites present.
 */
import { existsSync } from "node:fs";
import { UnknownHomeworkError } from "../src/errors.js";
import type { Suite } from "../src/suite.js";

export const SUITE_FILES: Readonly<Record<string, string>> = {
  hw0: "hw0/index.ts",
  hw1: "hw1/index.ts",
  hw2: "hw2/index.ts",
  hw3: "hw3/index.ts",
  hw4: "hw4/index.ts",
};

export function homeworks(): string[] {
  return Object.keys(SUITE_FILES).filter((hw) => existsSync(new URL(SUITE_FILES[hw], import.meta.url)));
}

export async function loadSuite(hw: string): Promise<Suite> {
  const file = homeworks().includes(hw) ? SUITE_FILES[hw] : undefined;
  if (file === undefined) throw new UnknownHomeworkError(hw, homeworks());
  const mod = (await import(`./${file}`)) as { default: Suite };
  return mod.default;
}
