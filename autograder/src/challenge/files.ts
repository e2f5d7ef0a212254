/**
 * The challenge's files in a handout, `challenge/hwN/`: each set's images as a gzipped IDX
 * file (count × 28 × width unsigned bytes, as the digits in data/), for strings also their
 * used widths (IDX, one byte each), and the validation labels as CSV (`id,label`). What
 * `npm run challenge` reads; the test labels are never among them.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { KitError } from "#ndarray";
import { decodeIdx } from "../data/idx.js";
import { KIT_ROOT } from "../paths.js";
import { challengeKind, type ChallengeInputs, type ChallengeSplit } from "./inputs.js";
import type { ChallengeHomework } from "./spec.js";

/** Where a homework's challenge files are, in the kit's repository and in a handout alike. */
export const challengeDir = (hw: ChallengeHomework, root: string = KIT_ROOT) => join(root, "challenge", hw);

export const imagesFile = (split: ChallengeSplit) => `${split}-images-idx3-ubyte.gz`;
export const widthsFile = (split: ChallengeSplit) => `${split}-widths-idx1-ubyte.gz`;
export const VALIDATION_LABELS = "validation-labels.csv";
export const LABELS_HEADER = "id,label";

/** The files a homework's challenge folder holds. */
export function challengeFiles(hw: ChallengeHomework): string[] {
  const strings = challengeKind(hw) === "strings";
  return (["test", "validation"] as const).flatMap((split) => [imagesFile(split), ...(strings ? [widthsFile(split)] : [])]).concat(VALIDATION_LABELS);
}

/** A challenge file that is missing or not what it should be; the message names it. */
export class ChallengeFileError extends KitError {
  constructor(file: string, detail: string) {
    super("E_CHALLENGE_FILE", `${relative(process.cwd(), file) || file}: ${detail}`);
  }
}

function read(file: string): Buffer {
  if (!existsSync(file)) {
    throw new ChallengeFileError(file, "does not exist (a handout ships it; in the kit's repository `npm run challenge:data` writes it)");
  }
  return readFileSync(file);
}

/** A set's inputs, from `dir`. */
export function readInputs(dir: string, hw: ChallengeHomework, split: ChallengeSplit): ChallengeInputs {
  const file = join(dir, imagesFile(split));
  const { dims, data } = decodeIdx(read(file), imagesFile(split), 3);
  const [count, height, width] = dims;
  if (challengeKind(hw) === "digits") return { count, height, width, images: data, widths: new Uint8Array(count).fill(width) };
  const widthsPath = join(dir, widthsFile(split));
  const widths = decodeIdx(read(widthsPath), widthsFile(split), 1).data;
  if (widths.length !== count) throw new ChallengeFileError(widthsPath, `${widths.length} widths for ${count} images`);
  return { count, height, width, images: data, widths };
}

/** The validation labels (`labels[id]`), from `dir`. */
export function readValidationLabels(dir: string, count: number): string[] {
  const file = join(dir, VALIDATION_LABELS);
  const lines = read(file).toString("utf8").trimEnd().split("\n");
  if (lines[0] !== LABELS_HEADER) throw new ChallengeFileError(file, `the first line must be "${LABELS_HEADER}"`);
  const labels = new Array<string>(count);
  lines.slice(1).forEach((line, n) => {
    const [id, label] = line.split(",");
    if (id !== String(n) || label === undefined || !/^\d*$/.test(label)) throw new ChallengeFileError(file, `line ${n + 2} is not "${n},<digits>"`);
    labels[n] = label;
  });
  if (lines.length - 1 !== count) throw new ChallengeFileError(file, `${lines.length - 1} labels for ${count} images`);
  return labels;
}

/** The validation labels' CSV text. */
export function labelsCsv(labels: readonly string[]): string {
  return `${[LABELS_HEADER, ...labels.map((label, id) => `${id},${label}`)].join("\n")}\n`;
}
