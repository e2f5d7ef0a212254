/**
 * Writes a homework's challenge folder (files.ts names its files): the test inputs drawn
 * from the secret, and the validation set with its labels. For the handout and for the
 * instructors' checkout (`npm run challenge:data`); never the test labels.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DigitSplit } from "../data/digits.js";
import { encodeIdx } from "../data/idx.js";
import { challengeKind, type ChallengeInputs, type ChallengeSplit } from "./inputs.js";
import { imagesFile, labelsCsv, VALIDATION_LABELS, widthsFile } from "./files.js";
import { testSet, validationSet } from "./sets.js";
import type { ChallengeHomework } from "./spec.js";

/** The files of one set's inputs, by name. */
function inputFiles(hw: ChallengeHomework, split: ChallengeSplit, inputs: ChallengeInputs): [string, Buffer][] {
  const files: [string, Buffer][] = [[imagesFile(split), encodeIdx({ dims: [inputs.count, inputs.height, inputs.width], data: inputs.images })]];
  if (challengeKind(hw) === "strings") files.push([widthsFile(split), encodeIdx({ dims: [inputs.count], data: inputs.widths })]);
  return files;
}

/**
 * Every file of `hw`'s challenge folder, by name, its test inputs drawn from `secret` (this
 * checkout's by default); `from` stands in for the data's test split (sets.ts).
 */
export function challengeFileBytes(hw: ChallengeHomework, secret?: string, from?: DigitSplit): [string, Buffer][] {
  const validation = validationSet(hw, from);
  return [
    ...inputFiles(hw, "test", testSet(hw, secret, from).inputs),
    ...inputFiles(hw, "validation", validation.inputs),
    [VALIDATION_LABELS, Buffer.from(labelsCsv(validation.labels))],
  ];
}

/** Writes `hw`'s challenge folder into `dir` (created if needed); returns the paths written. */
export function writeChallengeFiles(dir: string, hw: ChallengeHomework, secret?: string, from?: DigitSplit): string[] {
  mkdirSync(dir, { recursive: true });
  return challengeFileBytes(hw, secret, from).map(([name, bytes]) => {
    writeFileSync(join(dir, name), bytes);
    return join(dir, name);
  });
}
