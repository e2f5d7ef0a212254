import { describe, expect, it } from "vitest";
import { Generator, type NDArray, ShapeError, ValueError } from "#ndarray";
import { BackwardBeforeForwardError, BatchNorm1d } from "../../../reference/hw1/index.js";
import { checkGrad } from "../gradcheck.js";

const f64 = { dtype: "float64" } as const;

/** Column statistics in JS numbers: mean, and variance dividing by N − ddof. */
function columnStats(Z: number[][], ddof: number): { mean: number[]; variance: number[] } {
  const N = Z.length;
  const C = Z[0].length;
  const mean = Array.from({ length: C }, (_, c) => Z.reduce((s, row) => s + row[c], 0) / N);
  const variance = Array.from({ length: C }, (_, c) => Z.reduce((s, row) => s + (row[c] - mean[c]) ** 2, 0) / (N - ddof));
  return { mean, variance };
}

function setup(seed: number, N = 6, C = 3) {
  const rng = new Generator(seed);
  return {
    Z: rng.randn([N, C], f64).mul(2).add(1),
    W: rng.uniform(0.5, 1.5, [C], f64),
    b: rng.randn([C], f64),
    G: rng.randn([N, C], f64),
  };
}

function layer(W: NDArray, b: NDArray, training = true): BatchNorm1d {
  const bn = new BatchNorm1d(W.shape[0], { dtype: "float64" });
  bn.W = W;
  bn.b = b;
  return bn.train(training);
}

describe("hw1 BatchNorm1d", () => {
  it("training forward normalises with the BIASED batch variance", () => {
    const { Z, W, b } = setup(1);
    const out = layer(W, b).forward(Z).toArray() as number[][];
    const z = Z.toArray() as number[][];
    const { mean, variance } = columnStats(z, 0);
    const w = W.toArray() as number[];
    const bb = b.toArray() as number[];
    z.forEach((row, n) =>
      row.forEach((v, c) => expect(out[n][c]).toBeCloseTo((w[c] * (v - mean[c])) / Math.sqrt(variance[c] + 1e-5) + bb[c], 12)),
    );
  });

  it("running statistics take the UNBIASED variance, momentum 0.1, over two steps", () => {
    const bn = new BatchNorm1d(3, { dtype: "float64" });
    const z1 = setup(2).Z;
    const z2 = setup(3, 4).Z;
    bn.forward(z1);
    bn.forward(z2);
    const s1 = columnStats(z1.toArray() as number[][], 1);
    const s2 = columnStats(z2.toArray() as number[][], 1);
    const rm = [0, 1, 2].map((c) => 0.9 * (0.9 * 0 + 0.1 * s1.mean[c]) + 0.1 * s2.mean[c]);
    const rv = [0, 1, 2].map((c) => 0.9 * (0.9 * 1 + 0.1 * s1.variance[c]) + 0.1 * s2.variance[c]);
    (bn.runningMean.toArray() as number[]).forEach((v, c) => expect(v).toBeCloseTo(rm[c], 13));
    (bn.runningVar.toArray() as number[]).forEach((v, c) => expect(v).toBeCloseTo(rv[c], 13));
    // and NOT the biased one
    const biased = columnStats(z2.toArray() as number[][], 0);
    const rvBiased = 0.9 * (0.9 + 0.1 * s1.variance[0]) + 0.1 * biased.variance[0];
    expect(Math.abs((bn.runningVar.toArray() as number[])[0] - rvBiased)).toBeGreaterThan(1e-3);
  });

  it("eval mode normalises with the running statistics and leaves them unchanged", () => {
    const { Z, W, b } = setup(4);
    const bn = layer(W, b);
    bn.forward(setup(5).Z);
    bn.forward(setup(6).Z);
    const rm = bn.runningMean.toArray() as number[];
    const rv = bn.runningVar.toArray() as number[];
    bn.eval();
    expect(bn.training).toBe(false);
    const out = bn.forward(Z).toArray() as number[][];
    const w = W.toArray() as number[];
    const bb = b.toArray() as number[];
    (Z.toArray() as number[][]).forEach((row, n) =>
      row.forEach((v, c) => expect(out[n][c]).toBeCloseTo((w[c] * (v - rm[c])) / Math.sqrt(rv[c] + 1e-5) + bb[c], 12)),
    );
    expect(bn.runningMean.toArray()).toEqual(rm);
    expect(bn.runningVar.toArray()).toEqual(rv);
  });

  it("training backward: dLdZ (through the batch statistics), dLdW, dLdb match central differences", () => {
    const { Z, W, b, G } = setup(7);
    const bn = layer(W, b);
    bn.forward(Z);
    const dLdZ = bn.backward(G);
    checkGrad((z) => layer(W, b).forward(z), Z, G, dLdZ, "dLdZ");
    checkGrad((w) => layer(w, b).forward(Z), W, G, bn.dLdW, "dLdW");
    checkGrad((bias) => layer(W, bias).forward(Z), b, G, bn.dLdb, "dLdb");
  });

  it("eval backward: the statistics are constants", () => {
    const { Z, W, b, G } = setup(8);
    const trained = layer(W, b);
    trained.forward(setup(9).Z);
    const frozen = () => {
      const bn = layer(W, b, false);
      bn.runningMean = trained.runningMean;
      bn.runningVar = trained.runningVar;
      return bn;
    };
    const bn = frozen();
    bn.forward(Z);
    const dLdZ = bn.backward(G);
    checkGrad((z) => frozen().forward(z), Z, G, dLdZ, "eval dLdZ");
    checkGrad((w) => {
      const l = frozen();
      l.W = w;
      return l.forward(Z);
    }, W, G, bn.dLdW, "eval dLdW");
  });

  it("options: eps and momentum are used; affine false stores no parameter gradients", () => {
    const { Z, G } = setup(10);
    const bn = new BatchNorm1d(3, { eps: 0.5, momentum: 0.3, affine: false, dtype: "float64" });
    const out = bn.forward(Z).toArray() as number[][];
    const z = Z.toArray() as number[][];
    const { mean, variance } = columnStats(z, 0);
    expect(out[0][0]).toBeCloseTo((z[0][0] - mean[0]) / Math.sqrt(variance[0] + 0.5), 12);
    expect((bn.runningMean.toArray() as number[])[1]).toBeCloseTo(0.3 * mean[1], 13);
    bn.backward(G);
    expect(bn.dLdW).toBeUndefined();
    expect(bn.dLdb).toBeUndefined();
  });

  it("defaults as PyTorch: eps 1e-5, momentum 0.1, W ones, b zeros, running mean 0 and var 1, training", () => {
    const bn = new BatchNorm1d(2);
    expect([bn.eps, bn.momentum, bn.affine, bn.training]).toEqual([1e-5, 0.1, true, true]);
    expect(bn.W.toArray()).toEqual([1, 1]);
    expect(bn.b.toArray()).toEqual([0, 0]);
    expect(bn.runningMean.toArray()).toEqual([0, 0]);
    expect(bn.runningVar.toArray()).toEqual([1, 1]);
    expect(bn.W.dtype).toBe("float32");
  });

  it("float32 input keeps float32 running statistics", () => {
    const bn = new BatchNorm1d(3);
    const out = bn.forward(new Generator(1).randn([5, 3]));
    expect(out.dtype).toBe("float32");
    expect(bn.runningVar.dtype).toBe("float32");
  });

  it("errors: wrong shape, a batch of one in training, backward before forward", () => {
    const bn = new BatchNorm1d(3);
    expect(() => bn.forward(new Generator(1).randn([4, 2]))).toThrow(ShapeError);
    expect(() => bn.forward(new Generator(1).randn([1, 3]))).toThrow(ValueError);
    expect(() => bn.backward(new Generator(1).randn([4, 3]))).toThrow(BackwardBeforeForwardError);
    expect(bn.eval().forward(new Generator(1).randn([1, 3])).shape).toEqual([1, 3]);
  });
});
