/**
 * The hw3 RNN classifier (float64, two layers, four steps): forward against the stacked
 * recurrence written out as plain loops (formulas.ts), BPTT against central differences.
 */
import { describe, expect, it } from "vitest";
import { array, Generator, type NDArray } from "#ndarray";
import { BackwardBeforeForwardError, RNNClassifier } from "../../../reference/hw3/index.js";
import { checkGrad, expectGradClose } from "../gradcheck.js";
import { cellParams, rnnStep, toMatrix } from "./formulas.js";

const f64 = { dtype: "float64" } as const;
const [N, T, I, H, L, O] = [2, 4, 3, 4, 2, 3];

describe("hw3 RNNClassifier", () => {
  const rng = new Generator(41);
  const x = rng.randn([N, T, I], f64);
  const h0 = rng.randn([L, N, H], f64).mul(0.5);
  const G = rng.randn([N, O], f64);
  const base = new RNNClassifier(I, H, L, O, { rng, dtype: "float64" });
  base.W_out = rng.randn([O, H], f64);
  base.b_out = rng.randn([O], f64);

  /** A copy of `base` with one parameter replaced: `layer` −1 is the output layer. */
  function model(layer = -2, name = "", value?: NDArray): RNNClassifier {
    const m = new RNNClassifier(I, H, L, O, f64);
    m.layers.forEach((cell, l) => {
      cell.W_ih = base.layers[l].W_ih;
      cell.W_hh = base.layers[l].W_hh;
      cell.b_ih = base.layers[l].b_ih;
      cell.b_hh = base.layers[l].b_hh;
      if (l === layer && value) cell[name as "W_ih"] = value;
    });
    m.W_out = layer === -1 && name === "W_out" && value ? value : base.W_out;
    m.b_out = layer === -1 && name === "b_out" && value ? value : base.b_out;
    return m;
  }

  it("forward runs the layers in order over time, then Linear on the top layer's last state: written-out loops", () => {
    const cells = base.layers.map((cell) => cellParams(cell));
    const [xs, W_out, b_out] = [x.toArray() as number[][][], toMatrix(base.W_out), Array.from(base.b_out.toTypedArray())];
    const expected = xs.map((steps, n) => {
      const hs = cells.map((_, l) => toMatrix(h0.slice(l))[n]);
      for (const input of steps) {
        for (let l = 0; l < L; l++) hs[l] = rnnStep(cells[l], l === 0 ? input : hs[l - 1], hs[l]);
      }
      const top = hs[L - 1];
      return W_out.map((row, o) => row.reduce((s, w, j) => s + w * top[j], b_out[o]));
    });
    expectGradClose(model().forward(x, h0), array(expected, f64), "logits", 1e-13, 1e-14);
  });

  it("BPTT matches central differences for x, h0, every cell parameter and the output layer", () => {
    const m = model();
    m.forward(x, h0);
    const dLdx = m.backward(G);
    checkGrad((a) => model().forward(a, h0), x, G, dLdx, "dLdx");
    checkGrad((a) => model().forward(x, a), h0, G, m.dLdh0, "dLdh0");
    for (let l = 0; l < L; l++) {
      for (const name of ["W_ih", "W_hh", "b_ih", "b_hh"] as const) {
        checkGrad((a) => model(l, name, a).forward(x, h0), base.layers[l][name], G, m.layers[l][`dLd${name}`], `layer ${l} dLd${name}`);
      }
    }
    checkGrad((a) => model(-1, "W_out", a).forward(x, h0), base.W_out, G, m.dLdW_out, "dLdW_out");
    checkGrad((a) => model(-1, "b_out", a).forward(x, h0), base.b_out, G, m.dLdb_out, "dLdb_out");
  });

  it("a second backward() gives the same gradients (cells are zeroed first)", () => {
    const m = model();
    m.forward(x, h0);
    m.backward(G);
    const first = m.layers[1].dLdW_hh;
    m.backward(G);
    expectGradClose(m.layers[1].dLdW_hh, first, "second backward", 1e-15);
  });

  it("refuses backward before forward", () => {
    expect(() => model().backward(G)).toThrow(BackwardBeforeForwardError);
  });
});
