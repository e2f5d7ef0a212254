import { describe, expect, it } from "vitest";
import { arange, arrayEqual, Generator, type NDArray } from "#ndarray";
import { causalMask, MultiheadAttention } from "../../../reference/hw4/index.js";
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
