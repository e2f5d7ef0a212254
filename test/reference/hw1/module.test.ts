import { describe, expect, it } from "vitest";
import { arrayEqual, Generator } from "#ndarray";
import { BatchNorm1d, Dropout, LayerNorm1d, Linear, MLPResNet, ReLU, Residual, ResidualBlock, Sequential, SGD } from "../../../reference/hw1/index.js";

const f64 = { dtype: "float64" } as const;

describe("hw1 module tree", () => {
  it("eval() on a model with nested containers reaches every BatchNorm1d and Dropout; train() brings them back", () => {
    const rng = new Generator(1);
    const deep = [new BatchNorm1d(4), new Dropout(0.5, rng), new BatchNorm1d(4)];
    const model = new Sequential([
      new Linear(3, 4, { rng }),
      new Sequential([deep[0], new ReLU(), new Residual(new Sequential([deep[1], deep[2]]))]),
      new Dropout(0.2, rng),
    ]);
    const flags = () => [model, ...deep].map((m) => m.training);
    model.eval();
    expect(flags()).toEqual([false, false, false, false]);
    model.train();
    expect(flags()).toEqual([true, true, true, true]);
  });

  it("a nested BatchNorm1d normalises with its running statistics after the outer eval()", () => {
    const rng = new Generator(2);
    const bn = new BatchNorm1d(3, f64);
    const model = new Sequential([new Sequential([new Sequential([bn])])]);
    const X = rng.randn([5, 3], f64).mul(3).add(2);
    model.forward(X);
    const expected = X.sub(bn.runningMean).div(bn.runningVar.add(1e-5).sqrt());
    expect(arrayEqual(model.eval().forward(X), expected)).toBe(true);
  });

  it("modules() is depth-first pre-order and parameters() lists a shared layer once", () => {
    const rng = new Generator(3);
    const shared = new Linear(4, 4, { rng });
    const norm = new LayerNorm1d(4);
    const inner = new Sequential([shared, norm]);
    const model = new Sequential([shared, new ReLU(), inner, shared]);
    expect(model.modules()).toEqual([model, shared, model.layers[1], inner, norm]);
    const data = model.parameters().map((p) => p.data);
    expect(data).toEqual([shared.W, shared.b, norm.W, norm.b]);
  });

  it("one SGD step through parameters() moves a shared W once", () => {
    const rng = new Generator(4);
    const shared = new Linear(2, 2, { rng, dtype: "float64" });
    const model = new Sequential([shared, new Sequential([shared])]);
    const before = shared.W.clone();
    shared.dLdW = rng.randn([2, 2], f64);
    shared.dLdb = rng.randn([2], f64);
    new SGD(model.parameters(), { lr: 0.5 }).step();
    expect(arrayEqual(shared.W, before.sub(shared.dLdW.mul(0.5)))).toBe(true);
  });

  it("a ResidualBlock's and an MLPResNet's parameters come in torch's order", () => {
    const block = new ResidualBlock(6, 3, new Generator(5), { norm: LayerNorm1d });
    expect(block.parameters().map((p) => p.data.shape)).toEqual([[3, 6], [3], [3], [3], [6, 3], [6], [6], [6]]);
    const net = new MLPResNet(5, new Generator(6), { hidden: 8, blocks: 2, classes: 3 });
    expect(net.parameters().length).toBe(2 + 2 * 8 + 2);
    expect(net.modules().filter((m) => m instanceof BatchNorm1d).length).toBe(4);
  });
});
