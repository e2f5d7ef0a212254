import { describe, expect, it } from "vitest";
import { Generator, type NDArray, ShapeError } from "#ndarray";
import { BackwardBeforeForwardError, LayerNorm1d } from "../../../reference/hw1/index.js";
import { checkGrad } from "../gradcheck.js";

const f64 = { dtype: "float64" } as const;

function layerNorm(W: NDArray, b: NDArray): LayerNorm1d {
  const ln = new LayerNorm1d(W.shape[0], f64);
  ln.W = W;
  ln.b = b;
  return ln;
}

describe("hw1 LayerNorm1d", () => {
  it("normalises each row with its biased variance, then scales and shifts", () => {
    const rng = new Generator(1);
    const Z = rng.randn([4, 5], f64).mul(3).add(1);
    const [W, b] = [rng.randn([5], f64), rng.randn([5], f64)];
    const Y = layerNorm(W, b).forward(Z);
    const rows = Z.toArray() as number[][];
    const out = Y.toArray() as number[][];
    const [w, bb] = [W.toArray() as number[], b.toArray() as number[]];
    rows.forEach((row, n) => {
      const m = row.reduce((s, v) => s + v, 0) / row.length;
      const v = row.reduce((s, x) => s + (x - m) ** 2, 0) / row.length;
      row.forEach((x, d) => expect(out[n][d]).toBeCloseTo((w[d] * (x - m)) / Math.sqrt(v + 1e-5) + bb[d], 12));
    });
  });

  it("works on a batch of one, where BatchNorm1d cannot train", () => {
    const Z = new Generator(2).randn([1, 6], f64);
    const Y = new LayerNorm1d(6, f64).forward(Z);
    expect(Math.abs(Y.mean().item())).toBeLessThan(1e-12);
  });

  it("backward matches central differences for dLdZ, dLdW and dLdb", () => {
    const rng = new Generator(3);
    const Z = rng.randn([4, 5], f64);
    const [W, b, G] = [rng.randn([5], f64), rng.randn([5], f64), rng.randn([4, 5], f64)];
    const ln = layerNorm(W, b);
    ln.forward(Z);
    const dLdZ = ln.backward(G);
    checkGrad((z) => layerNorm(W, b).forward(z), Z, G, dLdZ, "dLdZ");
    checkGrad((w) => layerNorm(w, b).forward(Z), W, G, ln.dLdW, "dLdW");
    checkGrad((c) => layerNorm(W, c).forward(Z), b, G, ln.dLdb, "dLdb");
  });

  it("checks its input's shape and that forward ran first", () => {
    const ln = new LayerNorm1d(3);
    expect(() => ln.backward(new Generator(4).randn([2, 3]))).toThrow(BackwardBeforeForwardError);
    expect(() => ln.forward(new Generator(4).randn([2, 4]))).toThrow(ShapeError);
  });
});
