import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { array, Generator, where } from "#ndarray";
import { causalMask, Softmax } from "../../../reference/hw4/index.js";
import { checkGrad } from "../gradcheck.js";

const f64 = { dtype: "float64" } as const;

describe("hw4 Softmax", () => {
  it.each([0, 1, 2, -1, -2])("backward matches central differences on axis %i (float64)", (axis) => {
    const rng = new Generator(40 + axis);
    const Z = rng.randn([3, 4, 5], f64).mul(2);
    const G = rng.randn([3, 4, 5], f64);
    const layer = new Softmax(axis);
    layer.forward(Z);
    checkGrad((z) => new Softmax(axis).forward(z), Z, G, layer.backward(G), `Softmax(${axis}) dLdZ`);
  });

  it("sums to 1 along its axis, is positive and ignores shifts (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 1000 }), fc.double({ min: -50, max: 50, noNaN: true }), (axis, seed, shift) => {
        const Z = new Generator(seed).randn([2, 3, 4], f64).mul(3);
        const A = new Softmax(axis).forward(Z);
        const sums = Array.from(A.sum(axis).toTypedArray());
        sums.forEach((s) => expect(s).toBeCloseTo(1, 12));
        expect(A.min().item()).toBeGreaterThan(0);
        const shifted = new Softmax(axis).forward(Z.add(shift)).toTypedArray();
        A.toTypedArray().forEach((a, i) => expect(shifted[i]).toBeCloseTo(a, 10));
      }),
      { numRuns: 30 },
    );
  });

  it("stays finite on logits of ±1e4", () => {
    const A = new Softmax().forward(array([[1e4, -1e4, 0], [1e4, 1e4, 1e4]]));
    expect(A.toArray()).toEqual([[1, 0, 0], [1 / 3, 1 / 3, 1 / 3].map(Math.fround)]);
  });

  it("gives −∞ entries probability 0 and an all −∞ row zeros, with zero gradient", () => {
    const Z = where(causalMask(3), -Infinity, array([[1, 2, 3], [4, 5, 6], [7, 8, 9]], f64));
    Z.slice(0).assign(-Infinity);
    const layer = new Softmax();
    const A = layer.forward(Z);
    expect(A.slice(0).toArray()).toEqual([0, 0, 0]);
    expect(A.slice(1, 2).item()).toBe(0);
    expect(A.slice(1).sum().item()).toBeCloseTo(1, 14);
    expect(A.slice(2).sum().item()).toBeCloseTo(1, 14);
    const dLdZ = layer.backward(new Generator(1).randn([3, 3], f64));
    expect(dLdZ.slice(0).abs().max().item()).toBe(0);
    expect(dLdZ.slice(1, 2).item()).toBe(0);
  });
});
