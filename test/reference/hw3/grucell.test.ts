/**
 * The hw3 GRU cell (float64): forward against PyTorch's formulas written out as plain loops
 * (formulas.ts), with every gate block's biases apart so that a swapped gate shows; every
 * input and parameter gradient against central differences; accumulation over steps and a
 * clear error for backward before forward.
 */
import { describe, expect, it } from "vitest";
import { array, Generator } from "#ndarray";
import { BackwardBeforeForwardError, GRUCell } from "../../../reference/hw3/index.js";
import { checkGrad, expectGradClose } from "../gradcheck.js";
import { f64, gateOffsets, H, I, N, PARAMS, params, withParams } from "./cells.js";
import { cellParams, gruStep, toMatrix } from "./formulas.js";

describe("hw3 GRUCell", () => {
  const rng = new Generator(32);
  const p = params(rng, 3);
  const [x, h, G] = [rng.randn([N, I], f64), rng.randn([N, H], f64), rng.randn([N, H], f64)];
  const make = (q = p) => withParams(new GRUCell(I, H, f64), q);

  it("forward is PyTorch's GRU gate by gate (r, z, n blocks in that order, reset on W_hn·h + b_hn): written-out loops", () => {
    const q = gateOffsets(p, 3);
    const expected = toMatrix(x).map((xn, n) => gruStep(cellParams(q), xn, toMatrix(h)[n]));
    expectGradClose(make(q).forward(x, h), array(expected, f64), "h′", 1e-13, 1e-14);
  });

  it("backward matches central differences for x, h and all four parameters", () => {
    const cell = make();
    cell.forward(x, h);
    const [dLdx, dLdh] = cell.backward(G);
    checkGrad((a) => make().forward(a, h), x, G, dLdx, "dLdx");
    checkGrad((a) => make().forward(x, a), h, G, dLdh, "dLdh");
    for (const name of PARAMS) {
      checkGrad((a) => make({ ...p, [name]: a }).forward(x, h), p[name], G, cell[`dLd${name}` as const], `dLd${name}`);
    }
  });

  it("accumulates over steps and refuses backward before forward", () => {
    const cell = make();
    cell.forward(x, h);
    cell.backward(G);
    const once = cell.dLdW_ih;
    cell.backward(G);
    expectGradClose(cell.dLdW_ih, once.mul(2), "twice", 1e-15);
    expect(() => make().backward(G)).toThrow(BackwardBeforeForwardError);
  });
});
