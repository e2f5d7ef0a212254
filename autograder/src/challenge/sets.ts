/**
 * The challenges' data sets, built from the kit's digits (the `mnist` package, split as
 * data/digits.ts does). Both sets draw their source digits from the data's TEST split,
 * which honest students never train on:
 *
 *   - validation: every fourth digit of the test split (500; its order interleaves the
 *     classes in proportion, so this is a proportional sample), each distorted twice
 *     (1 000 images, which halves the noise the distortions add to the estimate), from a
 *     PUBLIC seed, labels shipped;
 *   - test: the other 1 500 digits, each distorted once, from the SECRET seed (secret.ts),
 *     in a secret order; labels never shipped.
 *
 * So no test image shares its source digit with a validation image: holding the validation
 * set, with its labels and its seed, tells nothing about any test label. The training
 * split is no source for validation because students train on it: a model scores higher
 * on digits it has seen, and validation would promise a score the test does not give.
 *
 * hw3's sets are strings of 2–5 digits (test 500, validation 300), each digit drawn from
 * its set's source digits as a stream of seeded permutations (every source once before
 * any twice), distorted, cut to its 20-column box and set left to right with gaps of 0,
 * 2 or 4 pixels. hw1 and hw2 have sets of their own (the seed names the homework).
 */
import { Generator } from "#ndarray";
import { packageDigits, type DigitSplit } from "../data/digits.js";
import { distortDigit, SIDE } from "./distort.js";
import {
  challengeKind,
  DIGIT_COLUMNS,
  FIRST_DIGIT_COLUMN,
  MAX_STRING_DIGITS,
  MIN_STRING_DIGITS,
  STRING_GAPS,
  STRING_WIDTH,
  type ChallengeInputs,
  type ChallengeSplit,
} from "./inputs.js";
import { challengeSecret } from "./secret.js";
import type { ChallengeHomework, ChallengeLabels } from "./spec.js";

const PIXELS = SIDE * SIDE;
const VALIDATION_EVERY = 4;
const VALIDATION_COPIES = 2;
/** hw3's strings per source digit: 500 test strings from 1 500 sources, 300 validation strings from 500. */
const STRINGS_PER_SOURCE: Record<ChallengeSplit, number> = { test: 1 / 3, validation: 3 / 5 };

/** A set's inputs and their labels (a digit, or a string of digits). */
export interface ChallengeSet {
  inputs: ChallengeInputs;
  labels: string[];
}

/** The source digits of a set: a share of `all`, the data's test split (see above). */
export function sourceDigits(split: ChallengeSplit, all: DigitSplit = packageDigits().test): DigitSplit {
  const picked = Array.from(all.labels.keys()).filter((i) => (i % VALIDATION_EVERY === VALIDATION_EVERY - 1) === (split === "validation"));
  const images = new Uint8Array(picked.length * PIXELS);
  picked.forEach((i, n) => images.set(all.images.subarray(i * PIXELS, (i + 1) * PIXELS), n * PIXELS));
  return { images, labels: Uint8Array.from(picked, (i) => all.labels[i]) };
}

const digitOf = (sources: DigitSplit, i: number) => sources.images.subarray(i * PIXELS, (i + 1) * PIXELS);

/** Each source `copies` times, in a seeded order, each copy distorted anew. */
function digitSet(sources: DigitSplit, copies: number, rng: Generator): ChallengeSet {
  const n = sources.labels.length;
  const order = rng.permutation(n * copies).toTypedArray();
  const images = new Uint8Array(order.length * PIXELS);
  order.forEach((k, at) => images.set(distortDigit(digitOf(sources, k % n), rng), at * PIXELS));
  return {
    inputs: { count: order.length, height: SIDE, width: SIDE, images, widths: new Uint8Array(order.length).fill(SIDE) },
    labels: Array.from(order, (k) => String(sources.labels[k % n])),
  };
}

/** `count` strings of distorted source digits (see above). */
function stringSet(sources: DigitSplit, count: number, rng: Generator): ChallengeSet {
  const images = new Uint8Array(count * SIDE * STRING_WIDTH);
  const widths = new Uint8Array(count);
  const labels: string[] = [];
  let stream = new Int32Array(0);
  let next = 0;
  const nextSource = () => {
    if (next === stream.length) [stream, next] = [Int32Array.from(rng.permutation(sources.labels.length).toTypedArray()), 0];
    return stream[next++];
  };
  const pick = (choices: number) => Math.floor(rng.uniformDouble() * choices);
  for (let s = 0; s < count; s++) {
    const digits = MIN_STRING_DIGITS + pick(MAX_STRING_DIGITS - MIN_STRING_DIGITS + 1);
    const image = images.subarray(s * SIDE * STRING_WIDTH, (s + 1) * SIDE * STRING_WIDTH);
    let label = "";
    let left = 0;
    for (let d = 0; d < digits; d++) {
      const source = nextSource();
      const digit = distortDigit(digitOf(sources, source), rng);
      for (let r = 0; r < SIDE; r++) {
        image.set(digit.subarray(r * SIDE + FIRST_DIGIT_COLUMN, r * SIDE + FIRST_DIGIT_COLUMN + DIGIT_COLUMNS), r * STRING_WIDTH + left);
      }
      label += String(sources.labels[source]);
      left += DIGIT_COLUMNS + (d < digits - 1 ? STRING_GAPS[pick(STRING_GAPS.length)] : 0);
    }
    widths[s] = left;
    labels.push(label);
  }
  return { inputs: { count, height: SIDE, width: STRING_WIDTH, images, widths }, labels };
}

function buildSet(hw: ChallengeHomework, split: ChallengeSplit, rng: Generator, from: DigitSplit | undefined): ChallengeSet {
  const sources = sourceDigits(split, from);
  if (challengeKind(hw) === "strings") return stringSet(sources, Math.round(sources.labels.length * STRINGS_PER_SOURCE[split]), rng);
  return digitSet(sources, split === "validation" ? VALIDATION_COPIES : 1, rng);
}

/**
 * The public validation set of `hw`, with its labels. `from` stands in for the data's test
 * split (tests build small sets from a few of its digits).
 */
export function validationSet(hw: ChallengeHomework, from?: DigitSplit): ChallengeSet {
  return buildSet(hw, "validation", new Generator(`challenge/${hw}/validation`), from);
}

/** The test set of `hw` drawn from `secret` (this checkout's, by default): the same secret gives the same bytes. */
export function testSet(hw: ChallengeHomework, secret: string = challengeSecret(), from?: DigitSplit): ChallengeSet {
  return buildSet(hw, "test", new Generator(`${secret}/${hw}/test`), from);
}

/** The hidden answers of `hw`'s test set, for the grading packages (needs the secret). */
export function testLabels(hw: ChallengeHomework, secret: string = challengeSecret(), from?: DigitSplit): ChallengeLabels {
  return { hw, labels: testSet(hw, secret, from).labels };
}
