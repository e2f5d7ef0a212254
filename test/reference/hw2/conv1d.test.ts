import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allclose, arrayEqual, Generator, ShapeError } from "#ndarray";
import { Conv1d, Conv1dStride1 } from "../../../reference/hw2/index.js";
import { checkGrad } from "../gradcheck.js";
import { conv1d } from "./naive.js";

const f64 = { dtype: "float64" } as const;

describe("hw2 Conv1d", () => {
  it("forward equals the plain-loop definition for any size, stride and padding (PyTorch's length rule)", () => {
    fc.assert(
      fc.property(
        fc.record({ N: fc.integer({ min: 1, max: 3 }), Cin: fc.integer({ min: 1, max: 3 }), Cout: fc.integer({ min: 1, max: 3 }), K: fc.integer({ min: 1, max: 4 }), s: fc.integer({ min: 1, max: 4 }), p: fc.integer({ min: 0, max: 3 }), extra: fc.integer({ min: 0, max: 6 }), seed: fc.integer() }),
        ({ N, Cin, Cout, K, s, p, extra, seed }) => {
          const L = Math.max(1, K - 2 * p) + extra;
          const rng = new Generator(seed);
          const [A, W, b] = [rng.randn([N, Cin, L], f64), rng.randn([Cout, Cin, K], f64), rng.randn([Cout], f64)];
          const Z = new Conv1d(Cin, Cout, K, { W, b, stride: s, padding: p }).forward(A);
          expect(Z.shape).toEqual([N, Cout, Math.floor((L + 2 * p - K) / s) + 1]);
          expect(allclose(Z, conv1d(A, W, b, s, p), { rtol: 1e-12, atol: 1e-12 })).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it.each([
    [1, 0],
    [2, 1],
    [3, 2],
  ])("backward with stride %i and padding %i: dLdA, dLdW, dLdb match central differences", (s, p) => {
    const rng = new Generator(10 + s);
    const [A, W, b] = [rng.randn([2, 3, 9], f64), rng.randn([4, 3, 3], f64), rng.randn([4], f64)];
    const make = (w = W, bias = b) => new Conv1d(3, 4, 3, { W: w, b: bias, stride: s, padding: p });
    const layer = make();
    const Z = layer.forward(A);
    const G = rng.randn(Z.shape, f64);
    const dLdA = layer.backward(G);
    checkGrad((a) => make().forward(a), A, G, dLdA, "dLdA");
    checkGrad((w) => make(w).forward(A), W, G, layer.dLdW, "dLdW");
    checkGrad((bias) => make(W, bias).forward(A), b, G, layer.dLdb, "dLdb");
  });

  it("init draws W ~ U(−k, k) then b, k = 1/√(Cin·K); Conv1d draws through its stride-1 layer", () => {
    const layer = new Conv1d(3, 2, 4, { rng: new Generator(5), stride: 2 });
    const k = 1 / Math.sqrt(12);
    const g = new Generator(5);
    expect(arrayEqual(layer.W, g.uniform(-k, k, [2, 3, 4]))).toBe(true);
    expect(arrayEqual(layer.b, g.uniform(-k, k, [2]))).toBe(true);
  });

  it("rejects an input shorter than the kernel and a weight of the wrong shape", () => {
    expect(() => new Conv1dStride1(1, 1, 4).forward(new Generator(1).randn([1, 1, 3]))).toThrow(ShapeError);
    expect(() => new Conv1dStride1(2, 3, 2, { W: new Generator(1).randn([2, 3, 2]) })).toThrow(ShapeError);
  });
});
