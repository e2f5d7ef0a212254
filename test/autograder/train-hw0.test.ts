/**
 * `npm run train hw0` learns: two epochs of softmax regression and of the two-layer net on
 * 1 000 digits bring each model's training loss down from the first epoch to the second and
 * its test error (2 000 test digits; chance is 90 %) below 30 % (the reference: about 17 %
 * and 18 %). The output's format is checked in data.test.ts.
 */
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runKit, writeTestDigits } from "./kit-cli.js";
import { epochFigures, figureAfter } from "./train-figures.js";

describe("npm run train hw0 --reference", () => {
  let dir = "";
  beforeAll(() => {
    dir = writeTestDigits();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("learns: both models' training loss falls and their test error ends below 30 %", () => {
    const result = runKit("train/train-cli.ts", ["hw0", "--reference", "--data", dir, "--epochs", "2", "--limit", "1000"]);
    expect(result.status, result.stderr).toBe(0);
    const [regression1, regression2, twoLayer1, twoLayer2] = epochFigures(result.stdout);
    expect(regression2.trainLoss).toBeLessThan(regression1.trainLoss);
    expect(twoLayer2.trainLoss).toBeLessThan(twoLayer1.trainLoss);
    expect(figureAfter(result.stdout, "final test error: softmax regression")).toBeLessThan(30);
    expect(figureAfter(result.stdout, "%, two-layer network")).toBeLessThan(30);
  }, 60_000);
});
