import { describe, expect, it } from "vitest";
import { arrayEqual, Generator, type NDArray } from "#ndarray";
import { Embedding, sinusoidalEncoding } from "../../../reference/hw4/index.js";
import { checkGrad } from "../gradcheck.js";

const f64 = { dtype: "float64" } as const;

describe("hw4 Embedding", () => {
  it("forward gathers rows; backward adds the gradients of repeated ids (= central differences)", () => {
    const rng = new Generator(8);
    const emb = new Embedding(4, 3, rng);
    emb.W = emb.W.astype("float64");
    const idx = rng.randint(0, 4, [2, 6], { dtype: "int32" });
    const Y = emb.forward(idx);
    expect(arrayEqual(Y.slice(1, 2), emb.W.slice(idx.slice(1, 2).item()))).toBe(true);
    const G = rng.randn([2, 6, 3], f64);
    emb.backward(G);
    const withW = (W: NDArray) => {
      const e = new Embedding(4, 3);
      e.W = W;
      return e.forward(idx);
    };
    checkGrad(withW, emb.W, G, emb.dLdW, "Embedding dLdW");
  });
});

describe("hw4 sinusoidalEncoding", () => {
  it.each([
    [5, 6],
    [3, 5],
  ])("T = %i, E = %i equals the paper's formula", (T, E) => {
    const PE = sinusoidalEncoding(T, E, "float64").toArray() as number[][];
    for (let t = 0; t < T; t++) {
      for (let j = 0; j < E; j++) {
        const angle = t / 10000 ** ((2 * Math.floor(j / 2)) / E);
        expect(PE[t][j]).toBeCloseTo(j % 2 === 0 ? Math.sin(angle) : Math.cos(angle), 12);
      }
    }
  });
});
