import { describe, expect, it } from "vitest";
import { allclose, arrayEqual, Generator } from "#ndarray";
import { BatchNorm2d, Dropout2d, ResBlock } from "../../../reference/hw2/index.js";
import { checkGrad } from "../gradcheck.js";

const f64 = { dtype: "float64" } as const;

describe("hw2 Dropout2d", () => {
  it("draws ONE (N, C) mask rng.bernoulli(1 − p, [N, C]) and zeroes whole channels", () => {
    const x = new Generator(1).randn([3, 4, 2, 2], f64);
    const d = new Dropout2d(0.5, new Generator(2));
    const y = d.forward(x);
    const mask = new Generator(2).bernoulli(0.5, [3, 4], f64);
    expect(arrayEqual(d.mask!, mask)).toBe(true);
    expect(allclose(y, x.mul(mask.reshape([3, 4, 1, 1])).mul(2), { rtol: 0, atol: 0 })).toBe(true);
  });

  it("backward reuses the mask; eval is the identity", () => {
    const x = new Generator(3).randn([2, 3, 2, 2], f64);
    const G = new Generator(4).randn([2, 3, 2, 2], f64);
    const d = new Dropout2d(0.25, new Generator(5));
    d.forward(x);
    checkGrad((z) => new Dropout2d(0.25, new Generator(5)).forward(z), x, G, d.backward(G), "dLdx");
    const e = new Dropout2d(0.25, new Generator(5)).eval();
    expect(e.forward(x)).toBe(x);
  });
});

describe("hw2 BatchNorm2d", () => {
  it("normalises each channel over (N, H, W) with the biased variance; the running variance is unbiased", () => {
    const Z = new Generator(6).randn([3, 2, 2, 2], f64).mul(3).add(1);
    const bn = new BatchNorm2d(2, { dtype: "float64" });
    const BZ = bn.forward(Z);
    const mean = BZ.mean([0, 2, 3]).toArray() as number[];
    const variance = BZ.var([0, 2, 3]).toArray() as number[];
    mean.forEach((m) => expect(m).toBeCloseTo(0, 12));
    variance.forEach((v) => expect(v).toBeCloseTo(1, 4));
    const expected = Z.var([0, 2, 3], false, 1).mul(0.1).add(0.9);
    expect(allclose(bn.runningVar, expected, { rtol: 1e-12, atol: 1e-12 })).toBe(true);
  });

  it("backward (training and eval) matches central differences", () => {
    const rng = new Generator(7);
    const Z = rng.randn([2, 3, 2, 3], f64);
    const G = rng.randn([2, 3, 2, 3], f64);
    const W = rng.randn([3], f64);
    const b = rng.randn([3], f64);
    for (const training of [true, false]) {
      const make = (w = W, bias = b) => {
        const bn = new BatchNorm2d(3, { dtype: "float64" }).train(training);
        bn.W = w;
        bn.b = bias;
        return bn;
      };
      const bn = make();
      bn.forward(Z);
      const dLdZ = bn.backward(G);
      checkGrad((z) => make().forward(z), Z, G, dLdZ, `dLdZ (training ${training})`);
      checkGrad((w) => make(w).forward(Z), W, G, bn.dLdW, "dLdW");
      checkGrad((bias) => make(W, bias).forward(Z), b, G, bn.dLdb, "dLdb");
    }
  });
});

describe("hw2 ResBlock", () => {
  it.each([
    [2, 2, 1],
    [2, 3, 2],
  ])("Cin %i → Cout %i, stride %i: dLdA and the weight gradients match central differences", (Cin, Cout, s) => {
    const rng = new Generator(10 + s);
    const make = () => new ResBlock(Cin, Cout, s, { rng: new Generator(11), dtype: "float64" });
    const block = make();
    expect(block.projection === undefined).toBe(Cin === Cout && s === 1);
    const A = rng.randn([2, Cin, 5, 4], f64);
    const Y = block.forward(A);
    const G = rng.randn(Y.shape, f64);
    checkGrad((a) => make().forward(a), A, G, block.backward(G), "dLdA", 1e-5);
    checkGrad((w) => {
      const m = make();
      m.branch1.conv.W = w;
      return m.forward(A);
    }, block.branch1.conv.W, G, block.branch1.conv.dLdW, "branch1 dLdW", 1e-5);
  });
});
