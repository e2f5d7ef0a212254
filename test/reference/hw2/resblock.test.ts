import { describe, expect, it } from "vitest";
import { Generator } from "#ndarray";
import { ResBlock } from "../../../reference/hw2/index.js";
import { checkGrad } from "../gradcheck.js";

const f64 = { dtype: "float64" } as const;

describe("hw2 ResBlock", () => {
  it.each([
    [2, 2, 1],
    [2, 3, 2],
  ])("Cin %i → Cout %i, stride %i: dLdA and the weight gradients match central differences", (Cin, Cout, s) => {
    const rng = new Generator(10 + s);
    const make = () => new ResBlock(Cin, Cout, s, { rng: new Generator(11), dtype: "float64" });
    const block = make();
    expect(block.projection === undefined).toBe(Cin === Cout && s === 1);
    const A = rng.randn([2, Cin, 5, 4], f64);
    const Y = block.forward(A);
    const G = rng.randn(Y.shape, f64);
    checkGrad((a) => make().forward(a), A, G, block.backward(G), "dLdA", 1e-5);
    checkGrad((w) => {
      const m = make();
      m.branch1.conv.W = w;
      return m.forward(A);
    }, block.branch1.conv.W, G, block.branch1.conv.dLdW, "branch1 dLdW", 1e-5);
  });
});
