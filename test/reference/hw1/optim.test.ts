import { describe, expect, it } from "vitest";
import { Generator, NDArray, ValueError } from "#ndarray";
import { Adam, AdamW, Linear, MLP1, parametersOf, SGD, type Parameter } from "../../../reference/hw1/index.js";

/** A parameter whose gradient the test sets by hand before each step. */
interface TestParam extends Parameter {
  data: NDArray;
  grad: NDArray | undefined;
}

/** The gradient the tests feed at step k for parameter values θ: g = 2θ − 0.3 + 0.1·k·sin(i). */
function gradAt(theta: ArrayLike<number>, k: number): number[] {
  return Array.from(theta, (x, i) => 2 * x - 0.3 + 0.1 * k * Math.sin(i + 1));
}

function makeParams(seed: number): TestParam[] {
  const rng = new Generator(seed);
  return [{ data: rng.randn([3, 2], { dtype: "float64" }), grad: undefined }, { data: rng.randn([4], { dtype: "float64" }), grad: undefined }];
}

/** Runs `steps` steps of `opt` on `params`, feeding gradAt; returns the final values. */
function runOptimiser(params: TestParam[], step: () => void, steps: number, skip?: (k: number, p: number) => boolean): number[][] {
  for (let k = 1; k <= steps; k++) {
    params.forEach((p, j) => {
      p.grad = skip?.(k, j) ? undefined : NDArray.fromTypedArray(Float64Array.from(gradAt(p.data.toTypedArray(), k)), p.data.shape);
    });
    step();
  }
  return params.map((p) => Array.from(p.data.toTypedArray()));
}

// ---- the torch.optim formulas, element by element, in JS numbers ----

function sgdScalar(theta0: number[], steps: number, lr: number, mu: number, nesterov: boolean, wd: number): number[] {
  const theta = [...theta0];
  const v: number[] = [];
  for (let k = 1; k <= steps; k++) {
    const g0 = gradAt(theta, k);
    for (let i = 0; i < theta.length; i++) {
      let g = g0[i] + wd * theta[i];
      if (mu !== 0) {
        v[i] = k === 1 ? g : mu * v[i] + g;
        g = nesterov ? g + mu * v[i] : v[i];
      }
      theta[i] -= lr * g;
    }
  }
  return theta;
}

function adamScalar(theta0: number[], steps: number, lr: number, b1: number, b2: number, eps: number, wd: number, decoupled: boolean, active?: (k: number) => boolean): number[] {
  const theta = [...theta0];
  const m = theta.map(() => 0);
  const v = theta.map(() => 0);
  let t = 0;
  for (let k = 1; k <= steps; k++) {
    if (active && !active(k)) continue;
    t++;
    const g0 = gradAt(theta, k);
    for (let i = 0; i < theta.length; i++) {
      let g = g0[i];
      if (decoupled) theta[i] -= lr * wd * theta[i];
      else g += wd * theta[i];
      m[i] = b1 * m[i] + (1 - b1) * g;
      v[i] = b2 * v[i] + (1 - b2) * g * g;
      const mHat = m[i] / (1 - b1 ** t);
      const vHat = v[i] / (1 - b2 ** t);
      theta[i] -= (lr * mHat) / (Math.sqrt(vHat) + eps);
    }
  }
  return theta;
}

function expectAllClose(actual: number[], expected: number[], rtol = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i]), `index ${i}: ${a} vs ${expected[i]}`).toBeLessThanOrEqual(1e-14 + rtol * Math.abs(expected[i])));
}

const initial = (params: TestParam[]) => params.map((p) => Array.from(p.data.toTypedArray()));

describe("hw1 SGD", () => {
  const cases = [
    { name: "plain", momentum: 0, nesterov: false, weightDecay: 0 },
    { name: "weight decay", momentum: 0, nesterov: false, weightDecay: 0.05 },
    { name: "momentum", momentum: 0.9, nesterov: false, weightDecay: 0 },
    { name: "momentum + weight decay", momentum: 0.8, nesterov: false, weightDecay: 0.01 },
    { name: "nesterov + weight decay", momentum: 0.9, nesterov: true, weightDecay: 0.02 },
  ];
  it.each(cases)("$name: 5 steps equal torch's rule computed element by element", ({ momentum, nesterov, weightDecay }) => {
    const params = makeParams(1);
    const start = initial(params);
    const opt = new SGD(params, { lr: 0.05, momentum, nesterov, weightDecay });
    const got = runOptimiser(params, () => opt.step(), 5);
    got.forEach((theta, j) => expectAllClose(theta, sgdScalar(start[j], 5, 0.05, momentum, nesterov, weightDecay)));
  });

  it("skips a parameter whose grad is undefined", () => {
    const params = makeParams(2);
    const start = initial(params);
    const opt = new SGD(params, { lr: 0.1, momentum: 0.9 });
    const got = runOptimiser(params, () => opt.step(), 3, (_k, j) => j === 1);
    expect(got[1]).toEqual(start[1]);
  });

  it("rejects nesterov without momentum and a negative lr", () => {
    expect(() => new SGD([], { lr: 0.1, nesterov: true })).toThrow(ValueError);
    expect(() => new SGD([], { lr: -1 })).toThrow(ValueError);
  });
});

describe("hw1 Adam and AdamW", () => {
  it.each([0, 0.1])("Adam (weightDecay %s): 5 steps equal torch's rule", (wd) => {
    const params = makeParams(3);
    const start = initial(params);
    const opt = new Adam(params, { lr: 0.01, betas: [0.8, 0.95], eps: 1e-6, weightDecay: wd });
    const got = runOptimiser(params, () => opt.step(), 5);
    got.forEach((theta, j) => expectAllClose(theta, adamScalar(start[j], 5, 0.01, 0.8, 0.95, 1e-6, wd, false)));
  });

  it("Adam's defaults are lr 1e-3, betas (0.9, 0.999), eps 1e-8", () => {
    const params = makeParams(4);
    const start = initial(params);
    const opt = new Adam(params);
    const got = runOptimiser(params, () => opt.step(), 4);
    got.forEach((theta, j) => expectAllClose(theta, adamScalar(start[j], 4, 1e-3, 0.9, 0.999, 1e-8, 0, false)));
  });

  it("AdamW decays decoupled, default weightDecay 1e-2: 5 steps equal torch's rule", () => {
    const params = makeParams(5);
    const start = initial(params);
    const opt = new AdamW(params, { lr: 0.05 });
    expect(opt.weightDecay).toBe(0.01);
    const got = runOptimiser(params, () => opt.step(), 5);
    got.forEach((theta, j) => expectAllClose(theta, adamScalar(start[j], 5, 0.05, 0.9, 0.999, 1e-8, 0.01, true)));
  });

  it("AdamW with weight decay differs from Adam with the same (coupled) weight decay", () => {
    const a = makeParams(6);
    const b = makeParams(6);
    const adam = new Adam(a, { lr: 0.05, weightDecay: 0.5 });
    const adamw = new AdamW(b, { lr: 0.05, weightDecay: 0.5 });
    const x = runOptimiser(a, () => adam.step(), 3);
    const y = runOptimiser(b, () => adamw.step(), 3);
    expect(Math.abs(x[0][0] - y[0][0])).toBeGreaterThan(1e-4);
  });

  it("a parameter's step count t advances only on the steps where it has a gradient", () => {
    const params = makeParams(7);
    const start = initial(params);
    const opt = new Adam(params, { lr: 0.02 });
    const active = (k: number) => k >= 3;
    const got = runOptimiser(params, () => opt.step(), 6, (k, j) => j === 0 && !active(k));
    expectAllClose(got[0], adamScalar(start[0], 6, 0.02, 0.9, 0.999, 1e-8, 0, false, active));
    expectAllClose(got[1], adamScalar(start[1], 6, 0.02, 0.9, 0.999, 1e-8, 0, false));
  });

  it("rejects betas outside [0, 1)", () => {
    expect(() => new Adam([], { betas: [1, 0.999] })).toThrow(ValueError);
  });
});

describe("hw1 optimiser parameter protocol", () => {
  it("parametersOf lists W then b of each layer with weights, as getters onto the layer", () => {
    const model = new MLP1(new Generator(1));
    const params = model.parameters();
    expect(params.length).toBe(4);
    const [l1, l2] = model.linears;
    expect(params.map((p) => p.data)).toEqual([l1.W, l1.b, l2.W, l2.b]);
    expect(params[0].grad).toBeUndefined();
    l1.dLdW = l1.W.mul(0);
    expect(params[0].grad).toBe(l1.dLdW);
  });

  it.each([
    ["SGD", (p: Parameter[]) => new SGD(p, { lr: 0.1, momentum: 0.5 })],
    ["Adam", (p: Parameter[]) => new Adam(p, { lr: 0.1 })],
    ["AdamW", (p: Parameter[]) => new AdamW(p, { lr: 0.1 })],
  ] as const)("%s updates the layer's arrays in place, keeping their dtype", (_name, make) => {
    const layer = new Linear(3, 2, { rng: new Generator(2) });
    const W = layer.W;
    const before = Array.from(W.toTypedArray());
    const opt = make(parametersOf([layer]));
    layer.forward(new Generator(3).randn([4, 3]));
    layer.backward(new Generator(4).randn([4, 2]));
    opt.step();
    expect(layer.W).toBe(W);
    expect(layer.W.dtype).toBe("float32");
    expect(Array.from(layer.W.toTypedArray())).not.toEqual(before);
  });
});
