import { describe, expect, it } from "vitest";
import { allclose, Generator, zeros, type NDArray } from "#ndarray";
import { DistributedScanningMLP, Linear, ReLU, SimpleScanningMLP, type MLPWeights } from "../../../reference/hw2/index.js";
import { checkGrad } from "../gradcheck.js";

const f64 = { dtype: "float64" } as const;

function mlpWeights(rng: Generator): MLPWeights {
  return {
    W: [rng.randn([8, 192], f64).div(7), rng.randn([16, 8], f64).div(2), rng.randn([4, 16], f64).div(4)],
    b: [rng.randn([8], f64), rng.randn([16], f64), rng.randn([4], f64)],
  };
}

/** The MLP itself, run on every window of 8 steps with step 4, its input flattened time-major. */
function scannedMLP({ W, b }: MLPWeights, A: NDArray): NDArray {
  const [N, C, L] = A.shape;
  const T = Math.floor((L - 8) / 4) + 1;
  const layers = [new Linear(192, 8, { W: W[0], b: b[0] }), new ReLU(), new Linear(8, 16, { W: W[1], b: b[1] }), new ReLU(), new Linear(16, 4, { W: W[2], b: b[2] })];
  const Y = zeros([N, 4, T], f64);
  for (let t = 0; t < T; t++) {
    // (N, C, 8) → (N, 8, C) → (N, 192): index t·C + c.
    const x = A.slice(null, null, { start: 4 * t, stop: 4 * t + 8 }).permute([0, 2, 1]).reshape([N, 8 * C]);
    Y.slice(null, null, t).assign(layers.reduce((h, layer) => layer.forward(h), x));
  }
  return Y;
}

/** The distributed MLP's full weights: each layer's first block, repeated along the diagonal. */
function sharedWeights({ W, b }: MLPWeights): MLPWeights {
  const W1 = zeros([8, 192], f64);
  for (let g = 0; g < 4; g++) W1.slice(`${2 * g}:${2 * g + 2}, ${48 * g}:${48 * g + 48}`).assign(W[0].slice("0:2, 0:48"));
  const W2 = zeros([16, 8], f64);
  for (let g = 0; g < 2; g++) W2.slice(`${8 * g}:${8 * g + 8}, ${4 * g}:${4 * g + 4}`).assign(W[1].slice("0:8, 0:4"));
  const b1 = zeros([8], f64);
  for (let g = 0; g < 4; g++) b1.slice(`${2 * g}:${2 * g + 2}`).assign(b[0].slice("0:2"));
  const b2 = zeros([16], f64);
  for (let g = 0; g < 2; g++) b2.slice(`${8 * g}:${8 * g + 8}`).assign(b[1].slice("0:8"));
  return { W: [W1, W2, W[2]], b: [b1, b2, b[2]] };
}

describe("hw2 CNN as a scanning MLP", () => {
  it.each([8, 20, 31, 45])("SimpleScanningMLP equals the MLP run on every window (L = %i)", (L) => {
    const rng = new Generator(L);
    const weights = mlpWeights(rng);
    const A = rng.randn([2, 24, L], f64);
    const model = new SimpleScanningMLP();
    model.initWeights(weights);
    expect(allclose(model.forward(A), scannedMLP(weights, A), { rtol: 1e-10, atol: 1e-10 })).toBe(true);
  });

  it.each([8, 20, 31, 45])("DistributedScanningMLP equals the shared-weight MLP run on every window (L = %i)", (L) => {
    const rng = new Generator(100 + L);
    const weights = mlpWeights(rng);
    const A = rng.randn([2, 24, L], f64);
    const model = new DistributedScanningMLP();
    model.initWeights(weights);
    expect(allclose(model.forward(A), scannedMLP(sharedWeights(weights), A), { rtol: 1e-10, atol: 1e-10 })).toBe(true);
  });

  it("backward matches central differences", () => {
    const rng = new Generator(7);
    const weights = mlpWeights(rng);
    const A = rng.randn([1, 24, 16], f64);
    const make = () => {
      const m = new DistributedScanningMLP();
      m.initWeights(weights);
      return m;
    };
    const model = make();
    const G = rng.randn(model.forward(A).shape, f64);
    checkGrad((a) => make().forward(a), A, G, model.backward(G), "dLdA");
  });
});
