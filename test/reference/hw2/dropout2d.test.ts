import { describe, expect, it } from "vitest";
import { allclose, arrayEqual, Generator } from "#ndarray";
import { Dropout2d } from "../../../reference/hw2/index.js";
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
