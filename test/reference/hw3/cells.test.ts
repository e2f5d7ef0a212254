/**
 * The hw3 recurrent cells (float64): forward values against PyTorch's formulas written out
 * as plain loops (formulas.ts), with every gate block's weights and biases distinct so that
 * a swapped gate shows; every input gradient and every parameter gradient against central
 * differences; the accumulation convention (two backward() calls add up, zeroGrad()
 * resets), PyTorch's initialisation, and clear errors.
 */
import { describe, expect, it } from "vitest";
import { array, Generator, zeros, type NDArray } from "#ndarray";
import { BackwardBeforeForwardError, GRUCell, LSTMCell, RNNCell } from "../../../reference/hw3/index.js";
import { checkGrad, expectGradClose } from "../gradcheck.js";
import { cellParams, gruStep, lstmStep, rnnStep, toMatrix } from "./formulas.js";

const f64 = { dtype: "float64" } as const;
const [N, I, H] = [3, 4, 5];
type Param = "W_ih" | "W_hh" | "b_ih" | "b_hh";
const PARAMS: Param[] = ["W_ih", "W_hh", "b_ih", "b_hh"];

/** A cell of `gates` blocks with float64 parameters drawn from rng. */
function params(rng: Generator, gates: number): Record<Param, NDArray> {
  return {
    W_ih: rng.randn([gates * H, I], f64).mul(0.5),
    W_hh: rng.randn([gates * H, H], f64).mul(0.5),
    b_ih: rng.randn([gates * H], f64).mul(0.5),
    b_hh: rng.randn([gates * H], f64).mul(0.5),
  };
}

/**
 * p with gate block g's biases shifted by (g − 1)·0.7: the gates' pre-activations sit
 * apart, so reading a gate from the wrong block moves h′ far beyond the tolerance.
 */
function gateOffsets(p: Record<Param, NDArray>, gates: number): Record<Param, NDArray> {
  const shift = array(Array.from({ length: gates * H }, (_, row) => (Math.floor(row / H) - 1) * 0.7), f64);
  return { ...p, b_ih: p.b_ih.add(shift), b_hh: p.b_hh.add(shift) };
}

function withParams<C extends Record<Param, NDArray>>(cell: C, p: Record<Param, NDArray>): C {
  for (const name of PARAMS) cell[name] = p[name];
  return cell;
}

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
