import { describe, expect, it } from "vitest";
import { Generator } from "#ndarray";
import { LayerNorm } from "../../../reference/hw4/index.js";
import { checkGrad } from "../gradcheck.js";

const f64 = { dtype: "float64" } as const;

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
