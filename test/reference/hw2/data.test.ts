/**
 * hw2's Dataset and DataLoader against their stated behaviour: every sample appears exactly
 * once per epoch; batch sizes are B, …, B and the remainder (dropped with dropLast); the
 * shuffled order is the epoch's rng.permutation(N), drawn anew every epoch; the transforms
 * run in list order on each sample as it is read; a dropped batch's samples draw nothing.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arange, arrayEqual, Generator, IndexError, ShapeError, ValueError, zeros } from "#ndarray";
import { DataLoader, Dataset, RandomCrop, RandomFlipHorizontal, type Batch } from "../../../reference/hw2/index.js";

const f64 = { dtype: "float64" } as const;

/** N images whose every pixel is the sample's index, and labels 0…N−1: any batch says which samples it holds. */
function indexed(N: number, H = 2, W = 3): Dataset {
  const images = arange(N, f64).reshape([N, 1, 1, 1]).add(zeros([1, 1, H, W], f64));
  return new Dataset(images, arange(N, { dtype: "int32" }));
}

const labelsOf = (batches: Batch[]) => batches.flatMap((b) => Array.from(b.y.toTypedArray()));

describe("hw2 DataLoader", () => {
  it("gives every sample once per epoch, in batches of B with the remainder last (dropped with dropLast)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 8 }), fc.boolean(), fc.boolean(), fc.integer(), (N, B, shuffle, dropLast, seed) => {
        const loader = new DataLoader(indexed(N), { batchSize: B, shuffle, dropLast, rng: new Generator(seed) });
        const full = Math.floor(N / B);
        const rest = N % B;
        const sizes = [...Array(full)].map(() => B).concat(rest > 0 && !dropLast ? [rest] : []);
        for (let e = 0; e < 2; e++) {
          const batches = [...loader];
          expect(batches.map((b) => b.X.shape[0])).toEqual(sizes);
          expect(loader.length).toBe(sizes.length);
          const seen = labelsOf(batches);
          expect(new Set(seen).size).toBe(seen.length);
          if (!dropLast) expect([...seen].sort((a, b) => a - b)).toEqual([...Array(N).keys()]);
          for (const b of batches) {
            expect(b.y.dtype).toBe("int32");
            expect(b.X.shape.slice(1)).toEqual([1, 2, 3]);
            expect(Array.from(b.X.slice(null, 0, 0, 0).toTypedArray())).toEqual(Array.from(b.y.toTypedArray()));
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it("without shuffle goes 0…N−1; with shuffle each epoch is the next rng.permutation(N) of its generator", () => {
    expect(labelsOf([...new DataLoader(indexed(7), { batchSize: 3 })])).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const loader = new DataLoader(indexed(9), { batchSize: 4, shuffle: true, rng: new Generator(3) });
    const stream = new Generator(3);
    const first = labelsOf([...loader]);
    const second = labelsOf([...loader]);
    expect(first).toEqual(Array.from(stream.permutation(9).toTypedArray()));
    expect(second).toEqual(Array.from(stream.permutation(9).toTypedArray()));
    expect(second).not.toEqual(first);
  });

  it("with dropLast yields nothing when N < B, and never reads (or draws for) the dropped samples", () => {
    expect([...new DataLoader(indexed(3), { batchSize: 4, dropLast: true })]).toEqual([]);
    const rng = new Generator(5);
    const images = new Generator(1).rand([7, 1, 3, 3], f64);
    const dataset = new Dataset(images, arange(7, { dtype: "int32" }), [new RandomFlipHorizontal(0.5, rng), new RandomCrop(1, rng)]);
    const reads: number[] = [];
    const counted = {
      length: dataset.length,
      get: (i: number) => {
        reads.push(i);
        return dataset.get(i);
      },
    };
    [...new DataLoader(counted, { batchSize: 3, shuffle: true, dropLast: true, rng })];
    expect(reads).toHaveLength(6);
    const stream = new Generator(5);
    for (let k = 0; k < 6 + 3 * 6; k++) stream.uniformDouble();
    expect(rng.uniformDouble()).toBe(stream.uniformDouble());
  });

  it("refuses shuffle without a generator and a batch size below 1", () => {
    expect(() => new DataLoader(indexed(3), { shuffle: true })).toThrow(ValueError);
    expect(() => new DataLoader(indexed(3), { batchSize: 0 })).toThrow(ValueError);
  });
});

describe("hw2 Dataset", () => {
  it("applies its transforms in list order to the sample it reads, drawing as it goes", () => {
    const images = new Generator(2).rand([4, 2, 3, 4], f64).rsub(1);
    const shared = new Generator(8);
    const dataset = new Dataset(images, arange(4, { dtype: "int32" }), [new RandomFlipHorizontal(0.5, shared), new RandomCrop(1, shared)]);
    expect(dataset.length).toBe(4);
    const replay = new Generator(8);
    const [flip, crop] = [new RandomFlipHorizontal(0.5, replay), new RandomCrop(1, replay)];
    for (const i of [2, 0, 3, 3, 1]) {
      const s = dataset.get(i);
      expect(arrayEqual(s.image, crop.apply(flip.apply(images.slice(i))))).toBe(true);
      expect(s.label).toBe(i);
    }
  });

  it("refuses labels that do not match the images and an index out of range", () => {
    const images = new Generator(0).rand([3, 1, 2, 2]);
    expect(() => new Dataset(images, arange(2, { dtype: "int32" }))).toThrow(ShapeError);
    expect(() => new Dataset(images, arange(3, { dtype: "int32" })).get(3)).toThrow(IndexError);
  });
});
