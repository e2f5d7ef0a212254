/**
 * Part 2 on the student's side: a trained model saved by the trainers' hook
 * (challenge/model-file.ts) and read back into freshly built code, the per-homework
 * predictors, `npm run challenge` (validate, predict, its one-line errors) and what
 * `npm run submit` says about the predictions. Models here are untrained (seeded initial
 * weights) and the challenge sets small stand-ins: what is checked is the plumbing, not accuracy.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Generator, zeros } from "#ndarray";
import type { HW1 } from "../../autograder/suites/hw1/types.js";
import type { HW3 } from "../../autograder/suites/hw3/types.js";
import type { DigitSplit } from "../../autograder/src/data/digits.js";
import { readInputs } from "../../autograder/src/challenge/files.js";
import { predictor as hw1Predictor } from "../../autograder/src/challenge/hw1-model.js";
import { predictor as hw3Predictor } from "../../autograder/src/challenge/hw3-model.js";
import { readModel, restoreState, saveModel, stateSlots } from "../../autograder/src/challenge/model-file.js";
import { predictionsLine } from "../../autograder/src/challenge/submit-line.js";
import { writeChallengeFiles } from "../../autograder/src/challenge/write-files.js";
import { loadHomework } from "../../autograder/src/train/homework.js";
import { recipe } from "../../autograder/src/train/hw1.js";
import { runKit } from "./kit-cli.js";

/** Stand-in digits: noise of a seeded Generator, labelled by draws too (the data's test split is only the sets' source). */
function standInSplit(n: number): DigitSplit {
  const rng = new Generator("challenge-cli");
  return { images: Uint8Array.from(rng.randint(0, 256, [n * 784]).toTypedArray()), labels: Uint8Array.from(rng.randint(0, 10, [n]).toTypedArray()) };
}

let dir = "";
let hw1: HW1;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "kit-challenge-cli-"));
  hw1 = await loadHomework<HW1>("hw1", true);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const retrain = "train again: npm run train hw1 -- --save m.json";

describe("a saved model", () => {
  it("comes back into a model built afresh, BatchNorm's running statistics included, and predicts as the original", async () => {
    const { model } = recipe(hw1, "mlp", 784, new Generator(1));
    model.train();
    model.forward(new Generator(2).randn([32, 784]));
    const file = join(dir, "mlp.json");
    saveModel(file, "hw1", "mlp", { model });
    const names = stateSlots({ model }).map((s) => s.name);
    expect(names).toEqual(["model.0.W", "model.0.b", "model.1.W", "model.1.b", "model.1.runningMean", "model.1.runningVar", "model.3.W", "model.3.b"]);

    const fresh = recipe(hw1, "mlp", 784, new Generator(99)).model;
    restoreState(file, readModel(file, "hw1", "save"), { model: fresh }, retrain);
    const X = new Generator(3).randn([5, 784]);
    expect(Array.from(fresh.eval().forward(X).toTypedArray())).toEqual(Array.from(model.eval().forward(X).toTypedArray()));
  });

  it("is refused in one line when missing, not a model, for another homework, or saved with other options", () => {
    const missing = join(dir, "none.json");
    expect(() => readModel(missing, "hw1", "npm run train hw1 -- --save none.json")).toThrow(/none\.json: does not exist: train and save a model first \(npm run train hw1 -- --save none\.json\)$/);
    const garbage = join(dir, "garbage.json");
    writeFileSync(garbage, "{not json");
    expect(() => readModel(garbage, "hw1", "save")).toThrow(/garbage\.json: is not a model file \(not JSON\)/);
    const resnet = join(dir, "resnet.json");
    saveModel(resnet, "hw1", "resnet", { model: recipe(hw1, "resnet", 784, new Generator(1)).model });
    expect(() => readModel(resnet, "hw2", "save")).toThrow(/holds a hw1 model, not a hw2 one/);
    const mlp = recipe(hw1, "mlp", 784, new Generator(1)).model;
    const saved = readModel(resnet, "hw1", "save");
    expect(() => restoreState(resnet, { ...saved, model: "mlp" }, { model: mlp }, retrain)).toThrow(
      /resnet\.json: model\.0\.W has shape \[100, 784\] there but \[96, 784\] here: it was saved from another model \(other options or other layers\); train again/,
    );
  });
});

describe("the predictors", () => {
  it("hw3 reads every string up to its width and returns digit strings, greedy and with beam search", async () => {
    const hw3 = await loadHomework<HW3>("hw3", true);
    const rng = new Generator(4);
    const gru = new hw3.GRUCell(14, 8, { rng });
    const head = { W: rng.uniform(-0.5, 0.5, [11, 8]), b: zeros([11]) };
    const file = join(dir, "hw3.json");
    saveModel(file, "hw3", "gru-ctc", { gru, head });
    const data = join(dir, "hw3");
    writeChallengeFiles(data, "hw3", "s", standInSplit(24));
    const inputs = readInputs(data, "hw3", "validation");
    const source = { file, saved: readModel(file, "hw3", "save"), reference: true, retrain };
    for (const beam of [undefined, 3]) {
      const labels = (await hw3Predictor(source, beam))(inputs);
      expect(labels.length).toBe(inputs.count);
      for (const label of labels) expect(label).toMatch(/^\d*$/);
    }
  });
});

describe("npm run challenge", () => {
  it("--validate prints the metric and what the cutoffs would give; --predict writes the CSV of the test inputs' labels", async () => {
    const data = join(dir, "hw1");
    writeChallengeFiles(data, "hw1", "s", standInSplit(40));
    const file = join(dir, "cli.json");
    saveModel(file, "hw1", "mlp", { model: recipe(hw1, "mlp", 784, new Generator(5)).model.eval() });
    const out = join(dir, "predictions.csv");
    const run = runKit("challenge/challenge-cli.ts", ["hw1", "--validate", "--predict", "--reference", "--model", file, "--data", data, "--out", out]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^hw1 validation accuracy: [\d.]+ % on 20 digits, the mlp model in .*cli\.json \(reference code\)/m);
    expect(run.stdout).toMatch(/^ {2}on the test set that would give [\d.]+ of \d+ points \(accuracy on the hidden test labels: /m);
    expect(run.stdout).toMatch(/^hw1: wrote 30 predictions to .*predictions\.csv/m);

    const predict = await hw1Predictor({ file, saved: readModel(file, "hw1", "save"), reference: true, retrain });
    const expected = predict(readInputs(data, "hw1", "test"));
    expect(readFileSync(out, "utf8")).toBe(`id,prediction\n${expected.map((p, id) => `${id},${p}`).join("\n")}\n`);
    expect(predictionsLine("hw1", dir, ["a.ts", "predictions.csv"])).toBe("Part 2: hw1/predictions.csv is included (30 predictions)");
    expect(predictionsLine("hw1", dir, ["a.ts"])).toMatch(/^no hw1\/predictions\.csv: Part 2 \(the challenge\) scores 0 without it; `npm run challenge hw1 -- --predict` writes it$/);
    expect(predictionsLine("hw4", dir, ["a.ts"])).toBeUndefined();
  }, 30_000);

  it("a model of another homework stops it with one line", () => {
    const run = runKit("challenge/challenge-cli.ts", ["hw2", "--validate", "--model", join(dir, "cli.json")]);
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toMatch(/^challenge hw2: \S*cli\.json: holds a hw1 model, not a hw2 one$/);
  }, 30_000);
});
