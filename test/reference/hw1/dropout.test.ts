import { describe, expect, it } from "vitest";
import { arrayEqual, Generator, ValueError } from "#ndarray";
import { Dropout } from "../../../reference/hw1/index.js";
import { checkGrad } from "../gradcheck.js";

const f64 = { dtype: "float64" } as const;
const x = new Generator(100).randn([5, 4], f64);
const G = new Generator(101).randn([5, 4], f64);

describe("hw1 Dropout", () => {
  it("draws ONE mask rng.bernoulli(1 − p, shape) and scales by 1/(1 − p)", () => {
    const d = new Dropout(0.3, new Generator(9));
    const y = d.forward(x);
    const mask = new Generator(9).bernoulli(0.7, [5, 4]);
    expect(d.mask).toBeDefined();
    expect(Array.from(d.mask!.toTypedArray())).toEqual(Array.from(mask.toTypedArray()));
    const xs = x.toTypedArray();
    const m = mask.toTypedArray();
    Array.from(y.toTypedArray()).forEach((v, i) => expect(v).toBe((xs[i] * m[i]) * (1 / 0.7)));
  });

  it("the generator advances by exactly shape.size uniforms per training forward", () => {
    const rng = new Generator(10);
    const d = new Dropout(0.5, rng);
    d.forward(x);
    d.forward(x);
    const ref = new Generator(10);
    ref.bernoulli(0.5, [5, 4]);
    const second = ref.bernoulli(0.5, [5, 4]);
    expect(arrayEqual(d.mask!, second.astype("float64"))).toBe(true);
    expect(rng.uniformDouble()).toBe(ref.uniformDouble());
  });

  it("backward multiplies by the same mask and 1/(1 − p); matches central differences", () => {
    const d = new Dropout(0.25, new Generator(11));
    d.forward(x);
    const dLdx = d.backward(G);
    const m = d.mask!.toTypedArray();
    const g = G.toTypedArray();
    Array.from(dLdx.toTypedArray()).forEach((v, i) => expect(v).toBeCloseTo((g[i] * m[i]) / 0.75, 15));
    checkGrad((z) => new Dropout(0.25, new Generator(11)).forward(z), x, G, dLdx, "Dropout dLdx");
  });

  it("eval mode is the identity and draws nothing", () => {
    const rng = new Generator(12);
    const d = new Dropout(0.5, rng).eval();
    expect(d.training).toBe(false);
    expect(arrayEqual(d.forward(x), x)).toBe(true);
    expect(d.mask).toBeUndefined();
    expect(arrayEqual(d.backward(G), G)).toBe(true);
    expect(rng.uniformDouble()).toBe(new Generator(12).uniformDouble());
  });

  it("p = 0 keeps everything (still one draw); p = 1 gives zeros without dividing by zero", () => {
    const rng = new Generator(13);
    const keep = new Dropout(0, rng);
    expect(arrayEqual(keep.forward(x), x)).toBe(true);
    const ref = new Generator(13);
    ref.bernoulli(1, [5, 4]);
    expect(rng.uniformDouble()).toBe(ref.uniformDouble());

    const drop = new Dropout(1, new Generator(14));
    const y = Array.from(drop.forward(x).toTypedArray());
    expect(y.every((v) => v === 0)).toBe(true);
    expect(Array.from(drop.backward(G).toTypedArray()).every((v) => v === 0)).toBe(true);
  });

  it("keeps the input's dtype (float32 in, float32 out)", () => {
    const d = new Dropout(0.5, new Generator(15));
    expect(d.forward(new Generator(1).randn([3, 3])).dtype).toBe("float32");
  });

  it("rejects p outside [0, 1]", () => {
    expect(() => new Dropout(1.5, new Generator(1))).toThrow(ValueError);
    expect(() => new Dropout(-0.1, new Generator(1))).toThrow(ValueError);
  });
});
