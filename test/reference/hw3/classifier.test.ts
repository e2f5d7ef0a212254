/** The hw3 RNN classifier's BPTT against central differences (float64), with two layers and four steps. */
import { describe, expect, it } from "vitest";
import { Generator, type NDArray } from "#ndarray";
import { BackwardBeforeForwardError, RNNClassifier } from "../../../reference/hw3/index.js";
import { checkGrad, expectGradClose } from "../gradcheck.js";

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

  it("forward runs the layers in order over time: one layer, one step is Linear(RNNCell(x, h0))", () => {
    const m = new RNNClassifier(I, H, 1, O, f64);
    const cell = m.layers[0];
    Object.assign(cell, { W_ih: base.layers[0].W_ih, W_hh: base.layers[0].W_hh, b_ih: base.layers[0].b_ih, b_hh: base.layers[0].b_hh });
    m.W_out = base.W_out;
    m.b_out = base.b_out;
    const x1 = x.slice(":", "0:1");
    const expected = cell.forward(x.slice(":", 0), h0.slice(0)).matmul(base.W_out.T).add(base.b_out);
    expectGradClose(m.forward(x1, h0.slice("0:1")), expected, "logits", 1e-15);
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
