import { describe, expect, it } from "vitest";
import { array, arrayEqual, Generator } from "#ndarray";
import { greedyNext, sampleNext } from "../../../reference/hw4/index.js";

describe("hw4 sampling", () => {
  const logits = new Generator(31).randn([6, 7]).mul(2);

  it("draws one uniform per row: the generator is exactly N uniforms ahead afterwards", () => {
    const rng = new Generator(32);
    sampleNext(logits, { rng, temperature: 0.8, topK: 3 });
    const reference = new Generator(32);
    for (let i = 0; i < 6; i++) reference.uniformDouble();
    expect(rng.uniformDouble()).toBe(reference.uniformDouble());
  });

  it("topK = 1 and a tiny temperature both give the greedy tokens", () => {
    const greedy = greedyNext(logits);
    expect(arrayEqual(sampleNext(logits, { rng: new Generator(33), topK: 1 }), greedy)).toBe(true);
    expect(arrayEqual(sampleNext(logits, { rng: new Generator(34), temperature: 1e-3 }), greedy)).toBe(true);
  });

  it("top-k samples only among the k largest logits of each row", () => {
    const rng = new Generator(35);
    const sorted = (logits.toArray() as number[][]).map((row) => [...row].sort((a, b) => b - a));
    for (let d = 0; d < 50; d++) {
      const tokens = sampleNext(logits, { rng, topK: 2 }).toArray() as number[];
      tokens.forEach((t, n) => expect((logits.toArray() as number[][])[n][t]).toBeGreaterThanOrEqual(sorted[n][1]));
    }
  });

  it("matches the empirical distribution softmax(logits / temperature)", () => {
    const row = array([[0, 1, 2]]);
    const rng = new Generator(36);
    const counts = [0, 0, 0];
    const draws = 4000;
    for (let d = 0; d < draws; d++) counts[sampleNext(row, { rng, temperature: 2 }).item()]++;
    const e = [0, 0.5, 1].map(Math.exp);
    const total = e.reduce((a, b) => a + b, 0);
    counts.forEach((c, i) => expect(Math.abs(c / draws - e[i] / total)).toBeLessThan(0.03));
  });
});
