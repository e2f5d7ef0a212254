import { describe, expect, it } from "vitest";
import { array, arrayEqual, Generator, type NDArray } from "#ndarray";
import { DecoderLM, greedyNext } from "../../../reference/hw4/index.js";
import { checkGrad, expectGradClose, numericalGrad } from "../gradcheck.js";
import { lmToF64 } from "./f64.js";

const f64 = { dtype: "float64" } as const;

describe("hw4 DecoderLM", () => {
  const config = { vocabSize: 5, embedDim: 4, numHeads: 2, ffDim: 8, numLayers: 2, maxLen: 6 };
  const fresh = () => lmToF64(new DecoderLM({ ...config, rng: new Generator(21) }));
  const idx = new Generator(22).randint(0, 5, [2, 4], { dtype: "int32" });
  const G = new Generator(23).randn([2, 4, 5], f64);

  it("backward fills the embedding and head gradients (= central differences)", () => {
    const lm = fresh();
    lm.forward(idx);
    lm.backward(G);
    const withEmb = (W: NDArray) => {
      const m = fresh();
      m.tokEmb.W = W;
      return m.forward(idx);
    };
    expectGradClose(lm.tokEmb.dLdW, numericalGrad(withEmb, lm.tokEmb.W, G), "tokEmb.dLdW", 1e-6);
    const withHead = (W: NDArray) => {
      const m = fresh();
      m.head.W = W;
      return m.forward(idx);
    };
    checkGrad(withHead, lm.head.W, G, lm.head.dLdW, "head.dLdW");
  });

  it("greedy generation appends the argmax of the last position, cropping to maxLen", () => {
    const lm = fresh();
    const prompt = array([[1, 2]], { dtype: "int32" });
    const tokens = lm.generate(prompt, 6);
    expect(tokens.shape).toEqual([1, 8]);
    expect(arrayEqual(tokens.slice(":, :2"), prompt)).toBe(true);
    const last = tokens.slice(":", `${8 - 1 - config.maxLen}:7`);
    expect(arrayEqual(tokens.slice(":", 7), greedyNext(lm.forward(last).slice(":", -1)))).toBe(true);
    expect(lm.training).toBe(true);
  });
});
