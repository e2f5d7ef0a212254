import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arange, Generator, type NDArray } from "#ndarray";
import { causalMask, ScaledDotProductAttention, type AttentionMasks } from "../../../reference/hw4/index.js";
import { checkGrad } from "../gradcheck.js";

const f64 = { dtype: "float64" } as const;
const [N, H, L, S, E, Ev] = [2, 2, 4, 4, 3, 2];

/** The kinds of masks, including one with fully masked rows (query 0, and batch element 1). */
function masksOf(kind: string): AttentionMasks {
  const padding = arange(S).reshape([1, S]).ge(arange(N).add(2).reshape([N, 1]));
  switch (kind) {
    case "causal":
      return { attnMask: causalMask(L) };
    case "padding":
      return { keyPaddingMask: padding };
    case "both":
      return { attnMask: causalMask(L), keyPaddingMask: padding };
    case "full": {
      const attnMask = causalMask(L).clone();
      attnMask.slice(0).assign(1);
      const keyPaddingMask = padding.clone();
      keyPaddingMask.slice(1).assign(1);
      return { attnMask, keyPaddingMask };
    }
    default:
      return {};
  }
}

/** softmax(Q·Kᵀ/√E)·V by loops over plain numbers, masked keys skipped, empty rows zero. */
function naive(Q: NDArray, K: NDArray, V: NDArray, masks: AttentionMasks): number[] {
  const [q, k, v] = [Q, K, V].map((x) => x.toTypedArray());
  const am = masks.attnMask?.toTypedArray();
  const kp = masks.keyPaddingMask?.toTypedArray();
  const out: number[] = [];
  for (let b = 0; b < N * H; b++) {
    const n = Math.floor(b / H);
    for (let i = 0; i < L; i++) {
      const scores: number[] = [];
      for (let j = 0; j < S; j++) {
        const masked = (am !== undefined && am[i * S + j] !== 0) || (kp !== undefined && kp[n * S + j] !== 0);
        let dot = 0;
        for (let e = 0; e < E; e++) dot += q[(b * L + i) * E + e] * k[(b * S + j) * E + e];
        scores.push(masked ? -Infinity : dot / Math.sqrt(E));
      }
      const m = Math.max(...scores);
      const w = scores.map((s) => (m === -Infinity ? 0 : Math.exp(s - m)));
      const total = w.reduce((a, c) => a + c, 0);
      for (let c = 0; c < Ev; c++) {
        let o = 0;
        for (let j = 0; j < S; j++) if (total > 0) o += (w[j] / total) * v[(b * S + j) * Ev + c];
        out.push(o);
      }
    }
  }
  return out;
}

function qkv(seed: number) {
  const rng = new Generator(seed);
  return { Q: rng.randn([N, H, L, E], f64), K: rng.randn([N, H, S, E], f64), V: rng.randn([N, H, S, Ev], f64), G: rng.randn([N, H, L, Ev], f64) };
}

describe("hw4 ScaledDotProductAttention", () => {
  describe.each(["none", "causal", "padding", "both", "full"])("mask %s", (kind) => {
    const masks = masksOf(kind);

    it("forward equals the naive loops", () => {
      const { Q, K, V } = qkv(7);
      const O = new ScaledDotProductAttention().forward(Q, K, V, masks).toTypedArray();
      naive(Q, K, V, masks).forEach((o, i) => expect(O[i]).toBeCloseTo(o, 12));
    });

    it("backward matches central differences for Q, K and V (float64)", () => {
      const { Q, K, V, G } = qkv(8);
      const attention = new ScaledDotProductAttention();
      attention.forward(Q, K, V, masks);
      const grads = attention.backward(G);
      const run = (q: NDArray, k: NDArray, v: NDArray) => new ScaledDotProductAttention().forward(q, k, v, masks);
      checkGrad((q) => run(q, K, V), Q, G, grads.dLdQ, `${kind} dLdQ`);
      checkGrad((k) => run(Q, k, V), K, G, grads.dLdK, `${kind} dLdK`);
      checkGrad((v) => run(Q, K, v), V, G, grads.dLdV, `${kind} dLdV`);
    });
  });

  it("fully masked rows give zero outputs and zero gradients", () => {
    const { Q, K, V, G } = qkv(9);
    const attention = new ScaledDotProductAttention();
    const O = attention.forward(Q, K, V, masksOf("full"));
    expect(O.slice(":, :, 0").abs().max().item()).toBe(0);
    expect(O.slice(1).abs().max().item()).toBe(0);
    const { dLdQ, dLdK, dLdV } = attention.backward(G);
    expect(dLdQ.slice(1).abs().max().item()).toBe(0);
    expect(dLdK.slice(1).abs().max().item()).toBe(0);
    expect(dLdV.slice(1).abs().max().item()).toBe(0);
  });

  it("causal attention: output i does not depend on values after i (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: S - 1 }), (seed, t) => {
        const { Q, K, V } = qkv(seed);
        const before = new ScaledDotProductAttention().forward(Q, K, V, masksOf("causal"));
        const changed = V.clone();
        changed.slice(":, :", t).assign(changed.slice(":, :", t).add(5));
        const after = new ScaledDotProductAttention().forward(Q, K, changed, masksOf("causal"));
        expect(after.slice(":, :", `:${t}`).sub(before.slice(":, :", `:${t}`)).abs().max().item()).toBe(0);
      }),
      { numRuns: 20 },
    );
  });
});
