/**
 * `npm run train hw3` (autograder/src/train/hw3.ts): the digits written by `npm run data`
 * into a temporary folder, then one tiny epoch of the GRU + CTC trainer on 60 of them
 * (the held-out sequences still come from all 2 000 test digits). No test trains for real.
 */
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runKit, writeTestDigits } from "./kit-cli.js";
import { editDistance } from "../../autograder/src/train/hw3.js";



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

  it("--reference runs one tiny epoch and prints the CER, greedy and beam, and a loss curve", () => {
    const result = runKit("train/train-cli.ts", ["hw3", "--reference", "--data", dir, "--epochs", "1", "--limit", "60"]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/GRU\(14, 64\) \+ CTC .*: 60 training digits, \d+ held-out sequences from 2000 test digits, 1 epochs/);
    expect(result.stdout).toMatch(/epoch 1\/1 {2}train loss [\d.]+ CER +[\d.]+ % {3}held-out loss [\d.]+ CER greedy +[\d.]+ % beam +[\d.]+ %/);
    expect(result.stdout).toMatch(/GRU \+ CTC \(training loss, \d+ steps averaged into \d+ points\)/);
    expect(result.stdout).toMatch(/final held-out CER: greedy [\d.]+ %, beam search \(width 4\) [\d.]+ %/);
  });

  it("a stub stops the run with one line naming the missing piece", () => {
    const result = runKit("train/train-cli.ts", ["hw3", "--data", dir, "--epochs", "1", "--limit", "60"]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(/^train hw3: GRUCell\.forward is not implemented yet: write it in hw3\/ \(npm run grade hw3 checks it\), or train the reference with --reference$/);
  });
});
