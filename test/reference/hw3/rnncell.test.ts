/**
 * The hw3 RNN cell (float64): forward against PyTorch's formula written out as plain loops
 * (formulas.ts); every input and parameter gradient against central differences; the
 * accumulation convention (two backward() calls add up, zeroGrad() resets) and PyTorch's
 * initialisation.
 */
import { describe, expect, it } from "vitest";
import { array, Generator, zeros } from "#ndarray";
import { RNNCell } from "../../../reference/hw3/index.js";
import { checkGrad, expectGradClose } from "../gradcheck.js";
import { f64, H, I, N, PARAMS, params, withParams } from "./cells.js";
import { cellParams, rnnStep, toMatrix } from "./formulas.js";

describe("hw3 RNNCell", () => {
  const rng = new Generator(31);
  const p = params(rng, 1);
  const [x, h, G] = [rng.randn([N, I], f64), rng.randn([N, H], f64), rng.randn([N, H], f64)];
  const make = (q = p) => withParams(new RNNCell(I, H, f64), q);

  it("forward is tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh): written-out loops", () => {
    const expected = toMatrix(x).map((xn, n) => rnnStep(cellParams(p), xn, toMatrix(h)[n]));
    expectGradClose(make().forward(x, h), array(expected, f64), "h′", 1e-13, 1e-14);
  });

  it("backward matches central differences for x, h and all four parameters", () => {
    const cell = make();
    const hNew = cell.forward(x, h);
    const [dLdx, dLdh] = cell.backward(G, hNew, x, h);
    checkGrad((a) => make().forward(a, h), x, G, dLdx, "dLdx");
    checkGrad((a) => make().forward(x, a), h, G, dLdh, "dLdh");
    for (const name of PARAMS) {
      checkGrad((a) => make({ ...p, [name]: a }).forward(x, h), p[name], G, cell[`dLd${name}` as const], `dLd${name}`);
    }
  });

  it("accumulates parameter gradients over calls; zeroGrad() resets them", () => {
    const cell = make();
    const hNew = cell.forward(x, h);
    cell.backward(G, hNew, x, h);
    const once = cell.dLdW_hh;
    cell.backward(G, hNew, x, h);
    expectGradClose(cell.dLdW_hh, once.mul(2), "twice", 1e-15);
    cell.zeroGrad();
    expect(Array.from(cell.dLdb_ih.toTypedArray())).toEqual(new Array(H).fill(0));
  });

  it("initialises like PyTorch: U(−1/√H, 1/√H), W_ih drawn first; zeros without rng", () => {
    const cell = new RNNCell(I, H, { rng: new Generator(5) });
    const k = 1 / Math.sqrt(H);
    expect(cell.W_ih.toArray()).toEqual(new Generator(5).uniform(-k, k, [H, I]).toArray());
    for (const name of PARAMS) expect(Math.max(...Array.from(cell[name].toTypedArray(), Math.abs))).toBeLessThanOrEqual(k);
    expect(new RNNCell(I, H).W_hh.toArray()).toEqual(zeros([H, H]).toArray());
  });
});
