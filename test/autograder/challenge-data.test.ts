/**
 * The challenges' data (autograder/src/challenge/): the distortion, the sets drawn from a
 * secret or a public seed, their source digits, and what a handout ships. Small stand-in
 * splits (a few dozen drawn digits) keep it fast; the sets' rules do not depend on the size.
 */
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { Generator } from "#ndarray";
import type { DigitSplit } from "../../autograder/src/data/digits.js";
import { distortDigit, SIDE } from "../../autograder/src/challenge/distort.js";
import { challengeFiles, readInputs, readValidationLabels } from "../../autograder/src/challenge/files.js";
import { DIGIT_COLUMNS, MAX_STRING_DIGITS, MIN_STRING_DIGITS, STRING_WIDTH } from "../../autograder/src/challenge/inputs.js";
import { challengeSecret } from "../../autograder/src/challenge/secret.js";
import { sourceDigits, testLabels, testSet, validationSet } from "../../autograder/src/challenge/sets.js";
import { challengeFileBytes, writeChallengeFiles } from "../../autograder/src/challenge/write-files.js";
import { treeFiles } from "../../autograder/src/package/tree.js";
import { challengeConfig, percent } from "../../autograder/src/challenge/config.js";
import { KIT_ROOT } from "../../autograder/src/paths.js";
import { CHALLENGE_HOMEWORKS } from "../../autograder/src/challenge/spec.js";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const PIXELS = SIDE * SIDE;

/** n blob-like "digits": a bright rectangle at a place and size drawn from `seed`, labelled by a draw too. */
function standInSplit(n: number, seed: string): DigitSplit {
  const rng = new Generator(seed);
  const images = new Uint8Array(n * PIXELS);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const [top, left, h, w] = [4 + Math.floor(rng.uniformDouble() * 6), 6 + Math.floor(rng.uniformDouble() * 6), 8 + Math.floor(rng.uniformDouble() * 8), 4 + Math.floor(rng.uniformDouble() * 8)];
    for (let r = top; r < top + h; r++) for (let c = left; c < left + w; c++) images[i * PIXELS + r * SIDE + c] = 255;
    labels[i] = Math.floor(rng.uniformDouble() * 10);
  }
  return { images, labels };
}

const split = standInSplit(48, "stand-in");
const image = (s: { images: Uint8Array }, i: number, size = PIXELS) => s.images.subarray(i * size, (i + 1) * size);
const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

describe("distortDigit", () => {
  it("moves every digit away from its source, keeps its ink, and is a function of the seed", () => {
    for (let i = 0; i < 8; i++) {
      const source = image(split, i);
      const a = distortDigit(source, new Generator(`d${i}`));
      expect(sameBytes(a, distortDigit(source, new Generator(`d${i}`)))).toBe(true);
      expect(sameBytes(a, source)).toBe(false);
      const ink = (x: Uint8Array) => x.reduce((s, v) => s + v, 0);
      expect(ink(a) / ink(source)).toBeGreaterThan(0.75);
      expect(ink(a) / ink(source)).toBeLessThan(1.3);
    }
  });
});

describe("the sets", () => {
  it("validation and test draw on disjoint quarters of the data's test split", () => {
    const validation = sourceDigits("validation", split);
    const test = sourceDigits("test", split);
    expect(validation.labels.length).toBe(12);
    expect(test.labels.length).toBe(36);
    const key = (s: DigitSplit, i: number) => Buffer.from(image(s, i)).toString("base64");
    const seen = new Set(Array.from(test.labels.keys(), (i) => key(test, i)));
    expect(Array.from(validation.labels.keys()).some((i) => seen.has(key(validation, i)))).toBe(false);
  });

  it("the same secret gives the same test set; another secret another; validation knows no secret", () => {
    const a = testSet("hw1", "secret-a", split);
    const again = testSet("hw1", "secret-a", split);
    const b = testSet("hw1", "secret-b", split);
    expect(sameBytes(a.inputs.images, again.inputs.images)).toBe(true);
    expect(again.labels).toEqual(a.labels);
    expect(sameBytes(a.inputs.images, b.inputs.images)).toBe(false);
    expect(a.inputs.count).toBe(36);
    expect([...a.labels].sort()).toEqual(Array.from(sourceDigits("test", split).labels, String).sort());
    expect(sameBytes(testSet("hw2", "secret-a", split).inputs.images, a.inputs.images)).toBe(false);
    const previous = process.env.KIT_CHALLENGE_SECRET;
    try {
      process.env.KIT_CHALLENGE_SECRET = "secret-c";
      expect(challengeSecret()).toBe("secret-c");
      expect(testLabels("hw1", undefined, split).labels).toEqual(testSet("hw1", "secret-c", split).labels);
      const v1 = validationSet("hw1", split);
      process.env.KIT_CHALLENGE_SECRET = "secret-d";
      expect(testSet("hw1", undefined, split).labels).toEqual(testSet("hw1", "secret-d", split).labels);
      expect(sameBytes(validationSet("hw1", split).inputs.images, v1.inputs.images)).toBe(true);
      expect(v1.inputs.count).toBe(24);
    } finally {
      if (previous === undefined) delete process.env.KIT_CHALLENGE_SECRET;
      else process.env.KIT_CHALLENGE_SECRET = previous;
    }
  });

  it("hw3's strings: 2–5 source digits each, set left to right in 20-column boxes with even gaps, black beyond their width", () => {
    const { inputs, labels } = testSet("hw3", "secret-a", split);
    expect(inputs.count).toBe(12);
    expect(inputs.width).toBe(STRING_WIDTH);
    const sourceLabels = new Set(Array.from(sourceDigits("test", split).labels, String));
    labels.forEach((label, n) => {
      expect(label.length).toBeGreaterThanOrEqual(MIN_STRING_DIGITS);
      expect(label.length).toBeLessThanOrEqual(MAX_STRING_DIGITS);
      for (const d of label) expect(sourceLabels.has(d)).toBe(true);
      const width = inputs.widths[n];
      const gaps = width - DIGIT_COLUMNS * label.length;
      expect(gaps % 2).toBe(0);
      expect(gaps).toBeGreaterThanOrEqual(0);
      expect(gaps).toBeLessThanOrEqual(4 * (label.length - 1));
      const pixels = image(inputs, n, SIDE * STRING_WIDTH);
      for (let r = 0; r < SIDE; r++) expect(pixels.subarray(r * STRING_WIDTH + width, (r + 1) * STRING_WIDTH).every((v) => v === 0)).toBe(true);
    });
  });
});

describe("what a handout ships", () => {
  it("the challenge folder reads back as written, and no file of the handout holds the test labels or the secret", () => {
    const secret = "0123456789abcdef0123456789abcdef";
    const dir = mkdtempSync(join(tmpdir(), "kit-challenge-"));
    try {
      const written = writeChallengeFiles(dir, "hw1", secret, split);
      expect(written.map((f) => f.slice(dir.length + 1))).toEqual(challengeFiles("hw1"));
      const inputs = readInputs(dir, "hw1", "test");
      expect(sameBytes(inputs.images, testSet("hw1", secret, split).inputs.images)).toBe(true);
      const validation = readInputs(dir, "hw1", "validation");
      expect(readValidationLabels(dir, validation.count)).toEqual(validationSet("hw1", split).labels);

      const labels = testSet("hw1", secret, split).labels;
      const patterns = [Buffer.from(labels.map(Number)), Buffer.from(labels.join("")), Buffer.from(labels.join(",")), Buffer.from(labels.join("\n")), Buffer.from(secret)];
      const gunzipped = (b: Buffer) => (b[0] === 0x1f && b[1] === 0x8b ? gunzipSync(b) : b);
      const shipped: [string, Buffer][] = [
        ...challengeFileBytes("hw1", secret, split).map(([name, bytes]): [string, Buffer] => [name, gunzipped(bytes)]),
        ...treeFiles("hw1", "handout").map((f): [string, Buffer] => [f.path, "text" in f ? Buffer.from(f.text) : readFileSync(f.from)]),
      ];
      for (const [name, bytes] of shipped) for (const p of patterns) expect(bytes.includes(p), `${name} holds a test-label pattern or the secret`).toBe(false);
      expect(shipped.some(([name]) => name === "autograder/src/challenge/challenge-cli.ts")).toBe(true);
      expect(shipped.some(([name]) => /challenge\/(sets|secret|write-files)\.ts$/.test(name))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 20_000);
});

describe("the handouts' Part 2 sections", () => {
  it("come last and quote the config's cutoffs and points, so a changed config cannot leave them stale", () => {
    for (const hw of CHALLENGE_HOMEWORKS) {
      const text = readFileSync(join(KIT_ROOT, "handouts", `${hw}.md`), "utf8");
      const section = text.slice(text.indexOf("\n## Part 2 — challenge\n"));
      expect(section.length, hw).toBeLessThan(text.length);
      expect(section.slice(1), hw).not.toMatch(/\n## /);
      const { low, high, points } = challengeConfig(hw);
      const metric = section.slice(section.indexOf("**Metric and points.**"));
      for (const quoted of [`${percent(low)} or`, `${percent(high)} or`, `all ${points}`]) expect(metric, hw).toContain(quoted);
    }
  });
});
