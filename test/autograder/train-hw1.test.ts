/**
 * `npm run train hw1` learns: two epochs of the MLP with BatchNorm1d and Adam on 1 000
 * digits bring the training loss down from the first epoch to the second, the test loss
 * below 1.2 (ln 10 = 2.30 is a uniform guess) and the test error (2 000 test digits;
 * chance is 90 %) below 35 % (the reference: about 21 %). The output's format is checked in
 * data.test.ts.
 */
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runKit, writeTestDigits } from "./kit-cli.js";
import { epochFigures, figureAfter } from "./train-figures.js";

describe("npm run train hw1 --reference", () => {
  let dir = "";
  beforeAll(() => {
    dir = writeTestDigits();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("learns: the training loss falls and the test error ends below 35 %", () => {
    const result = runKit("train/train-cli.ts", ["hw1", "--reference", "--data", dir, "--epochs", "2", "--limit", "1000"]);
    expect(result.status, result.stderr).toBe(0);
    const [first, second] = epochFigures(result.stdout);
    expect(second.trainLoss).toBeLessThan(first.trainLoss);
    expect(second.heldOutLoss).toBeLessThan(1.2);
    expect(figureAfter(result.stdout, "final test error:")).toBeLessThan(35);
  }, 60_000);
});
