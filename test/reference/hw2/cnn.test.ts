import { describe, expect, it } from "vitest";
import { arrayEqual, Generator } from "#ndarray";
import { CNN, ReLU, Sigmoid, Tanh } from "../../../reference/hw2/index.js";
import { checkGrad } from "../gradcheck.js";

const f64 = { dtype: "float64" } as const;

function model(rng?: Generator) {
  return new CNN({
    inChannels: 2,
    inSize: [7, 6],
    channels: [3, 2],
    kernelSizes: [3, 2],
    strides: [2, 1],
    paddings: [1, 0],
    activations: [new Tanh(), new Sigmoid()],
    outFeatures: 3,
    rng,
    dtype: "float64",
  });
}

describe("hw2 CNN", () => {
  it("sizes its Linear layer from the convolutions' output (here 2 channels × 3 × 2)", () => {
    expect(model().linear.W.shape).toEqual([3, 12]);
  });

  it("draws conv 0, conv 1, then the Linear layer, each W before b", () => {
    const m = model(new Generator(3));
    const g = new Generator(3);
    const k0 = 1 / Math.sqrt(2 * 9);
    expect(arrayEqual(m.convs[0].W, g.uniform(-k0, k0, [3, 2, 3, 3], f64))).toBe(true);
    g.uniform(-k0, k0, [3]);
    const k1 = 1 / Math.sqrt(3 * 4);
    g.uniform(-k1, k1, [2, 3, 2, 2]);
    g.uniform(-k1, k1, [2]);
    const kl = 1 / Math.sqrt(12);
    expect(arrayEqual(m.linear.W, g.uniform(-kl, kl, [3, 12], f64))).toBe(true);
  });

  it("backward: dLdA and every parameter gradient match central differences", () => {
    const rng = new Generator(8);
    const base = model(new Generator(9));
    const A = rng.randn([2, 2, 7, 6], f64);
    const G = rng.randn([2, 3], f64);
    base.forward(A);
    const dLdA = base.backward(G);
    checkGrad((a) => model(new Generator(9)).forward(a), A, G, dLdA, "dLdA");
    base.convs.forEach((conv, i) => {
      checkGrad((w) => {
        const m = model(new Generator(9));
        m.convs[i].W = w;
        return m.forward(A);
      }, conv.W, G, conv.dLdW, `dLdW${i}`);
    });
    checkGrad((w) => {
      const m = model(new Generator(9));
      m.linear.W = w;
      return m.forward(A);
    }, base.linear.W, G, base.linear.dLdW, "dLdWl");
  });

  it("rejects spec lists of different lengths", () => {
    expect(() => new CNN({ inChannels: 1, inSize: [4, 4], channels: [2], kernelSizes: [2, 2], strides: [1], activations: [new ReLU()], outFeatures: 2 })).toThrow();
  });
});
