/**
 * A challenge set's inputs as the handout ships them and `npm run challenge` reads them:
 * grey-level images (28 rows; 28 columns for a digit, up to STRING_WIDTH for a string of
 * digits, black to the right of its used width) and, for strings, each image's used width.
 */
import type { ChallengeHomework } from "./spec.js";

export type ChallengeSplit = "test" | "validation";

export interface ChallengeInputs {
  count: number;
  height: number;
  width: number;
  /** count·height·width grey levels (0 black … 255 white ink), image after image, row-major. */
  images: Uint8Array;
  /** The columns each image uses, from the left (the full width for a digit). */
  widths: Uint8Array;
}

/** What a homework's challenge reads: one digit per image (hw1, hw2), or a string of 2–5 digits (hw3). */
export function challengeKind(hw: ChallengeHomework): "digits" | "strings" {
  return hw === "hw3" ? "strings" : "digits";
}

/** Digits in a string, and the columns of a 28×28 digit a string keeps: 4 … 23, the 20-pixel box MNIST centres its digits in. */
export const MIN_STRING_DIGITS = 2;
export const MAX_STRING_DIGITS = 5;
export const DIGIT_COLUMNS = 20;
export const FIRST_DIGIT_COLUMN = 4;
/** The gaps drawn between a string's digits, in pixels (even, so a 2×2 pooling keeps the digits apart from the gaps). */
export const STRING_GAPS = [0, 2, 4] as const;
/** The widest string: five digits and four of the widest gaps. */
export const STRING_WIDTH = MAX_STRING_DIGITS * DIGIT_COLUMNS + (MAX_STRING_DIGITS - 1) * Math.max(...STRING_GAPS);
