/**
 * The hw3 LSTM cell (bonus, float64): forward against PyTorch's formulas written out as
 * plain loops (formulas.ts), with every gate block's biases apart so that a swapped gate
 * shows; every input and parameter gradient against central differences; a clear error for
 * backward before forward.
 */
import { describe, expect, it } from "vitest";
import { array, Generator, zeros, type NDArray } from "#ndarray";
import { BackwardBeforeForwardError, LSTMCell } from "../../../reference/hw3/index.js";
import { checkGrad, expectGradClose } from "../gradcheck.js";
import { f64, gateOffsets, H, I, N, PARAMS, params, withParams } from "./cells.js";
import { cellParams, lstmStep, toMatrix } from "./formulas.js";

describe("hw3 LSTMCell (bonus)", () => {
  const rng = new Generator(33);
  const p = params(rng, 4);
  const [x, h, c] = [rng.randn([N, I], f64), rng.randn([N, H], f64), rng.randn([N, H], f64)];
  const [Gh, Gc] = [rng.randn([N, H], f64), rng.randn([N, H], f64)];
  const make = (q = p) => withParams(new LSTMCell(I, H, f64), q);
  /** Σ(Gh ⊙ h′) + Σ(Gc ⊙ c′) as one output: h′ and c′ stacked, weighted by [Gh; Gc]. */
  const both = (cell: LSTMCell, a: NDArray, b: NDArray, d: NDArray) => {
    const [hNew, cNew] = cell.forward(a, b, d);
    return hNew.mul(Gh).add(cNew.mul(Gc));
  };
  const ONES = zeros([N, H], f64).add(1);

  it("forward is PyTorch's LSTM gate by gate (i, f, g, o blocks in that order): written-out loops", () => {
    const q = gateOffsets(p, 4);
    const expected = toMatrix(x).map((xn, n) => lstmStep(cellParams(q), xn, toMatrix(h)[n], toMatrix(c)[n]));
    const [hNew, cNew] = make(q).forward(x, h, c);
    expectGradClose(hNew, array(expected.map(([hn]) => hn), f64), "h′", 1e-13, 1e-14);
    expectGradClose(cNew, array(expected.map(([, cn]) => cn), f64), "c′", 1e-13, 1e-14);
  });

  it("backward matches central differences for x, h, c and all four parameters", () => {
    const cell = make();
    cell.forward(x, h, c);
    const [dLdx, dLdh, dLdc] = cell.backward(Gh, Gc);
    checkGrad((a) => both(make(), a, h, c), x, ONES, dLdx, "dLdx");
    checkGrad((a) => both(make(), x, a, c), h, ONES, dLdh, "dLdh");
    checkGrad((a) => both(make(), x, h, a), c, ONES, dLdc, "dLdc");
    for (const name of PARAMS) {
      checkGrad((a) => both(make({ ...p, [name]: a }), x, h, c), p[name], ONES, cell[`dLd${name}` as const], `dLd${name}`);
    }
  });

  it("refuses backward before forward", () => {
    expect(() => make().backward(Gh, Gc)).toThrow(BackwardBeforeForwardError);
  });
});
