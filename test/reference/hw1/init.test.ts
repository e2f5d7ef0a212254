import { describe, expect, it } from "vitest";
import { arrayEqual, Generator, ShapeError, ValueError } from "#ndarray";
import { calculateGain, fans, kaimingNormal, kaimingUniform, Linear, xavierNormal, xavierUniform } from "../../../reference/hw1/index.js";

/** The largest |x| of an array's elements. */
function largest(values: ArrayLike<number>): number {
  return Math.max(...Array.from(values, Math.abs));
}

describe("hw1 init", () => {
  it("computes torch's fans: [in·receptive, out·receptive] for a weight [out, in, k…]", () => {
    expect(fans([5, 3])).toEqual([3, 5]);
    expect(fans([8, 4, 3, 2])).toEqual([24, 48]);
    expect(() => fans([7])).toThrow(ShapeError);
  });

  it("gives torch's gains (calculate_gain)", () => {
    expect(calculateGain("linear")).toBe(1);
    expect(calculateGain("sigmoid")).toBe(1);
    expect(calculateGain("tanh")).toBeCloseTo(5 / 3, 15);
    expect(calculateGain("relu")).toBeCloseTo(Math.SQRT2, 15);
    expect(calculateGain("leaky_relu")).toBeCloseTo(Math.sqrt(2 / (1 + 0.01 ** 2)), 15);
    expect(calculateGain("leaky_relu", Math.sqrt(5))).toBeCloseTo(Math.sqrt(1 / 3), 15);
    expect(() => calculateGain("selu" as "relu")).toThrow(ValueError);
  });

  it("each scheme is exactly ONE draw of the stated kind, with torch's bound or σ", () => {
    const shape = [6, 4];
    const [fanIn, fanOut] = [4, 6];
    const cases = [
      { got: xavierUniform(shape, new Generator(1), { gain: 2 }), want: new Generator(1).uniform(-2 * Math.sqrt(6 / 10), 2 * Math.sqrt(6 / 10), shape) },
      { got: xavierNormal(shape, new Generator(2), { gain: 2 }), want: new Generator(2).normal(0, 2 * Math.sqrt(2 / 10), shape) },
      { got: kaimingUniform(shape, new Generator(3)), want: new Generator(3).uniform(-Math.sqrt(6 / fanIn), Math.sqrt(6 / fanIn), shape) },
      {
        got: kaimingNormal(shape, new Generator(4), { mode: "fan_out", nonlinearity: "tanh" }),
        want: new Generator(4).normal(0, 5 / 3 / Math.sqrt(fanOut), shape),
      },
    ];
    for (const { got, want } of cases) {
      expect(got.dtype).toBe("float32");
      expect(arrayEqual(got, want)).toBe(true);
    }
  });

  it("draws nothing else: a second draw from the same generator continues the stream", () => {
    const rng = new Generator(5);
    xavierUniform([3, 2], rng);
    const next = rng.uniform(0, 1, [4]);
    const g = new Generator(5);
    g.uniform(0, 1, [6]);
    expect(arrayEqual(next, g.uniform(0, 1, [4]))).toBe(true);
  });

  it("kaiming's uniform bound is gain·√(3/fan): every value inside, some near it", () => {
    const W = kaimingUniform([64, 32], new Generator(6), { dtype: "float64" });
    const bound = Math.SQRT2 * Math.sqrt(3 / 32);
    const top = largest(W.toTypedArray());
    expect(top).toBeLessThanOrEqual(bound);
    expect(top).toBeGreaterThan(0.95 * bound);
  });

  it("Linear's default init is kaimingUniform with a = √5 (bound 1/√in, as torch states), then the bias", () => {
    const [inF, outF] = [7, 5];
    const layer = new Linear(inF, outF, { rng: new Generator(7), dtype: "float64" });
    const rng = new Generator(7);
    const W = kaimingUniform([outF, inF], rng, { a: Math.sqrt(5), dtype: "float64" });
    expect(calculateGain("leaky_relu", Math.sqrt(5)) * Math.sqrt(3 / inF)).toBeCloseTo(1 / Math.sqrt(inF), 15);
    expect(layer.W.sub(W).abs().max().item()).toBeLessThan(1e-15);
    const k = 1 / Math.sqrt(inF);
    expect(arrayEqual(layer.b, rng.uniform(-k, k, [outF], { dtype: "float64" }))).toBe(true);
  });
});
