import { describe, expect, it } from "vitest";
import { arrayEqual, Generator, type NDArray, ShapeError } from "#ndarray";
import {
  BackwardBeforeForwardError,
  BatchNorm1d,
  Dropout,
  LayerNorm1d,
  Linear,
  logSoftmax,
  MLPResNet,
  Residual,
  ResidualBlock,
  Tensor,
  type NormClass,
} from "../../../reference/hw1/index.js";
import { checkGrad, expectGradClose, numericalGrad } from "../gradcheck.js";

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

describe("hw1 Residual and the residual MLP", () => {
  it("Residual adds the input to fn's output, and its gradient takes both paths", () => {
    const rng = new Generator(5);
    const lin = new Linear(3, 3, { rng, dtype: "float64" });
    const X = rng.randn([4, 3], f64);
    const G = rng.randn([4, 3], f64);
    const res = new Residual(lin);
    expect(arrayEqual(res.forward(X), lin.forward(X).add(X))).toBe(true);
    res.forward(X);
    checkGrad((x) => new Residual(new Linear(3, 3, { W: lin.W, b: lin.b })).forward(x), X, G, res.backward(G), "dLdX");
  });

  describe.each<[string, NormClass]>([
    ["BatchNorm1d", BatchNorm1d],
    ["LayerNorm1d", LayerNorm1d],
  ])("ResidualBlock with %s", (_, norm) => {
    it("is ReLU(X + norm(Linear(Dropout(ReLU(norm(Linear(X))))))) and its dLdX matches central differences", () => {
      const X = new Generator(6).randn([5, 4], f64);
      const G = new Generator(7).randn([5, 4], f64);
      const block = () => new ResidualBlock(4, 3, new Generator(8), { norm, dropP: 0, dtype: "float64" });
      const b = block();
      const Y = b.forward(X);
      const [inner] = b.layers;
      expect(inner).toBeInstanceOf(Residual);
      expect(Y.min().item()).toBeGreaterThanOrEqual(0);
      checkGrad((x) => block().forward(x), X, G, b.backward(G), "dLdX", 1e-5);
    });
  });

  it("with dropout, the block's draws follow construction then forward order from one generator", () => {
    const X = new Generator(9).randn([6, 4], f64);
    const a = new ResidualBlock(4, 2, new Generator(10), { dropP: 0.5, dtype: "float64" });
    const b = new ResidualBlock(4, 2, new Generator(10), { dropP: 0.5, dtype: "float64" });
    expect(arrayEqual(a.forward(X), b.forward(X))).toBe(true);
    const rng = new Generator(10);
    rng.uniform(0, 1, [4 * 2 + 2 + 2 * 4 + 4]);
    const mask = rng.bernoulli(0.5, [6, 2]);
    const dropout = a.modules().find((m): m is Dropout => m instanceof Dropout);
    expect(dropout?.mask !== undefined && arrayEqual(dropout.mask, mask.astype("float64"))).toBe(true);
  });

  it("MLPResNet maps (N, dim) to (N, classes) and its whole backward matches central differences", () => {
    const X = new Generator(11).randn([4, 5], f64);
    const G = new Generator(12).randn([4, 3], f64);
    const net = () => new MLPResNet(5, new Generator(13), { hidden: 6, blocks: 2, classes: 3, dropP: 0, norm: LayerNorm1d, dtype: "float64" });
    const n = net();
    expect(n.forward(X).shape).toEqual([4, 3]);
    checkGrad((x) => net().forward(x), X, G, n.backward(G), "dLdX", 1e-5);
  });
});

describe("hw1 autograd logSoftmax", () => {
  it("equals A − logsumexp, stays finite on large inputs and differentiates through the composition", () => {
    const A = new Generator(14).randn([3, 4], f64).mul(5).add(200);
    const G = new Generator(15).randn([3, 4], f64);
    const x = new Tensor(A, { requiresGrad: true });
    const Y = logSoftmax(x);
    expect(Number.isFinite(Y.data.abs().max().item())).toBe(true);
    expect(Y.data.exp().sum(-1).sub(1).abs().max().item()).toBeLessThan(1e-12);
    Y.backward(G);
    const numeric = numericalGrad((a) => logSoftmax(new Tensor(a)).data, A, G);
    expectGradClose(x.grad, numeric, "dLdA", 1e-5);
  });
});
