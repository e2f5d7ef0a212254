import { describe, expect, it } from "vitest";
import { allclose, Generator } from "#ndarray";
import { BatchNorm2d } from "../../../reference/hw2/index.js";
import { checkGrad } from "../gradcheck.js";

const f64 = { dtype: "float64" } as const;

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
