import { describe, expect, it } from "vitest";
import { arange, array, Generator, type NDArray } from "#ndarray";
import { DecoderBlock } from "../../../reference/hw4/index.js";
import { checkGrad } from "../gradcheck.js";
import { blockToF64 } from "./f64.js";

const f64 = { dtype: "float64" } as const;

describe("hw4 DecoderBlock", () => {
  const [N, T, E] = [2, 4, 4];
  const X = new Generator(11).randn([N, T, E], f64);
  const G = new Generator(12).randn([N, T, E], f64);
  const padding = arange(T).reshape([1, T]).ge(array([4, 2], { dtype: "int32" }).reshape([N, 1]));
  // A block rebuilt from the same seed draws the same weights and, at its forward, the same masks.
  const fresh = (p: number) => blockToF64(new DecoderBlock(E, 2, 8, { p, rng: new Generator(13) }));

  it.each([0, 0.3])("backward matches central differences for X and the FFN and attention weights (p = %f)", (p) => {
    const block = fresh(p);
    block.forward(X, padding);
    const dLdX = block.backward(G);
    checkGrad((x) => fresh(p).forward(x, padding), X, G, dLdX, "block dLdX");
    const withFf1 = (W: NDArray) => {
      const b = fresh(p);
      b.ff1.W = W;
      return b.forward(X, padding);
    };
    checkGrad(withFf1, block.ff1.W, G, block.ff1.dLdW, "block ff1.dLdW");
    const withLn1 = (W: NDArray) => {
      const b = fresh(p);
      b.ln1.W = W;
      return b.forward(X, padding);
    };
    checkGrad(withLn1, block.ln1.W, G, block.ln1.dLdW, "block ln1.dLdW");
  });

  it("is causal: output t does not depend on inputs after t", () => {
    const Y = fresh(0).forward(X);
    const changed = X.clone();
    changed.slice(":", 3).assign(changed.slice(":", 3).add(1));
    const Y2 = fresh(0).forward(changed);
    expect(Y2.slice(":", ":3").sub(Y.slice(":", ":3")).abs().max().item()).toBeLessThan(1e-12);
  });
});
