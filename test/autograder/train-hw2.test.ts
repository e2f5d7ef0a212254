/**
 * `npm run train hw2` (autograder/src/train/hw2.ts): the digits written by `npm run data`
 * into a temporary folder, then one tiny epoch of the CNN trainer on 200 of them (tested on
 * all 2 000 test digits), and the one-line error of a stub. No test trains for real.
 */
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runKit, writeTestDigits } from "./kit-cli.js";



describe("npm run train hw2", () => {
  let dir = "";
  beforeAll(() => {
    dir = writeTestDigits();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("--reference runs one tiny epoch and prints the figures and a loss curve", () => {
    const result = runKit("train/train-cli.ts", ["hw2", "--reference", "--data", dir, "--epochs", "1", "--limit", "200"]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/CNN \(.*linear 256→10\), SGD with momentum: 200 training digits, 2000 test digits, 1 epochs/);
    expect(result.stdout).toMatch(/epoch 1\/1 {2}train loss \d\.\d{4} error +[\d.]+ % {3}test loss \d\.\d{4} error +[\d.]+ % {3}[\d.]+ s/);
    expect(result.stdout).toMatch(/CNN with SGD and momentum \(training loss, 2 steps averaged into 2 points\)/);
    expect(result.stdout).toMatch(/final test error: [\d.]+ %/);
  });

  it("a stub stops the run with one line naming the missing piece", () => {
    const result = runKit("train/train-cli.ts", ["hw2", "--data", dir, "--epochs", "1", "--limit", "200"]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(/^train hw2: \S+ is not implemented yet: write it in hw2\/ \(npm run grade hw2 checks it\), or train the reference with --reference$/);
  });
});
