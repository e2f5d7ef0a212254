import { describe, expect, it } from "vitest";
import { arrayEqual, Generator, ShapeError, ValueError, zeros } from "#ndarray";
import { BackwardBeforeForwardError, Linear } from "../../../reference/hw1/index.js";
import { checkGrad } from "../gradcheck.js";

const f64 = { dtype: "float64" } as const;

function setup(seed: number, N = 4, Cin = 3, Cout = 5) {
  const rng = new Generator(seed);
  return {
    A: rng.randn([N, Cin], f64),
    W: rng.randn([Cout, Cin], f64),
    b: rng.randn([Cout], f64),
    G: rng.randn([N, Cout], f64),
  };
}

describe("hw1 Linear", () => {
  it("forward is A·Wᵀ + b, checked with plain loops", () => {
    const { A, W, b } = setup(1);
    const Z = new Linear(3, 5, { W, b }).forward(A).toArray() as number[][];
    const a = A.toArray() as number[][];
    const w = W.toArray() as number[][];
    const bb = b.toArray() as number[];
    for (let n = 0; n < 4; n++) {
      for (let o = 0; o < 5; o++) {
        let s = bb[o];
        for (let i = 0; i < 3; i++) s += a[n][i] * w[o][i];
        expect(Z[n][o]).toBeCloseTo(s, 12);
      }
    }
  });

  it("backward: dLdA, dLdW, dLdb match central differences, with PyTorch's shapes", () => {
    const { A, W, b, G } = setup(2);
    const layer = new Linear(3, 5, { W, b });
    layer.forward(A);
    const dLdA = layer.backward(G);
    expect(dLdA.shape).toEqual([4, 3]);
    expect(layer.dLdW?.shape).toEqual([5, 3]);
    expect(layer.dLdb?.shape).toEqual([5]);
    checkGrad((a) => new Linear(3, 5, { W, b }).forward(a), A, G, dLdA, "dLdA");
    checkGrad((w) => new Linear(3, 5, { W: w, b }).forward(A), W, G, layer.dLdW, "dLdW");
    checkGrad((bias) => new Linear(3, 5, { W, b: bias }).forward(A), b, G, layer.dLdb, "dLdb");
  });

  it("backward with a batch of one and with one output", () => {
    const { A, W, b, G } = setup(3, 1, 2, 1);
    const layer = new Linear(2, 1, { W, b });
    layer.forward(A);
    const dLdA = layer.backward(G);
    checkGrad((a) => new Linear(2, 1, { W, b }).forward(a), A, G, dLdA, "dLdA");
    checkGrad((w) => new Linear(2, 1, { W: w, b }).forward(A), W, G, layer.dLdW, "dLdW");
  });

  it("init draws W then b from rng.uniform(−k, k), k = 1/√inFeatures", () => {
    const layer = new Linear(3, 5, { rng: new Generator(7) });
    const k = 1 / Math.sqrt(3);
    const g = new Generator(7);
    const W = g.uniform(-k, k, [5, 3]);
    const b = g.uniform(-k, k, [5]);
    expect(arrayEqual(layer.W, W)).toBe(true);
    expect(arrayEqual(layer.b, b)).toBe(true);
    expect(layer.W.dtype).toBe("float32");
    expect(Array.from(layer.W.toTypedArray()).every((w) => Math.abs(w) <= k)).toBe(true);
  });

  it("a given W takes no draws: b is then the first draw", () => {
    const W = zeros([5, 3]);
    const layer = new Linear(3, 5, { rng: new Generator(8), W });
    expect(layer.W).toBe(W);
    const k = 1 / Math.sqrt(3);
    expect(arrayEqual(layer.b, new Generator(8).uniform(-k, k, [5]))).toBe(true);
  });

  it("without rng or arrays the parameters are zeros of the requested dtype", () => {
    const layer = new Linear(2, 4, { dtype: "float64" });
    expect(layer.W.toArray()).toEqual([[0, 0], [0, 0], [0, 0], [0, 0]]);
    expect(layer.b.toArray()).toEqual([0, 0, 0, 0]);
    expect(layer.W.dtype).toBe("float64");
  });

  it("rejects parameters of the wrong shape and non-positive sizes", () => {
    expect(() => new Linear(3, 5, { W: zeros([3, 5]) })).toThrow(ShapeError);
    expect(() => new Linear(3, 5, { b: zeros([3]) })).toThrow(ShapeError);
    expect(() => new Linear(0, 5)).toThrow(ValueError);
  });

  it("backward before forward throws", () => {
    expect(() => new Linear(2, 2).backward(zeros([1, 2]))).toThrow(BackwardBeforeForwardError);
  });
});
