/**
 * `npm run train hw1` learns: two epochs of the MLP with BatchNorm1d and Adam on 1 000
 * digits bring the training loss down from the first epoch to the second, the test loss
 * below 1.2 (ln 10 = 2.30 is a uniform guess) and the test error (2 000 test digits;
 * chance is 90 %) below 35 % (the reference: about 21 %). The output's format is checked in
 * data.test.ts. `--model resnet` (the residual MLP) learns too, and `--save` keeps it for
 * `npm run challenge`; a trainer refuses an option it has no use for instead of ignoring it.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { readModel } from "../../autograder/src/challenge/model-file.js";
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

  it("--model resnet learns: the training loss falls over two epochs; --save writes the trained model", () => {
    const saved = join(dir, "resnet.json");
    const result = runKit("train/train-cli.ts", ["hw1", "--reference", "--model", "resnet", "--data", dir, "--epochs", "2", "--limit", "1000", "--save", saved]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^saved the resnet model to \S*resnet\.json \(npm run challenge hw1 -- --validate --model \S*resnet\.json\)$/m);
    const model = readModel(saved, "hw1", "save");
    expect(model.model).toBe("resnet");
    expect(model.arrays.get("model.0.W")?.shape).toEqual([100, 784]);
    const [first, second] = epochFigures(result.stdout);
    expect(second.trainLoss).toBeLessThan(first.trainLoss);
    expect(figureAfter(result.stdout, "final test error:")).toBeLessThan(60);
  }, 60_000);

  it("refuses an option this trainer has no use for, naming it", () => {
    const result = runKit("train/train-cli.ts", ["hw1", "--reference", "--augment", "--data", dir, "--epochs", "1", "--limit", "100"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("--augment: the hw1 trainer has no such choice (hw1's options: --model, --save)");
  });
});
