import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allclose, arrayEqual, Generator } from "#ndarray";
import { Conv2d, Conv2dStride1 } from "../../../reference/hw2/index.js";
import { checkGrad } from "../gradcheck.js";
import { conv2d } from "./naive.js";

const f64 = { dtype: "float64" } as const;

describe("hw2 Conv2d", () => {
  it("forward equals the plain-loop definition for any size, stride and padding", () => {
    fc.assert(
      fc.property(
        fc.record({ Cin: fc.integer({ min: 1, max: 2 }), Cout: fc.integer({ min: 1, max: 3 }), K: fc.integer({ min: 1, max: 3 }), s: fc.integer({ min: 1, max: 3 }), p: fc.integer({ min: 0, max: 2 }), dh: fc.integer({ min: 0, max: 4 }), dw: fc.integer({ min: 0, max: 4 }), seed: fc.integer() }),
        ({ Cin, Cout, K, s, p, dh, dw, seed }) => {
          const [H, W] = [Math.max(1, K - 2 * p) + dh, Math.max(1, K - 2 * p) + dw];
          const rng = new Generator(seed);
          const [A, Wt, b] = [rng.randn([2, Cin, H, W], f64), rng.randn([Cout, Cin, K, K], f64), rng.randn([Cout], f64)];
          const Z = new Conv2d(Cin, Cout, K, { W: Wt, b, stride: s, padding: p }).forward(A);
          expect(allclose(Z, conv2d(A, Wt, b, s, p), { rtol: 1e-12, atol: 1e-12 })).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });

  it.each([
    [1, 0],
    [2, 1],
  ])("backward with stride %i and padding %i matches central differences", (s, p) => {
    const rng = new Generator(20 + s);
    const [A, W, b] = [rng.randn([2, 2, 6, 5], f64), rng.randn([3, 2, 3, 3], f64), rng.randn([3], f64)];
    const make = (w = W, bias = b) => new Conv2d(2, 3, 3, { W: w, b: bias, stride: s, padding: p });
    const layer = make();
    const G = rng.randn(layer.forward(A).shape, f64);
    const dLdA = layer.backward(G);
    checkGrad((a) => make().forward(a), A, G, dLdA, "dLdA");
    checkGrad((w) => make(w).forward(A), W, G, layer.dLdW, "dLdW");
    checkGrad((bias) => make(W, bias).forward(A), b, G, layer.dLdb, "dLdb");
  });

  it("init bound is 1/√(Cin·K·K)", () => {
    const layer = new Conv2dStride1(2, 3, 3, { rng: new Generator(6) });
    const k = 1 / Math.sqrt(18);
    expect(arrayEqual(layer.W, new Generator(6).uniform(-k, k, [3, 2, 3, 3]))).toBe(true);
  });
});
