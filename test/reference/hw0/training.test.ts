import { describe, expect, it } from "vitest";
import { array, Generator, NDArray } from "#ndarray";
import {
  normalizeImages,
  numericalGradient,
  softmaxLoss,
  softmaxLossGradient,
  softmaxRegressionEpoch,
  softmaxRegressionGradient,
  twoLayerEpoch,
  twoLayerForward,
  twoLayerGradients,
} from "../../../reference/hw0/index.js";
import { expectGradClose, numericalScalarGrad } from "../gradcheck.js";

const f64 = { dtype: "float64" } as const;

function classification(seed: number, N: number, n: number, k: number) {
  const rng = new Generator(seed);
  return { rng, X: rng.randn([N, n], f64), y: rng.randint(0, k, [N], { dtype: "int32" }) };
}

/** The loss by its definition, row by row in JS numbers. */
function naiveLoss(Z: NDArray, y: NDArray): number {
  const rows = Z.toArray() as number[][];
  const labels = Array.from(y.toTypedArray());
  return rows.reduce((s, row, n) => s + Math.log(row.reduce((t, v) => t + Math.exp(v), 0)) - row[labels[n]], 0) / rows.length;
}

describe("hw0 normalizeImages", () => {
  it("flattens, scales to [0, 1] and standardises, in float32", () => {
    const X = normalizeImages(array([[[0, 255], [51, 102]]], { dtype: "int32" }), 0.5, 0.25);
    expect(X.dtype).toBe("float32");
    expect(X.shape).toEqual([1, 4]);
    Array.from(X.toTypedArray()).forEach((v, i) => expect(v).toBeCloseTo(([0, 1, 0.2, 0.4][i] - 0.5) / 0.25, 5));
  });
});

describe("hw0 softmax loss", () => {
  it("equals the definition, and stays finite on logits of ±1000", () => {
    const { X: Z, y } = classification(1, 5, 4, 4);
    expect(softmaxLoss(Z, y)).toBeCloseTo(naiveLoss(Z, y), 12);
    const big = Z.mul(1000);
    const loss = softmaxLoss(big, y);
    expect(Number.isFinite(loss)).toBe(true);
    expect(loss).toBeCloseTo(naiveLoss(big.sub(big.max(1, true)), y), 6);
  });

  it("its gradient matches central differences", () => {
    const { X: Z, y } = classification(2, 6, 5, 5);
    expectGradClose(softmaxLossGradient(Z, y), numericalScalarGrad((z) => softmaxLoss(z, y), Z), "dLdZ");
  });
});

describe("hw0 softmax regression", () => {
  it("the gradient matches central differences", () => {
    const { rng, X, y } = classification(3, 7, 4, 3);
    const theta = rng.randn([4, 3], f64);
    expectGradClose(softmaxRegressionGradient(X, y, theta), numericalScalarGrad((t) => softmaxLoss(X.matmul(t), y), theta), "dLdtheta");
  });

  it("an epoch is one gradient step per minibatch, the last one smaller, in place", () => {
    const { rng, X, y } = classification(4, 10, 3, 4);
    const theta = rng.randn([3, 4], f64);
    const expected = theta.clone();
    for (const rows of ["0:4", "4:8", "8:10"]) expected.isub(softmaxRegressionGradient(X.slice(rows), y.slice(rows), expected).mul(0.3));
    softmaxRegressionEpoch(X, y, theta, { lr: 0.3, batch: 4 });
    expectGradClose(theta, expected, "theta", 1e-12, 1e-12);
  });
});

describe("hw0 two-layer network", () => {
  it("both gradients match central differences", () => {
    const { rng, X, y } = classification(5, 6, 4, 3);
    const W1 = rng.randn([4, 5], f64);
    const W2 = rng.randn([5, 3], f64);
    const { dLdW1, dLdW2 } = twoLayerGradients(X, y, W1, W2);
    expectGradClose(dLdW1, numericalScalarGrad((w) => softmaxLoss(twoLayerForward(X, w, W2), y), W1), "dLdW1");
    expectGradClose(dLdW2, numericalScalarGrad((w) => softmaxLoss(twoLayerForward(X, W1, w), y), W2), "dLdW2");
  });

  it("an epoch takes both gradients at the current weights, minibatch by minibatch", () => {
    const { rng, X, y } = classification(6, 7, 3, 2);
    const [W1, W2] = [rng.randn([3, 4], f64), rng.randn([4, 2], f64)];
    const [E1, E2] = [W1.clone(), W2.clone()];
    for (const rows of ["0:3", "3:6", "6:7"]) {
      const g = twoLayerGradients(X.slice(rows), y.slice(rows), E1, E2);
      E1.isub(g.dLdW1.mul(0.5));
      E2.isub(g.dLdW2.mul(0.5));
    }
    twoLayerEpoch(X, y, W1, W2, { lr: 0.5, batch: 3 });
    expectGradClose(W1, E1, "W1", 1e-12, 1e-12);
    expectGradClose(W2, E2, "W2", 1e-12, 1e-12);
  });
});

describe("hw0 numericalGradient", () => {
  it("matches the exact gradient of Σ x³, in float64, for float32 inputs too", () => {
    const x = new Generator(7).randn([2, 3]);
    const grad = numericalGradient((v) => v.mul(v).mul(v).sum().item(), x);
    expect(grad.dtype).toBe("float64");
    expectGradClose(grad, x.astype("float64").mul(x.astype("float64")).mul(3), "grad", 1e-7, 1e-8);
  });

  it("leaves x unchanged even when f modifies what it is given", () => {
    const x = new Generator(8).randn([3], f64);
    const before = Array.from(x.toTypedArray());
    numericalGradient((v) => v.iadd(1).sum().item(), x);
    expect(Array.from(x.toTypedArray())).toEqual(before);
  });
});
