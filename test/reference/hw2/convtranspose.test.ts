import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allclose, arrayEqual, Generator, ShapeError, zeros } from "#ndarray";
import { ConvTranspose1d, ConvTranspose2d } from "../../../reference/hw2/index.js";
import { checkGrad } from "../gradcheck.js";
import { convTranspose1d } from "./naive.js";

const f64 = { dtype: "float64" } as const;

describe("hw2 ConvTranspose1d", () => {
  it("forward equals the scatter definition, padding ≥ K included (PyTorch's length rule)", () => {
    fc.assert(
      fc.property(
        fc.record({ Cin: fc.integer({ min: 1, max: 3 }), Cout: fc.integer({ min: 1, max: 3 }), K: fc.integer({ min: 1, max: 4 }), s: fc.integer({ min: 1, max: 4 }), p: fc.integer({ min: 0, max: 4 }), L: fc.integer({ min: 1, max: 6 }), seed: fc.integer() }),
        ({ Cin, Cout, K, s, p, L, seed }) => {
          const Lout = (L - 1) * s - 2 * p + K;
          fc.pre(Lout >= 1);
          const rng = new Generator(seed);
          const [A, W, b] = [rng.randn([2, Cin, L], f64), rng.randn([Cin, Cout, K], f64), rng.randn([Cout], f64)];
          const Z = new ConvTranspose1d(Cin, Cout, K, { W, b, stride: s, padding: p }).forward(A);
          expect(Z.shape).toEqual([2, Cout, Lout]);
          expect(allclose(Z, convTranspose1d(A, W, b, s, p), { rtol: 1e-12, atol: 1e-12 })).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it.each([
    [1, 0],
    [2, 1],
    [3, 3],
  ])("backward with stride %i and padding %i matches central differences", (s, p) => {
    const rng = new Generator(30 + s);
    const [A, W, b] = [rng.randn([2, 3, 4], f64), rng.randn([3, 2, 3], f64), rng.randn([2], f64)];
    const make = (w = W, bias = b) => new ConvTranspose1d(3, 2, 3, { W: w, b: bias, stride: s, padding: p });
    const layer = make();
    const G = rng.randn(layer.forward(A).shape, f64);
    const dLdA = layer.backward(G);
    checkGrad((a) => make().forward(a), A, G, dLdA, "dLdA");
    checkGrad((w) => make(w).forward(A), W, G, layer.dLdW, "dLdW");
    checkGrad((bias) => make(W, bias).forward(A), b, G, layer.dLdb, "dLdb");
  });

  it("without bias, backward's dLdA is the adjoint of forward: <forward(A), Y> = <A, backward(Y)>", () => {
    // The layer is linear in A, so its input gradient is the transposed map (a strided Conv1d).
    const rng = new Generator(33);
    const W = rng.randn([3, 2, 3], f64);
    const A = rng.randn([1, 3, 5], f64);
    const ct = new ConvTranspose1d(3, 2, 3, { W, b: zeros([2], f64), stride: 2, padding: 1 });
    const Z = ct.forward(A);
    const Y = rng.randn(Z.shape, f64);
    const adjoint = ct.backward(Y);
    expect(Z.mul(Y).sum().item()).toBeCloseTo(A.mul(adjoint).sum().item(), 10);
  });

  it("init draws W (Cin, Cout, K) ~ U(−k, k), then b, k = 1/√(Cout·K) (PyTorch's fan_in)", () => {
    const layer = new ConvTranspose1d(4, 2, 3, { rng: new Generator(7) });
    const k = 1 / Math.sqrt(2 * 3);
    const g = new Generator(7);
    expect(arrayEqual(layer.W, g.uniform(-k, k, [4, 2, 3]))).toBe(true);
    expect(arrayEqual(layer.b, g.uniform(-k, k, [2]))).toBe(true);
  });

  it("rejects a configuration with no output", () => {
    expect(() => new ConvTranspose1d(1, 1, 1, { padding: 1 }).forward(new Generator(1).randn([1, 1, 1]))).toThrow(ShapeError);
  });
});

describe("hw2 ConvTranspose2d", () => {
  it("with a kernel whose only nonzero row is the first, row 0 of the output is ConvTranspose1d of a one-row input", () => {
    // The kernel's other rows are zero, so they only add rows 1 and 2 of bias.
    const rng = new Generator(40);
    const W1 = rng.randn([2, 3, 3], f64);
    const A = rng.randn([1, 2, 1, 4], f64);
    const b = rng.randn([3], f64);
    const one = new ConvTranspose1d(2, 3, 3, { W: W1, b, stride: 2 }).forward(A.reshape([1, 2, 4]));
    const kernel = zeros([2, 3, 3, 3], f64);
    kernel.slice(null, null, 0).assign(W1);
    const two = new ConvTranspose2d(2, 3, 3, { W: kernel, b, stride: 2 }).forward(A);
    expect(two.shape).toEqual([1, 3, 3, 9]);
    expect(allclose(two.slice(null, null, 0), one, { rtol: 1e-12, atol: 1e-12 })).toBe(true);
  });

  it.each([
    [1, 0],
    [2, 1],
  ])("backward with stride %i and padding %i matches central differences", (s, p) => {
    const rng = new Generator(50 + s);
    const [A, W, b] = [rng.randn([2, 2, 3, 2], f64), rng.randn([2, 3, 2, 2], f64), rng.randn([3], f64)];
    const make = (w = W, bias = b) => new ConvTranspose2d(2, 3, 2, { W: w, b: bias, stride: s, padding: p });
    const layer = make();
    const G = rng.randn(layer.forward(A).shape, f64);
    const dLdA = layer.backward(G);
    checkGrad((a) => make().forward(a), A, G, dLdA, "dLdA");
    checkGrad((w) => make(w).forward(A), W, G, layer.dLdW, "dLdW");
    checkGrad((bias) => make(W, bias).forward(A), b, G, layer.dLdb, "dLdb");
  });
});
