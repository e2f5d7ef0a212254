/**
 * Where the grader finds a challenge's hidden test labels:
 *
 * - in an Autolab or Gradescope package (and a class run's fixtures folder), the file
 *   LABELS_FILE beside the fixtures, which the package step writes from `testLabels`;
 * - in the instructors' checkout, from `testLabels` itself, which derives them from the
 *   course's secret;
 * - nowhere in a student's handout: its report says the course autograder scores Part 2.
 *
 * The module holding `testLabels` is loaded by a URL that the packaging's import scan
 * (package/source-files.ts) does not follow, so no tree ever ships the code that knows the
 * secret; packages carry the labels file instead, and handouts neither.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { KitError } from "#ndarray";
import { referenceEntry } from "../target.js";
import { isChallengeHomework } from "./config.js";
import type { ChallengeHomework, ChallengeLabels } from "./spec.js";

/** The labels file's name inside a fixtures folder. */
export const LABELS_FILE = "challenge-labels.json";

/** The student-side module exporting `testLabels(hw)`: a bare name, so the packaging scan never follows it. */
const LABELS_MODULE = new URL("sets.ts", import.meta.url);

export type LabelSource = { kind: "file"; file: string } | { kind: "checkout" } | { kind: "none" };

/** Where `hw`'s labels come from for a run reading fixtures from `fixturesDir` (when given). */
export function labelSource(hw: string, fixturesDir?: string): LabelSource {
  if (fixturesDir !== undefined && existsSync(join(fixturesDir, LABELS_FILE))) return { kind: "file", file: join(fixturesDir, LABELS_FILE) };
  return referenceEntry(hw) !== undefined ? { kind: "checkout" } : { kind: "none" };
}

function isLabels(x: unknown, hw: ChallengeHomework): x is ChallengeLabels {
  if (typeof x !== "object" || x === null || !("hw" in x) || !("labels" in x)) return false;
  return x.hw === hw && Array.isArray(x.labels) && x.labels.length > 0 && x.labels.every((l) => typeof l === "string");
}

/** `hw`'s test labels from the instructors' checkout (the secret's derivation). */
export async function checkoutLabels(hw: ChallengeHomework): Promise<ChallengeLabels> {
  if (!existsSync(LABELS_MODULE)) throw new KitError("E_CHALLENGE_LABELS", `${hw}'s test labels: autograder/src/challenge/sets.ts (testLabels) is missing from this checkout`);
  const mod: unknown = await import(LABELS_MODULE.href);
  if (typeof mod !== "object" || mod === null || !("testLabels" in mod) || typeof mod.testLabels !== "function") {
    throw new KitError("E_CHALLENGE_LABELS", `${hw}'s test labels: autograder/src/challenge/sets.ts does not export testLabels`);
  }
  const labels: unknown = await mod.testLabels(hw);
  if (!isLabels(labels, hw)) throw new KitError("E_CHALLENGE_LABELS", `${hw}'s test labels: testLabels("${hw}") did not return ${hw}'s labels`);
  return labels;
}

export function readLabelsFile(file: string, hw: ChallengeHomework): ChallengeLabels {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new KitError("E_CHALLENGE_LABELS", `${file}: cannot read the test labels (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!isLabels(parsed, hw)) throw new KitError("E_CHALLENGE_LABELS", `${file}: not ${hw}'s test labels ({"hw": "${hw}", "labels": [strings]})`);
  return parsed;
}

export function writeLabelsFile(dir: string, labels: ChallengeLabels): string {
  const file = join(dir, LABELS_FILE);
  writeFileSync(file, `${JSON.stringify(labels)}\n`);
  return file;
}

/** The labels a source holds; undefined for a source without them. */
export async function labelsFrom(source: LabelSource, hw: ChallengeHomework): Promise<ChallengeLabels | undefined> {
  if (source.kind === "file") return readLabelsFile(source.file, hw);
  return source.kind === "checkout" ? checkoutLabels(hw) : undefined;
}

/**
 * Puts `hw`'s labels beside the fixtures of a grading tree written at `treeDir` (an Autolab
 * or Gradescope package, never a handout); nothing for a homework without a challenge.
 * Returns the file written, if any.
 */
export async function writePackageLabels(treeDir: string, hw: string): Promise<string | undefined> {
  if (!isChallengeHomework(hw)) return undefined;
  return writeLabelsFile(join(treeDir, "fixtures", hw), await checkoutLabels(hw));
}
