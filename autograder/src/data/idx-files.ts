/**
 * Where the digits' IDX files live and what they are called: all a trainer needs to find
 * them. Kept apart from digits.ts, which reads the `mnist` package to write them, so that a
 * handout whose trainer reads no digits (hw4's names) does not install that package.
 */
import { join } from "node:path";
import { KIT_ROOT } from "../paths.js";

/** Where `npm run data` writes and the trainers read, unless told otherwise. */
export const DEFAULT_DATA_DIR = join(KIT_ROOT, "data");

/** The IDX file names of a split, MNIST's own ("t10k" is the test split). */
export function idxFileNames(split: "train" | "t10k"): { images: string; labels: string } {
  return { images: `${split}-images-idx3-ubyte.gz`, labels: `${split}-labels-idx1-ubyte.gz` };
}
