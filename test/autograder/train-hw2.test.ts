/**
 * `npm run train hw2` (autograder/src/train/hw2.ts): the digits written by `npm run data`
 * into a temporary folder, then two epochs of the CNN trainer on 1 000 of them (tested on
 * all 2 000 test digits): it must learn, its training loss falling from the first epoch to
 * the second and its test error ending below 40 % (chance is 90 %; the reference: about
 * 28 %). And the one-line error of a stub.
 */
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runKit, writeTestDigits } from "./kit-cli.js";
import { epochFigures, figureAfter } from "./train-figures.js";

describe("npm run train hw2", () => {
  let dir = "";
  beforeAll(() => {
    dir = writeTestDigits();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("--reference learns in two epochs on 1 000 digits, and prints the figures and a loss curve", () => {
    const result = runKit("train/train-cli.ts", ["hw2", "--reference", "--data", dir, "--epochs", "2", "--limit", "1000"]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/CNN \(.*linear 400→10\), SGD with momentum: 1000 training digits, 2000 test digits, 2 epochs/);
    expect(result.stdout).toMatch(/epoch 2\/2 {2}train loss \d\.\d{4} error +[\d.]+ % {3}test loss \d\.\d{4} error +[\d.]+ % {3}[\d.]+ s/);
    expect(result.stdout).toMatch(/CNN with SGD and momentum \(training loss, 20 steps averaged into \d+ points\)/);
    const [first, second] = epochFigures(result.stdout);
    expect(second.trainLoss).toBeLessThan(first.trainLoss);
    expect(second.heldOutLoss).toBeLessThan(1.2);
    expect(figureAfter(result.stdout, "final test error:")).toBeLessThan(40);
  }, 120_000);

  it("a stub stops the run with one line naming the missing piece", () => {
    const result = runKit("train/train-cli.ts", ["hw2", "--data", dir, "--epochs", "1", "--limit", "200"]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(/^train hw2: \S+ is not implemented yet \(at hw2\/[\w-]+\.ts:\d+:\d+\): write it in hw2\/ \(npm run grade hw2 checks it\), or train the reference with --reference$/);
  });
});
