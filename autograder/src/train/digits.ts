/**
 * The digits as the trainers of hw1 and later read them, with the kit's own IDX reader (so
 * they do not depend on a student's hw0): features standardised as hw0's normalizeImages
 * does, with MNIST's mean and standard deviation, and int32 labels.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { KitError, NDArray } from "#ndarray";
import { decodeIdx } from "../data/idx.js";
import { idxFileNames } from "../data/idx-files.js";

/** MNIST's pixel mean and standard deviation (of pixel/255), which every trainer standardises with. */
export const MNIST_MEAN = 0.1307;
export const MNIST_STD = 0.3081;

export interface Features {
  /** float32 (N, 784), (pixel/255 − mean)/std. */
  X: NDArray;
  /** int32 (N). */
  y: NDArray;
}

/** Fails with one line that says how to make the data, when a split's files are missing. */
export function requireDigits(dir: string): void {
  for (const split of ["train", "t10k"] as const) {
    for (const name of Object.values(idxFileNames(split))) {
      if (!existsSync(join(dir, name))) {
        throw new KitError("E_NO_DATA", `${relative(process.cwd(), join(dir, name)) || name} does not exist: run \`npm run data\` first (it writes the digits into data/, offline)`);
      }
    }
  }
}

export function loadFeatures(dir: string, split: "train" | "t10k"): Features {
  const names = idxFileNames(split);
  const images = decodeIdx(readFileSync(join(dir, names.images)), names.images, 3);
  const labels = decodeIdx(readFileSync(join(dir, names.labels)), names.labels, 1);
  const [N, H, W] = images.dims;
  const pixels = Float32Array.from(images.data, (v) => (v / 255 - MNIST_MEAN) / MNIST_STD);
  return { X: NDArray.fromTypedArray(pixels, [N, H * W]), y: NDArray.fromTypedArray(Int32Array.from(labels.data), [N]) };
}

/** The first `limit` rows (all when undefined). */
export function firstRows(f: Features, limit: number | undefined): Features {
  if (limit === undefined || limit >= f.y.shape[0]) return f;
  return { X: f.X.slice(`0:${limit}`).compact(), y: f.y.slice(`0:${limit}`).compact() };
}

/** The fraction of rows whose largest logit is not the label. */
export function classificationError(Z: NDArray, y: NDArray): number {
  return Z.argmax(1).ne(y).astype("float64").mean().item();
}
