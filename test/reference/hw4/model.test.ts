import { describe, expect, it } from "vitest";
import { arange, array, arrayEqual, Generator, type NDArray } from "#ndarray";
import { DecoderBlock, DecoderLM, greedyNext, sampleNext } from "../../../reference/hw4/index.js";
import { checkGrad, expectGradClose, numericalGrad } from "../gradcheck.js";
import { blockToF64, lmToF64 } from "./f64.js";

const f64 = { dtype: "float64" } as const;

describe("hw4 DecoderBlock", () => {
  const [N, T, E] = [2, 4, 4];
  const X = new Generator(11).randn([N, T, E], f64);
  const G = new Generator(12).randn([N, T, E], f64);
  const padding = arange(T).reshape([1, T]).ge(array([4, 2], { dtype: "int32" }).reshape([N, 1]));
  // A block rebuilt from the same seed draws the same weights and, at its forward, the same masks.
  const fresh = (p: number) => blockToF64(new DecoderBlock(E, 2, 8, { p, rng: new Generator(13) }));

  it.each([0, 0.3])("backward matches central differences for X and the FFN and attention weights (p = %f)", (p) => {
    const block = fresh(p);
    block.forward(X, padding);
    const dLdX = block.backward(G);
    checkGrad((x) => fresh(p).forward(x, padding), X, G, dLdX, "block dLdX");
    const withFf1 = (W: NDArray) => {
      const b = fresh(p);
      b.ff1.W = W;
      return b.forward(X, padding);
    };
    checkGrad(withFf1, block.ff1.W, G, block.ff1.dLdW, "block ff1.dLdW");
    const withLn1 = (W: NDArray) => {
      const b = fresh(p);
      b.ln1.W = W;
      return b.forward(X, padding);
    };
    checkGrad(withLn1, block.ln1.W, G, block.ln1.dLdW, "block ln1.dLdW");
  });

  it("is causal: output t does not depend on inputs after t", () => {
    const Y = fresh(0).forward(X);
    const changed = X.clone();
    changed.slice(":", 3).assign(changed.slice(":", 3).add(1));
    const Y2 = fresh(0).forward(changed);
    expect(Y2.slice(":", ":3").sub(Y.slice(":", ":3")).abs().max().item()).toBeLessThan(1e-12);
  });
});

describe("hw4 DecoderLM", () => {
  const config = { vocabSize: 5, embedDim: 4, numHeads: 2, ffDim: 8, numLayers: 2, maxLen: 6 };
  const fresh = () => lmToF64(new DecoderLM({ ...config, rng: new Generator(21) }));
  const idx = new Generator(22).randint(0, 5, [2, 4], { dtype: "int32" });
  const G = new Generator(23).randn([2, 4, 5], f64);

  it("backward fills the embedding and head gradients (= central differences)", () => {
    const lm = fresh();
    lm.forward(idx);
    lm.backward(G);
    const withEmb = (W: NDArray) => {
      const m = fresh();
      m.tokEmb.W = W;
      return m.forward(idx);
    };
    expectGradClose(lm.tokEmb.dLdW, numericalGrad(withEmb, lm.tokEmb.W, G), "tokEmb.dLdW", 1e-6);
    const withHead = (W: NDArray) => {
      const m = fresh();
      m.head.W = W;
      return m.forward(idx);
    };
    checkGrad(withHead, lm.head.W, G, lm.head.dLdW, "head.dLdW");
  });

  it("greedy generation appends the argmax of the last position, cropping to maxLen", () => {
    const lm = fresh();
    const prompt = array([[1, 2]], { dtype: "int32" });
    const tokens = lm.generate(prompt, 6);
    expect(tokens.shape).toEqual([1, 8]);
    expect(arrayEqual(tokens.slice(":, :2"), prompt)).toBe(true);
    const last = tokens.slice(":", `${8 - 1 - config.maxLen}:7`);
    expect(arrayEqual(tokens.slice(":", 7), greedyNext(lm.forward(last).slice(":", -1)))).toBe(true);
    expect(lm.training).toBe(true);
  });
});

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
