import { describe, expect, it } from "vitest";
import { array, Generator, type NDArray } from "#ndarray";
import { BackwardBeforeForwardError, GELU, Identity, ReLU, Sigmoid, Softmax, Tanh } from "../../../reference/hw1/index.js";
import { checkGrad } from "../gradcheck.js";

const f64 = { dtype: "float64" } as const;
type Activation = { forward(Z: NDArray): NDArray; backward(dLdA: NDArray): NDArray };

/** erf by its Maclaurin series, written here independently of the library (accurate to ~1e-13 for |x| ≤ 3). */
function erfSeries(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

const scalar: Record<string, (x: number) => number> = {
  Identity: (x) => x,
  Sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  Tanh: Math.tanh,
  ReLU: (x) => Math.max(x, 0),
  GELU: (x) => 0.5 * x * (1 + erfSeries(x / Math.SQRT2)),
};

const makers: Record<string, () => Activation> = {
  Identity: () => new Identity(),
  Sigmoid: () => new Sigmoid(),
  Tanh: () => new Tanh(),
  ReLU: () => new ReLU(),
  GELU: () => new GELU(),
  Softmax: () => new Softmax(),
};

function inputs(seed: number, shape: number[] = [4, 5]): { Z: NDArray; G: NDArray } {
  const rng = new Generator(seed);
  const Z = rng.randn(shape, f64).mul(1.5);
  // keep every entry at least 0.05 from ReLU's kink
  const away = Z.add(Z.sign().mul(0.05));
  return { Z: away, G: rng.randn(shape, f64) };
}

describe("hw1 activations", () => {
  describe.each(Object.keys(makers))("%s", (name) => {
    it("backward matches central differences (float64)", () => {
      const { Z, G } = inputs(11);
      const layer = makers[name]();
      layer.forward(Z);
      const dLdZ = layer.backward(G);
      checkGrad((z) => makers[name]().forward(z), Z, G, dLdZ, `${name} dLdZ`);
    });

    it("keeps the input's shape and dtype", () => {
      const Z = new Generator(3).randn([3, 4]);
      const layer = makers[name]();
      const A = layer.forward(Z);
      expect(A.shape).toEqual([3, 4]);
      expect(A.dtype).toBe("float32");
      const dLdZ = layer.backward(new Generator(4).randn([3, 4]));
      expect(dLdZ.shape).toEqual([3, 4]);
      expect(dLdZ.dtype).toBe("float32");
    });

    it("backward before forward throws a BackwardBeforeForwardError", () => {
      const layer = makers[name]();
      expect(() => layer.backward(array([1, 2]))).toThrow(BackwardBeforeForwardError);
    });
  });

  describe.each(Object.keys(scalar))("%s forward", (name) => {
    it("equals the scalar formula element by element", () => {
      const Z = new Generator(5).uniform(-3, 3, [6, 7], f64);
      const A = makers[name]().forward(Z).toTypedArray();
      Array.from(Z.toTypedArray()).forEach((z, i) => expect(A[i]).toBeCloseTo(scalar[name](z), 12));
    });
  });

  it("GELU is the exact erf form: known values Φ(1) and −(1 − Φ(1))", () => {
    const A = new GELU().forward(array([1, -1, 0], f64)).toTypedArray();
    expect(A[0]).toBeCloseTo(0.8413447460685429, 14);
    expect(A[1]).toBeCloseTo(-0.15865525393145707, 14);
    expect(A[2]).toBe(0);
  });

  it("Sigmoid saturates without NaN for |Z| = 1000", () => {
    for (const dtype of ["float32", "float64"] as const) {
      const s = new Sigmoid();
      expect(s.forward(array([-1000, 1000], { dtype })).toArray()).toEqual([0, 1]);
      expect(s.backward(array([1, 1], { dtype })).toArray()).toEqual([0, 0]);
    }
  });

  it("ReLU's derivative at exactly 0 is 0, as PyTorch", () => {
    const r = new ReLU();
    r.forward(array([-1, 0, 2], f64));
    expect(r.backward(array([5, 5, 5], f64)).toArray()).toEqual([0, 0, 5]);
  });

  it("Softmax: rows sum to 1 over the last axis, logits of 1e4 stay finite", () => {
    const A = new Softmax().forward(array([[1e4, 0, -1e4], [1, 2, 3]]));
    const a = A.toTypedArray();
    expect(Array.from(a).every(Number.isFinite)).toBe(true);
    expect(a[0]).toBe(1);
    const e = [1, 2, 3].map((v) => Math.exp(v));
    const total = e.reduce((s, v) => s + v, 0);
    e.forEach((v, j) => expect(a[3 + j]).toBeCloseTo(v / total, 6));
  });

  it("Softmax backward is the full Jacobian-vector product diag(a) − a aᵀ, row by row", () => {
    const { Z, G } = inputs(21, [3, 4]);
    const s = new Softmax();
    const A = s.forward(Z).toArray() as number[][];
    const dLdZ = s.backward(G).toArray() as number[][];
    const g = G.toArray() as number[][];
    A.forEach((a, n) => {
      for (let i = 0; i < 4; i++) {
        let v = 0;
        for (let j = 0; j < 4; j++) v += g[n][j] * ((i === j ? a[i] : 0) - a[i] * a[j]);
        expect(dLdZ[n][i]).toBeCloseTo(v, 14);
      }
    });
  });

  it("Softmax works on 3-D input, over the last axis", () => {
    const { Z, G } = inputs(31, [2, 3, 4]);
    const s = new Softmax();
    const rows = s.forward(Z).sum(-1).toTypedArray();
    rows.forEach((r) => expect(r).toBeCloseTo(1, 14));
    checkGrad((z) => new Softmax().forward(z), Z, G, s.backward(G), "Softmax 3-D dLdZ");
  });
});
