import { describe, expect, it } from "vitest";
import { arange, arrayEqual, Generator, type NDArray } from "#ndarray";
import { causalMask, Embedding, LayerNorm, MultiheadAttention, sinusoidalEncoding } from "../../../reference/hw4/index.js";
import { checkGrad } from "../gradcheck.js";
import { mhaToF64 } from "./f64.js";

const f64 = { dtype: "float64" } as const;

describe("hw4 MultiheadAttention", () => {
  const [N, L, S, E, H] = [2, 4, 3, 6, 3];
  const rng = new Generator(5);
  const [query, key, value] = [rng.randn([N, L, E], f64), rng.randn([N, S, E], f64), rng.randn([N, S, E], f64)];
  const G = rng.randn([N, L, E], f64);
  const masks = { attnMask: causalMask(4).slice(":, :3"), keyPaddingMask: arange(S).reshape([1, S]).ge(arange(N).add(2).reshape([N, 1])) };
  const fresh = () => mhaToF64(new MultiheadAttention(E, H, new Generator(6)));

  it("backward matches central differences for every input and weight (float64)", () => {
    const mha = fresh();
    mha.forward(query, key, value, masks);
    const grads = mha.backward(G);
    checkGrad((x) => fresh().forward(x, key, value, masks), query, G, grads.dLdQuery, "dLdQuery");
    checkGrad((x) => fresh().forward(query, x, value, masks), key, G, grads.dLdKey, "dLdKey");
    checkGrad((x) => fresh().forward(query, key, x, masks), value, G, grads.dLdValue, "dLdValue");
    const projections = ["qProj", "kProj", "vProj", "outProj"] as const;
    for (const p of projections) {
      for (const field of ["W", "b"] as const) {
        const withParam = (x: NDArray) => {
          const m = fresh();
          m[p][field] = x;
          return m.forward(query, key, value, masks);
        };
        checkGrad(withParam, mha[p][field], G, field === "W" ? mha[p].dLdW : mha[p].dLdb, `${p}.dLd${field}`);
      }
    }
  });

  it("splitHeads and mergeHeads are inverse; head h holds features h·D … h·D + D − 1", () => {
    const mha = fresh();
    const X = arange(N * L * E).reshape([N, L, E]);
    const split = mha.splitHeads(X);
    expect(split.shape).toEqual([N, H, L, E / H]);
    expect(arrayEqual(split.slice(0, 1, 0), X.slice(0, 0, "2:4"))).toBe(true);
    expect(arrayEqual(mha.mergeHeads(split), X)).toBe(true);
  });
});

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

describe("hw4 LayerNorm", () => {
  const rng = new Generator(9);
  const X = rng.randn([2, 3, 5], f64).mul(3).add(1);
  const G = rng.randn([2, 3, 5], f64);
  const W = rng.randn([5], f64);
  const b = rng.randn([5], f64);
  const make = (w = W, bias = b) => {
    const ln = new LayerNorm(5);
    ln.W = w;
    ln.b = bias;
    return ln;
  };

  it("normalises each position with the biased variance", () => {
    const Y = make(W.mul(0).add(1), b.mul(0)).forward(X);
    expect(Y.mean(-1).abs().max().item()).toBeLessThan(1e-12);
    const v = Y.var(-1).toTypedArray();
    const xv = X.var(-1).toTypedArray();
    v.forEach((vi, i) => expect(vi).toBeCloseTo(xv[i] / (xv[i] + 1e-5), 10));
  });

  it("backward matches central differences for X, W and b (float64)", () => {
    const ln = make();
    ln.forward(X);
    const dLdX = ln.backward(G);
    checkGrad((x) => make().forward(x), X, G, dLdX, "LayerNorm dLdX");
    checkGrad((w) => make(w).forward(X), W, G, ln.dLdW, "LayerNorm dLdW");
    checkGrad((bias) => make(W, bias).forward(X), b, G, ln.dLdb, "LayerNorm dLdb");
  });
});
