import { describe, expect, it } from "vitest";
import { arrayEqual, Generator } from "#ndarray";
import { BatchNorm1d, Dropout, LayerNorm1d, Linear, MLPResNet, Residual, ResidualBlock, type NormClass } from "../../../reference/hw1/index.js";
import { checkGrad } from "../gradcheck.js";

const f64 = { dtype: "float64" } as const;

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
