/**
 * `npm run train hw3` (autograder/src/train/hw3.ts): the digits written by `npm run data`
 * into a temporary folder, then three epochs of the GRU + CTC trainer on 300 of them (the
 * held-out sequences still come from all 2 000 test digits). It must learn: the training
 * loss falls every epoch (from about 16 at the start), and the held-out loss falls from the
 * first epoch to the last and ends below 3.5 (the reference: about 3.1). So short a run is
 * still on CTC's plateau, where the model emits few symbols: its CER is only held below
 * 100 %, where an untrained model's insertions put it.
 */
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runKit, writeTestDigits } from "./kit-cli.js";
import { editDistance } from "../../autograder/src/train/hw3.js";
import { epochFigures, figureAfter } from "./train-figures.js";

describe("the edit distance behind the CER", () => {
  it("counts insertions, deletions and substitutions", () => {
    expect(editDistance([], [])).toBe(0);
    expect(editDistance([1, 2, 3], [1, 2, 3])).toBe(0);
    expect(editDistance([], [4, 5])).toBe(2);
    expect(editDistance([1, 3], [1, 2, 3])).toBe(1);
    expect(editDistance([1, 9, 3], [1, 2, 3])).toBe(1);
    expect(editDistance([2, 1], [1, 2])).toBe(2);
  });
});

describe("npm run train hw3", () => {
  let dir = "";
  beforeAll(() => {
    dir = writeTestDigits();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("--reference learns in three epochs on 300 digits, and prints the CER, greedy and beam, and a loss curve", () => {
    const result = runKit("train/train-cli.ts", ["hw3", "--reference", "--data", dir, "--epochs", "3", "--limit", "300"]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/GRU\(14, 64\) \+ CTC .*: 300 training digits, \d+ held-out sequences from 2000 test digits, 3 epochs/);
    expect(result.stdout).toMatch(/epoch 3\/3 {2}train loss [\d.]+ CER +[\d.]+ % {3}held-out loss [\d.]+ CER greedy +[\d.]+ % beam +[\d.]+ %/);
    expect(result.stdout).toMatch(/GRU \+ CTC \(training loss, \d+ steps averaged into \d+ points\)/);
    const epochs = epochFigures(result.stdout);
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    expect(epochs[1].trainLoss).toBeLessThan(epochs[0].trainLoss);
    expect(epochs[2].trainLoss).toBeLessThan(epochs[1].trainLoss);
    expect(epochs[2].heldOutLoss).toBeLessThan(epochs[0].heldOutLoss);
    expect(epochs[2].heldOutLoss).toBeLessThan(3.5);
    expect(figureAfter(result.stdout, "beam search (width 4)")).toBeLessThan(100);
  }, 120_000);

  it("a stub stops the run with one line naming the missing piece", () => {
    const result = runKit("train/train-cli.ts", ["hw3", "--data", dir, "--epochs", "1", "--limit", "60"]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(/^train hw3: GRUCell\.forward is not implemented yet \(at hw3\/[\w-]+\.ts:\d+:\d+\): write it in hw3\/ \(npm run grade hw3 checks it\), or train the reference with --reference$/);
  });
});
