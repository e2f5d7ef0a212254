/**
 * The input pipeline of a training run, as needle's (CMU 10-414 hw2) and PyTorch's Dataset
 * and DataLoader: a Dataset holds images (N, C, H, W) and int labels (N) and hands out one
 * sample at a time with its transforms applied; a DataLoader cuts an epoch into minibatches,
 * in order or in a freshly shuffled order every epoch.
 *
 * The pinned order of work and draws, so that a student's batches equal the reference's:
 *
 *   Dataset.get(i): image i (a (C, H, W) view), passed through the transforms in list order
 *       (each makes its own draws, see transforms.ts), and label i as a number.
 *   DataLoader epoch: with `shuffle`, ONE draw at the start of every epoch,
 *       order = rng.permutation(N) (N − 1 uniforms of the loader's Generator); without it,
 *       order = 0, 1, …, N − 1 and nothing is drawn. Batch b holds the samples
 *       order[b·B], …, order[b·B + B − 1] (the last one shorter unless `dropLast`), each read
 *       with dataset.get in that order when the batch is made: X = their images stacked on a
 *       new axis 0, (n, C, H, W); y = their labels, int32 (n). With `dropLast` a last batch
 *       shorter than B is not made, and its samples are never read (they draw nothing).
 *
 * So when the transforms share the loader's Generator, an epoch draws the permutation first,
 * then each sample's transform draws, sample by sample in batch order.
 * See handouts/hw2.md §13.
 */
import { array, IndexError, ShapeError, stack, ValueError, type Generator, type NDArray } from "#ndarray";
import { checkInput, checkIntegers } from "./errors.js";
import type { Transform } from "./transforms.js";

/** One sample: an image (C, H, W) and its label. */
export interface Sample {
  image: NDArray;
  label: number;
}

/** One minibatch: images (n, C, H, W) and int32 labels (n). */
export interface Batch {
  X: NDArray;
  y: NDArray;
}

/** What a DataLoader reads: N samples by index (a Dataset, or anything shaped like one). */
export interface Samples {
  readonly length: number;
  get(i: number): Sample;
}

export class Dataset implements Samples {
  constructor(
    readonly images: NDArray,
    readonly labels: NDArray,
    readonly transforms: readonly Transform[] = [],
  ) {
    checkInput("Dataset", images, 4, "[N,C,H,W]");
    if (labels.ndim !== 1 || labels.shape[0] !== images.shape[0]) {
      throw new ShapeError("Dataset", `expected labels of shape [${images.shape[0]}] (one per image), got [${labels.shape.join(",")}]`);
    }
  }

  /** The number of samples, N. */
  get length(): number {
    return this.images.shape[0];
  }

  /** Sample i, with every transform applied in list order. */
  get(i: number): Sample {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) throw new IndexError("Dataset.get", `index ${i} is out of range for ${this.length} samples`);
    // Hint: this.images.slice(i) is image i as a (C, H, W) view; this.labels.slice(i).item() is its label.
    // BEGIN SOLUTION
    const image = this.transforms.reduce((x, t) => t.apply(x), this.images.slice(i));
    return { image, label: this.labels.slice(i).item() };
    // END SOLUTION
  }
}

export interface DataLoaderOptions {
  /** Samples per batch (default 1). */
  batchSize?: number;
  /** Visit the samples in a fresh order drawn from `rng` every epoch (default false). */
  shuffle?: boolean;
  /** Leave out a last batch shorter than batchSize (default false). */
  dropLast?: boolean;
  /** The Generator the shuffle draws from; required with `shuffle`. */
  rng?: Generator;
}

/** Minibatches of a Dataset, one epoch per iteration: `for (const { X, y } of loader)`. */
export class DataLoader implements Iterable<Batch> {
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  readonly rng?: Generator;

  constructor(readonly dataset: Samples, opts: DataLoaderOptions = {}) {
    this.batchSize = opts.batchSize ?? 1;
    this.shuffle = opts.shuffle ?? false;
    this.dropLast = opts.dropLast ?? false;
    this.rng = opts.rng;
    checkIntegers("DataLoader", { batchSize: this.batchSize });
    if (this.shuffle && this.rng === undefined) throw new ValueError("DataLoader", "shuffle needs a Generator: pass { shuffle: true, rng }");
  }

  /** Batches per epoch: ⌈N/B⌉, or ⌊N/B⌋ with dropLast. */
  get length(): number {
    // BEGIN SOLUTION
    const batches = this.dataset.length / this.batchSize;
    return this.dropLast ? Math.floor(batches) : Math.ceil(batches);
    // END SOLUTION
  }

  [Symbol.iterator](): Iterator<Batch> {
    return this.epoch();
  }

  /** One epoch's batches, made one at a time as they are asked for. */
  *epoch(): IterableIterator<Batch> {
    // Hint: a generator method; `yield { X, y }` once per batch. stack(images, 0) makes X.
    // BEGIN SOLUTION
    const N = this.dataset.length;
    const B = this.batchSize;
    const order = this.rng !== undefined && this.shuffle ? this.rng.permutation(N).toTypedArray() : Int32Array.from({ length: N }, (_, i) => i);
    for (let b = 0; b < this.length; b++) {
      const samples = Array.from(order.subarray(b * B, (b + 1) * B), (i) => this.dataset.get(i));
      const X = stack(samples.map((s) => s.image), 0);
      yield { X, y: array(Int32Array.from(samples, (s) => s.label), { device: X.device }) };
    }
    // END SOLUTION
  }
}
