import { describe, expect, it } from "vitest";
import { arrayEqual, Generator, type NDArray } from "#ndarray";
import { BatchNorm1d, Dropout, Linear, MLP0, MLP1, MLP4, MSELoss, ReLU, Sequential, SGD } from "../../../reference/hw1/index.js";
import { checkGrad } from "../gradcheck.js";

const f64 = { dtype: "float64" } as const;
const WIDTHS = { MLP0: [2, 3], MLP1: [2, 3, 2], MLP4: [2, 4, 8, 8, 4, 2] };
const MODELS = { MLP0, MLP1, MLP4 };

describe("hw1 models", () => {
  describe.each(Object.keys(MODELS) as (keyof typeof MODELS)[])("%s", (name) => {
    it("has 11-785's layers: Linear(out×in) then ReLU, for each width", () => {
      const model = new MODELS[name](new Generator(1));
      const widths = WIDTHS[name];
      expect(model.layers.length).toBe(2 * (widths.length - 1));
      model.layers.forEach((layer, l) => expect(layer).toBeInstanceOf(l % 2 === 0 ? Linear : ReLU));
      expect(model.linears.map((lin) => lin.W.shape)).toEqual(widths.slice(1).map((w, l) => [w, widths[l]]));
      expect(model.parameters().length).toBe(2 * (widths.length - 1));
    });

    it("init draws each Linear's W then b, first layer first, from the one generator", () => {
      const model = new MODELS[name](new Generator(2));
      const g = new Generator(2);
      const widths = WIDTHS[name];
      model.linears.forEach((lin, l) => {
        const k = 1 / Math.sqrt(widths[l]);
        expect(arrayEqual(lin.W, g.uniform(-k, k, [widths[l + 1], widths[l]]))).toBe(true);
        expect(arrayEqual(lin.b, g.uniform(-k, k, [widths[l + 1]]))).toBe(true);
      });
    });

    it("forward applies the layers in order", () => {
      const model = new MODELS[name](new Generator(3), f64);
      const A = new Generator(4).randn([5, 2], f64);
      let expected: NDArray = A;
      for (const lin of model.linears) expected = expected.matmul(lin.W.transpose()).add(lin.b).maximum(0);
      expect(arrayEqual(model.forward(A), expected)).toBe(true);
    });
  });

  it("MLP4 end to end: dLdA and every layer's dLdW, dLdb match central differences", () => {
    const rng = new Generator(5);
    const A = rng.randn([6, 2], f64);
    const G = rng.randn([6, 2], f64);
    const model = new MLP4(new Generator(6), f64);
    // biases at 0.1 keep the ReLUs mostly active, so the check exercises every layer
    model.linears.forEach((lin) => (lin.b = lin.b.add(0.1)));
    model.forward(A);
    const dLdA = model.backward(G);
    const copy = () => {
      const m = new MLP4(undefined, f64);
      m.linears.forEach((lin, l) => {
        lin.W = model.linears[l].W;
        lin.b = model.linears[l].b;
      });
      return m;
    };
    checkGrad((a) => copy().forward(a), A, G, dLdA, "MLP4 dLdA");
    model.linears.forEach((lin, l) => {
      checkGrad((w) => {
        const m = copy();
        m.linears[l].W = w;
        return m.forward(A);
      }, lin.W, G, lin.dLdW, `layer ${l} dLdW`);
      checkGrad((bias) => {
        const m = copy();
        m.linears[l].b = bias;
        return m.forward(A);
      }, lin.b, G, lin.dLdb, `layer ${l} dLdb`);
    });
  });

  it("a few SGD steps on MSE lower the loss of MLP1", () => {
    const rng = new Generator(7);
    const A = rng.randn([16, 2], f64);
    const Y = A.matmul(rng.randn([2, 2], f64)).maximum(0);
    const model = new MLP1(new Generator(8), f64);
    model.linears.forEach((lin) => (lin.b = lin.b.add(0.2)));
    const loss = new MSELoss();
    const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
    const losses: number[] = [];
    for (let i = 0; i < 20; i++) {
      losses.push(loss.forward(model.forward(A), Y).item());
      model.backward(loss.backward());
      opt.step();
    }
    expect(losses[19]).toBeLessThan(losses[0] * 0.7);
  });

  it("Sequential.train/eval set the mode of BatchNorm1d and Dropout", () => {
    const bn = new BatchNorm1d(3);
    const drop = new Dropout(0.5, new Generator(1));
    const seq = new Sequential([new Linear(2, 3), bn, new ReLU(), drop]);
    seq.eval();
    expect([bn.training, drop.training]).toEqual([false, false]);
    seq.train();
    expect([bn.training, drop.training]).toEqual([true, true]);
    expect(seq.parameters().length).toBe(4);
  });
});
