/**
 * §12 The residual MLP (bonus; CMU 10-414's needle, its hw2): Residual(fn), the residual block
 * and MLPResNet. Residual wraps a Linear with W and b from inputs. The block and the network
 * are built with a generator from `size.seed`: their Linear layers draw their weights at
 * construction in the pinned order (hw1/resnet.ts) and their Dropout layers the masks at each
 * training forward, so the outputs also check the order of the layers. Public variants use
 * both norms; the block's variants have `hidden` ≠ `dim` so that a block wired with the wrong
 * widths fails on shapes; the network's backward has at least two blocks, so that a layer the
 * blocks wrongly share (one ReLU instance for all) hands the earlier blocks the last one's
 * cache. Layers with state are made in the input's dtype (float32 when graded), so the torch
 * oracle, which runs the cases on float64 inputs, compares float64 throughout.
 */
import { Generator, type NDArray } from "#ndarray";
import { defineCase, type CaseSpec, type Outputs, type Size, type Tolerance } from "../../src/suite.js";
import type { HW1 } from "./types.js";

const section = "resnet";

/** The norm class a variant names. */
function normOf(hw: HW1, size: Size): HW1["BatchNorm1d"] | HW1["LayerNorm1d"] {
  return size.norm === "layernorm" ? hw.LayerNorm1d : hw.BatchNorm1d;
}

/** A Linear with W and b copied from inputs `W<i>`, `b<i>`. */
function linear(hw: HW1, inputs: Readonly<Record<string, NDArray>>, i: number): InstanceType<HW1["Linear"]> {
  const W = inputs[`W${i}`];
  return new hw.Linear(W.shape[1], W.shape[0], { W: W.clone(), b: inputs[`b${i}`].clone() });
}

/** The names of a residual block's 8 parameter gradients, in parameters() order. */
const BLOCK_GRADS = ["dLdW1", "dLdb1", "dLdnormW1", "dLdnormb1", "dLdW2", "dLdb2", "dLdnormW2", "dLdnormb2"];

const blockSizes = {
  public: [
    { N: 6, dim: 4, hidden: 3, norm: "batchnorm", dropP: 0.2, seed: 101 },
    { N: 5, dim: 5, hidden: 2, norm: "layernorm", dropP: 0.5, seed: 102 },
  ],
  hidden: [
    { N: 1, dim: 3, hidden: 6, norm: "layernorm", dropP: 0.1, seed: 10101 },
    { N: 9, dim: 8, hidden: 4, norm: "batchnorm", dropP: 0, seed: 10102 },
  ],
};

function blockInputs(rng: Generator, size: Size): Record<string, NDArray> {
  const [N, dim] = [size.N as number, size.dim as number];
  return { X: rng.randn([N, dim]), X2: rng.randn([N, dim]), G: rng.randn([N, dim]) };
}

/**
 * The output names of an MLPResNet's parameter gradients, in parameters() order: the first
 * Linear's (`_in`), each block's eight suffixed with its place (`dLdW1_block2`), the last
 * Linear's (`_out`), so a failure names the layer.
 */
function netGradNames(blocks: number): string[] {
  const inner = Array.from({ length: blocks }, (_, k) => BLOCK_GRADS.map((g) => `${g}_block${k + 1}`));
  return ["dLdW_in", "dLdb_in", ...inner.flat(), "dLdW_out", "dLdb_out"];
}

/**
 * The network's backward sizes. The blocks' norms are at least 3 wide (a width of 6 or more) and a
 * BatchNorm's batch at least 12 rows: a LayerNorm over 2 features or a BatchNorm over a few
 * rows divides by a small spread, and the float32 rounding it magnifies, compounded over the
 * blocks, would exceed even the tolerance below on some inputs.
 */
const netBackwardSizes = {
  public: [
    { N: 16, dim: 5, hidden: 8, blocks: 2, classes: 3, norm: "batchnorm", dropP: 0.2, seed: 107 },
    { N: 5, dim: 3, hidden: 8, blocks: 2, classes: 4, norm: "layernorm", dropP: 0.3, seed: 108 },
  ],
  hidden: [
    { N: 12, dim: 4, hidden: 8, blocks: 3, classes: 2, norm: "batchnorm", dropP: 0.1, seed: 10701 },
    { N: 1, dim: 6, hidden: 6, blocks: 2, classes: 3, norm: "layernorm", dropP: 0, seed: 10702 },
  ],
};
const mostBlocks = Math.max(...[...netBackwardSizes.public, ...netBackwardSizes.hidden].map((s) => s.blocks));

/**
 * A BatchNorm right after each block's Linear makes that Linear's dLdb zero up to rounding,
 * and its dLdW a sum of terms that nearly cancel; in float32 that rounding, on gradients of up
 * to about 80, reaches 2e-5 on some inputs. An absolute 1e-4 keeps a margin of 5 over the
 * worst of 200 seeds per variant; a wrong gradient misses by far more. A single block with a
 * LayerNorm over 2 features has the same near-cancellation, so its backward takes it too.
 */
const NET_GRAD_TOLERANCE: Tolerance = { atol: 1e-4, rtol: 1e-4 };

/** The block of a variant, its parameters in X's dtype (float32 when graded; the oracle runs float64). */
function block(hw: HW1, size: Size, X: NDArray): InstanceType<HW1["ResidualBlock"]> {
  return new hw.ResidualBlock(size.dim as number, size.hidden as number, new Generator(size.seed as number), {
    norm: normOf(hw, size),
    dropP: size.dropP as number,
    dtype: X.dtype,
  });
}

/** The MLPResNet of a variant, its parameters in X's dtype (float32 when graded; the oracle runs float64). */
function net(hw: HW1, size: Size, X: NDArray): InstanceType<HW1["MLPResNet"]> {
  return new hw.MLPResNet(size.dim as number, new Generator(size.seed as number), {
    hidden: size.hidden as number,
    blocks: size.blocks as number,
    classes: size.classes as number,
    norm: normOf(hw, size),
    dropP: size.dropP as number,
    dtype: X.dtype,
  });
}

export const cases: CaseSpec<HW1>[] = [
  defineCase<HW1>({
    id: "resnet.residual",
    number: "12.1",
    section,
    title: "Residual(fn): forward and backward",
    points: 1,
    bonus: true,
    sizes: {
      public: [
        { N: 4, C: 3 },
        { N: 7, C: 5 },
      ],
      hidden: [
        { N: 1, C: 4 },
        { N: 10, C: 8 },
      ],
    },
    inputs: (rng, size) => {
      const [N, C] = [size.N as number, size.C as number];
      return { X: rng.randn([N, C]), W0: rng.randn([C, C]), b0: rng.randn([C]), dLdY: rng.randn([N, C]) };
    },
    run: ({ hw, inputs }) => {
      const fn = linear(hw, inputs, 0);
      const res = new hw.Residual(fn);
      const Y = res.forward(inputs.X);
      const dLdX = res.backward(inputs.dLdY);
      return { Y, dLdX, dLdW: fn.dLdW as NDArray, dLdb: fn.dLdb as NDArray };
    },
    failureHint: "Y = fn(X) + X; X reaches Y along two paths, so dLdX = fn.backward(dLdY) + dLdY (the skip path's gradient is dLdY itself).",
  }),
  defineCase<HW1>({
    id: "resnet.block_forward",
    number: "12.2",
    section,
    title: "ResidualBlock forward, training and evaluation",
    points: 2,
    bonus: true,
    sizes: blockSizes,
    inputs: blockInputs,
    run: ({ hw, inputs, size }) => {
      const b = block(hw, size, inputs.X);
      const Y = b.forward(inputs.X);
      return { Y, Y_eval: b.eval().forward(inputs.X2) };
    },
    failureHint:
      "Residual(Sequential([Linear(dim, hidden), norm(hidden), ReLU, Dropout(p), Linear(hidden, dim), norm(dim)])), then ReLU: the ReLU comes after adding X, not inside the residual branch. Every Linear draws from the one rng, in that order, and Dropout takes the same rng.",
  }),
  defineCase<HW1>({
    id: "resnet.block_backward",
    number: "12.3",
    section,
    title: "ResidualBlock backward: dLdX and every parameter's gradient",
    points: 2,
    bonus: true,
    sizes: blockSizes,
    inputs: blockInputs,
    tolerance: Object.fromEntries(["dLdX", ...BLOCK_GRADS].map((name) => [name, NET_GRAD_TOLERANCE])),
    run: ({ hw, inputs, size }) => {
      const b = block(hw, size, inputs.X);
      b.forward(inputs.X);
      const out: Outputs = { dLdX: b.backward(inputs.G) };
      b.parameters().forEach((p, i) => {
        out[BLOCK_GRADS[i] ?? `dLdP${i}`] = p.grad as NDArray;
      });
      return out;
    },
    failureHint:
      "If resnet.block_forward and resnet.residual pass, the containers' backward() does the rest: Sequential walks its layers backwards, Residual adds the skip path's gradient. The gradients are listed in parameters() order (Linear, norm, Linear, norm).",
  }),
  defineCase<HW1>({
    id: "resnet.mlp_forward",
    number: "12.4",
    section,
    title: "MLPResNet forward, training and evaluation",
    points: 2,
    bonus: true,
    sizes: {
      public: [
        { N: 6, dim: 5, hidden: 6, blocks: 2, classes: 3, norm: "batchnorm", dropP: 0.1, seed: 105 },
        { N: 4, dim: 3, hidden: 7, blocks: 1, classes: 4, norm: "layernorm", dropP: 0.3, seed: 106 },
      ],
      hidden: [
        { N: 8, dim: 4, hidden: 8, blocks: 3, classes: 2, norm: "batchnorm", dropP: 0.2, seed: 10501 },
        { N: 1, dim: 6, hidden: 5, blocks: 2, classes: 3, norm: "layernorm", dropP: 0, seed: 10502 },
      ],
    },
    inputs: (rng, size) => ({ X: rng.randn([size.N as number, size.dim as number]) }),
    run: ({ hw, inputs, size }) => {
      const model = net(hw, size, inputs.X);
      const layers = model.layers.length;
      const Y = model.forward(inputs.X);
      return { layers, Y, Y_eval: model.eval().forward(inputs.X) };
    },
    failureHint:
      "Linear(dim, hidden), ReLU, then `blocks` ResidualBlock(hidden, ⌊hidden/2⌋) sharing the one rng, then Linear(hidden, classes); the Linear layers draw in that order at construction.",
  }),
  defineCase<HW1>({
    id: "resnet.mlp_backward",
    number: "12.5",
    section,
    title: "MLPResNet backward: dLdX and every parameter's gradient",
    points: 2,
    bonus: true,
    sizes: netBackwardSizes,
    inputs: (rng, size) => ({ X: rng.randn([size.N as number, size.dim as number]), G: rng.randn([size.N as number, size.classes as number]) }),
    run: ({ hw, inputs, size }) => {
      const model = net(hw, size, inputs.X);
      model.forward(inputs.X);
      const out: Outputs = { dLdX: model.backward(inputs.G) };
      const names = netGradNames(size.blocks as number);
      model.parameters().forEach((p, i) => {
        out[names[i] ?? `dLdP${i}`] = p.grad as NDArray;
      });
      return out;
    },
    tolerance: Object.fromEntries(["dLdX", ...netGradNames(mostBlocks)].map((name) => [name, NET_GRAD_TOLERANCE])),
    failureHint:
      "If resnet.block_backward and resnet.mlp_forward pass, look at what the blocks share: every block needs layers of its own. A ReLU or Dropout made once and put in every block has no parameters, but it keeps what its last forward saw (the last block's output or mask), and the earlier blocks' backward uses that. The gradients are listed in parameters() order (first Linear, each block's eight, last Linear).",
  }),
];
