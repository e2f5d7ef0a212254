/**
 * §13 Bonus: Dataset and DataLoader. The loader cases return every batch of an epoch joined
 * back together (X, y) and the batch sizes, so a lost or extra batch is a shape error and a
 * wrong order is a value error naming the first sample out of place. Labels are distinct
 * (a permutation of 0…N−1), so y reads as the order in which the samples came.
 *
 * The seeded cases build their generators from `size.seed`: a shuffled epoch matches the
 * reference's only with ONE rng.permutation(N) at the start of every epoch, and the
 * pipeline case shares that generator with the transforms, so the permutation, then each
 * sample's flip and crop draws in batch order, must all come in the pinned order (two
 * epochs, so a drift in epoch 1 shows in epoch 2's order). Its dropLast variant catches
 * samples of the dropped batch being read (and drawing).
 */
import { array, concat, Generator, stack, type NDArray } from "#ndarray";
import { defineCase, type CaseSpec, type Inputs, type Outputs, type Size } from "../../src/suite.js";
import { num } from "./draw.js";
import type { HW2 } from "./types.js";

type Loader = InstanceType<HW2["DataLoader"]>;

/** N images (N, C, H, W) in (0, 1] and distinct int32 labels (a permutation of 0…N−1). */
function samples(rng: Generator, size: Size): Record<string, NDArray> {
  const shape = ["N", "C", "H", "W"].map((k) => num(size, k));
  return { images: rng.rand(shape).rsub(1), labels: rng.permutation(shape[0]) };
}

/** Numbers as an int32 array (n). */
const int32 = (values: Iterable<number>) => array(Int32Array.from(values));

/**
 * One epoch of `loader` as X<suffix>, y<suffix>, sizes<suffix>: its batches joined along axis
 * 0 (no rows when it yields no batch, so a lost batch is a shape error, not a crash), and
 * each batch's size.
 */
function epoch(loader: Loader, inputs: Inputs, suffix = ""): Outputs {
  const batches = [...loader];
  const joined = (pick: (b: (typeof batches)[number]) => NDArray, none: NDArray) => (batches.length === 0 ? none.slice("0:0") : concat(batches.map(pick), 0));
  return {
    [`X${suffix}`]: joined((b) => b.X, inputs.images),
    [`y${suffix}`]: joined((b) => b.y, inputs.labels),
    [`sizes${suffix}`]: int32(batches.map((b) => b.X.shape[0])),
  };
}

/** The transforms [RandomFlipHorizontal(p), RandomCrop(padding)], both drawing from `rng`. */
function augmentations(hw: HW2, size: Size, rng: Generator) {
  return [new hw.RandomFlipHorizontal(num(size, "p"), rng), new hw.RandomCrop(num(size, "padding"), rng)];
}

/** A loader over the variant's samples; its generator (from `size.seed`, shuffled variants only) is shared with the transforms. */
function loader(hw: HW2, inputs: Inputs, size: Size, shuffle: boolean, augment: boolean): Loader {
  const rng = shuffle ? new Generator(num(size, "seed")) : undefined;
  const dataset = new hw.Dataset(inputs.images, inputs.labels, rng !== undefined && augment ? augmentations(hw, size, rng) : []);
  return new hw.DataLoader(dataset, { batchSize: num(size, "B"), shuffle, dropLast: size.dropLast === true, rng });
}

const datasetSizes = {
  public: [
    { N: 6, C: 1, H: 4, W: 5, p: 0.5, padding: 1, seed: 131 },
    { N: 5, C: 2, H: 5, W: 3, p: 0.5, padding: 2, seed: 132 },
  ],
  hidden: [
    { N: 7, C: 1, H: 3, W: 4, p: 0, padding: 1, seed: 13101 },
    { N: 4, C: 3, H: 4, W: 4, p: 1, padding: 0, seed: 13102 },
  ],
};

/** Dataset cases read the samples in the order `order` (a permutation), as a shuffled loader would. */
function datasetInputs(rng: Generator, size: Size): Record<string, NDArray> {
  return { ...samples(rng, size), order: rng.permutation(num(size, "N")) };
}

const batchSizes = {
  public: [
    { N: 7, C: 1, H: 2, W: 3, B: 3, dropLast: false },
    { N: 7, C: 2, H: 2, W: 2, B: 3, dropLast: true },
  ],
  hidden: [
    { N: 6, C: 1, H: 3, W: 2, B: 3, dropLast: true },
    { N: 5, C: 1, H: 2, W: 2, B: 8, dropLast: false },
    { N: 9, C: 2, H: 1, W: 3, B: 1, dropLast: false },
  ],
};

const shuffleSizes = {
  public: [
    { N: 9, C: 1, H: 2, W: 3, B: 4, dropLast: false, seed: 133 },
    { N: 10, C: 2, H: 2, W: 2, B: 3, dropLast: true, seed: 134 },
  ],
  hidden: [
    { N: 8, C: 1, H: 3, W: 3, B: 8, dropLast: false, seed: 13301 },
    { N: 11, C: 1, H: 2, W: 2, B: 5, dropLast: true, seed: 13302 },
  ],
};

const pipelineSizes = {
  public: [
    { N: 7, C: 1, H: 5, W: 4, B: 3, dropLast: true, p: 0.5, padding: 1, seed: 135 },
    { N: 6, C: 2, H: 4, W: 5, B: 4, dropLast: false, p: 0.5, padding: 2, seed: 136 },
  ],
  hidden: [
    { N: 9, C: 1, H: 4, W: 4, B: 2, dropLast: true, p: 0.7, padding: 1, seed: 13501 },
    { N: 5, C: 3, H: 3, W: 5, B: 5, dropLast: false, p: 0.2, padding: 3, seed: 13502 },
  ],
};

export const cases: CaseSpec<HW2>[] = [
  defineCase<HW2>({
    id: "data.dataset",
    number: "13.1",
    section: "data",
    title: "Dataset: length, and get(i) with [flip, crop] sharing one generator",
    points: 2,
    bonus: true,
    sizes: datasetSizes,
    inputs: datasetInputs,
    run: ({ hw, inputs, size }) => {
      const dataset = new hw.Dataset(inputs.images, inputs.labels, augmentations(hw, size, new Generator(num(size, "seed"))));
      const read = Array.from(inputs.order.toTypedArray(), (i) => dataset.get(i));
      return {
        length: dataset.length,
        X: stack(read.map((s) => s.image), 0),
        y: int32(read.map((s) => s.label)),
      };
    },
    failureHint:
      "get(i) passes image i through the transforms in list order (flip, then crop), each drawing as it is applied, so the draws follow the order samples are READ; the label comes back as a number.",
  }),
  defineCase<HW2>({
    id: "data.batches",
    number: "13.2",
    section: "data",
    title: "DataLoader without shuffling: batches in order, the shorter last batch, dropLast, length",
    points: 2,
    bonus: true,
    sizes: batchSizes,
    inputs: samples,
    run: ({ hw, inputs, size }) => {
      const l = loader(hw, inputs, size, false, false);
      return { length: l.length, ...epoch(l, inputs) };
    },
    failureHint:
      "Batches of batchSize samples in index order; when N is not a multiple of batchSize the shorter last batch is kept unless dropLast (length ⌈N/B⌉, or ⌊N/B⌋ with dropLast); X stacks the images on a new axis 0 and y is int32.",
  }),
  defineCase<HW2>({
    id: "data.shuffle",
    number: "13.3",
    section: "data",
    title: "DataLoader with shuffling: a new order every epoch, two epochs",
    points: 2,
    bonus: true,
    sizes: shuffleSizes,
    inputs: samples,
    run: ({ hw, inputs, size }) => {
      const l = loader(hw, inputs, size, true, false);
      return { ...epoch(l, inputs, "1"), ...epoch(l, inputs, "2") };
    },
    failureHint:
      "ONE rng.permutation(N) at the start of EVERY epoch (not once in the constructor, not a fresh Generator per epoch); batch b holds the samples order[b·B], …, order[b·B + B − 1].",
  }),
  defineCase<HW2>({
    id: "data.pipeline",
    number: "13.4",
    section: "data",
    title: "DataLoader over an augmented Dataset, one generator for the shuffle and the transforms, two epochs",
    points: 2,
    bonus: true,
    sizes: pipelineSizes,
    inputs: samples,
    run: ({ hw, inputs, size }) => {
      const l = loader(hw, inputs, size, true, true);
      return { ...epoch(l, inputs, "1"), ...epoch(l, inputs, "2") };
    },
    failureHint:
      "Each epoch draws the permutation first, then reads each batch's samples in order as the batch is made, each drawing flip then crop; with dropLast the dropped samples are never read, so they draw nothing.",
  }),
];
