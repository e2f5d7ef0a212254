/**
 * §8 Autograd (bonus): the reverse-mode engine of hw1/autograd/. Every case is a bonus.
 *
 * The op cases build fresh leaves from the inputs, apply one op, call `Y.backward(G)` with
 * a seeded upstream gradient G, and return the op's value `Y_<op>` and each operand's
 * gradient `dLd<X>_<op>`, so a failure names the op. The forward value is part of the case
 * (unlike the layer cases): an autograd op is one function, and a wrong gradient is still
 * flagged as such by the report.
 *
 * Then three cases on the engine itself: a diamond-shaped graph (a tensor used by several
 * ops, and twice by one), noGrad, and one SGD step of a two-layer MLP with cross-entropy
 * written with the ops; hw1's manual layers give the same gradients (the reference's tests
 * check it), and torch's autograd too (verify:torch). Last, logSoftmax, a composite of the
 * ops already written, whose gradient the engine derives: its value on logits of ±100 is
 * finite only when logsumexp's max shift is inherited.
 *
 * The last three differentiate a gradient (`backward(G, { createGraph: true })`, torch's
 * create_graph): d²/dx² of scalar functions, a Hessian-vector product and the gradient of
 * a gradient's squared norm. Their first derivatives are outputs too, so a failure says
 * whether the engine or only the recording of the gradient graph is wrong; a gradient that
 * comes back as a constant counts as a zero derivative (secondGrads), so a cut graph shows
 * as wrong values rather than as an exception.
 */
import { zerosLike, type Generator, type NDArray } from "#ndarray";
import { defineCase, type CaseSpec, type Outputs } from "../../src/suite.js";
import type { HW1 } from "./types.js";

type Tensor = InstanceType<HW1["Tensor"]>;

/** The sizes every op case runs on: N rows, C columns (and D, a third axis where used). */
const opSizes = {
  public: [
    { N: 3, C: 4, D: 2, scale: 1 },
    { N: 5, C: 3, D: 3, scale: 2 },
  ],
  hidden: [
    { N: 1, C: 6, D: 2, scale: 1 },
    { N: 7, C: 1, D: 4, scale: 2 },
    { N: 6, C: 5, D: 1, scale: 1.5 },
  ],
};

/**
 * opSizes with a cube first: where every axis has the same size, a gradient broadcast
 * along the wrong axes, or transposed the wrong way, still has its parent's shape, so the
 * engine's shape check lets it through and the values show the mistake.
 */
const cubeFirst = { public: [{ N: 3, C: 3, D: 3, scale: 1 }, ...opSizes.public], hidden: opSizes.hidden };

/** Z ~ scale·N(0, 1), pushed 0.1 away from zero (ReLU's kink and division by B are not the test). */
function awayFromZero(rng: Generator, shape: number[], scale = 1): NDArray {
  const Z = rng.randn(shape).mul(scale);
  return Z.add(Z.sign().mul(0.1));
}

/**
 * A leaf's `.grad` as an output. A leaf the engine never reached has none, and the grader
 * reports the missing output by name ("got undefined"), so it is passed on as it is.
 */
function gradOf(t: Tensor): NDArray {
  return t.grad?.data as NDArray;
}

/**
 * dS/d(leaf) for each leaf, from cleared `.grad`s: S.backward() when S requires grad, and
 * zeros when it does not (S is then a constant, whose derivative is zero, as
 * torch.autograd.grad with materialize_grads). S is a function of a recorded gradient.
 */
function secondGrads(hw: HW1, S: Tensor, leaves: Tensor[]): NDArray[] {
  for (const leaf of leaves) leaf.zeroGrad();
  if (S.requiresGrad) S.backward();
  return leaves.map((leaf) => leaf.grad?.data ?? zerosLike(leaf.data));
}

/**
 * f′ and f″ of an element-wise f at x: Σ f(x) backpropagated with createGraph gives
 * x.grad = f′(x), a tensor; Σ f′(x) backpropagated from a cleared x.grad gives f″(x).
 */
function secondDerivative(hw: HW1, name: string, x0: NDArray, f: (x: Tensor) => Tensor): Outputs {
  const x = new hw.Tensor(x0, { requiresGrad: true });
  hw.sum(f(x)).backward(undefined, { createGraph: true });
  const g = x.grad;
  if (g === undefined) return { [`dfdx_${name}`]: gradOf(x) };
  const [d2] = secondGrads(hw, hw.sum(g), [x]);
  return { [`dfdx_${name}`]: g.data, [`d2fdx2_${name}`]: d2 };
}

/**
 * Runs `f` on fresh leaves (requiresGrad) made from `args`, backpropagates `G`, and returns
 * `Y_<name>` and `dLd<arg>_<name>` for each argument.
 */
function opOutputs(hw: HW1, name: string, args: Record<string, NDArray>, G: NDArray, f: (t: Record<string, Tensor>) => Tensor): Outputs {
  const leaves = Object.fromEntries(Object.entries(args).map(([k, v]) => [k, new hw.Tensor(v, { requiresGrad: true })]));
  const Y = f(leaves);
  Y.backward(G);
  const out: Outputs = { [`Y_${name}`]: Y.data };
  for (const [k, t] of Object.entries(leaves)) out[`dLd${k}_${name}`] = gradOf(t);
  return out;
}

/** Y_<name> and dLdA_<name> for logSoftmax over `axis`, from a fresh leaf. */
function logSoftmaxOutputs(hw: HW1, name: string, A: NDArray, G: NDArray, axis?: number): Outputs {
  const leaf = new hw.Tensor(A, { requiresGrad: true });
  const Y = axis === undefined ? hw.logSoftmax(leaf) : hw.logSoftmax(leaf, axis);
  Y.backward(G);
  return { [`Y_${name}`]: Y.data, [`dLdA_${name}`]: gradOf(leaf) };
}

const section = "autograd";

export const cases: CaseSpec<HW1>[] = [
  // add, the worked example, ships complete and is graded only through the other cases.
  defineCase<HW1>({
    id: "autograd.elementwise",
    number: "8.1",
    section,
    title: "sub, mul, div, neg, pow",
    points: 2,
    bonus: true,
    sizes: {
      public: [
        { N: 3, C: 4, p: 3 },
        { N: 5, C: 2, p: 0.5 },
      ],
      hidden: [
        { N: 1, C: 5, p: -1.5 },
        { N: 6, C: 6, p: 2 },
      ],
    },
    inputs: (rng, size) => {
      const shape = [size.N as number, size.C as number];
      return { A: rng.randn(shape), B: awayFromZero(rng, shape), P: rng.uniform(0.5, 2, shape), G: rng.randn(shape) };
    },
    run: ({ hw, inputs: { A, B, P, G }, size }) => ({
      ...opOutputs(hw, "sub", { A, B }, G, (t) => hw.sub(t.A, t.B)),
      ...opOutputs(hw, "mul", { A, B }, G, (t) => hw.mul(t.A, t.B)),
      ...opOutputs(hw, "div", { A, B }, G, (t) => hw.div(t.A, t.B)),
      ...opOutputs(hw, "neg", { A }, G, (t) => hw.neg(t.A)),
      ...opOutputs(hw, "pow", { P }, G, (t) => hw.pow(t.P, size.p as number)),
    }),
    failureHint: "The output names the op. div: dL/dB = −G·A/B²; pow: dL/dA = G·p·A^(p−1).",
  }),
  defineCase<HW1>({
    id: "autograd.broadcasting",
    number: "8.2",
    section,
    title: "Broadcast operands get gradients of their own shape",
    points: 2,
    bonus: true,
    sizes: {
      public: [
        { N: 3, C: 4, s: 2.5 },
        { N: 5, C: 2, s: -0.5 },
      ],
      hidden: [
        { N: 1, C: 5, s: 3 },
        { N: 6, C: 1, s: 1.5 },
        { N: 4, C: 7, s: -2 },
      ],
    },
    inputs: (rng, size) => {
      const [N, C] = [size.N as number, size.C as number];
      return { Z: rng.randn([N, C]), b: rng.randn([C]), c: awayFromZero(rng, [N, 1]), G: rng.randn([N, C]) };
    },
    run: ({ hw, inputs: { Z, b, c, G }, size }) => {
      const s = size.s as number;
      return {
        ...opOutputs(hw, "add", { Z, b }, G, (t) => hw.add(t.Z, t.b)),
        ...opOutputs(hw, "sub", { c, Z }, G, (t) => hw.sub(t.c, t.Z)),
        ...opOutputs(hw, "mul", { b, c }, G, (t) => hw.mul(t.b, t.c)),
        ...opOutputs(hw, "div", { Z, c }, G, (t) => hw.div(t.Z, t.c)),
        // a number operand is a constant: only Z gets a gradient
        ...opOutputs(hw, "scalar", { Z }, G, (t) => hw.div(hw.sub(s, hw.mul(t.Z, s)), s)),
      };
    },
    failureHint: "A broadcast operand's gradient is summed over the axes it was broadcast along (unbroadcast): b of shape (C) gets Σₙ.",
  }),
  defineCase<HW1>({
    id: "autograd.unary",
    number: "8.3",
    section,
    title: "exp, log, relu, tanh, sigmoid",
    points: 2,
    bonus: true,
    sizes: opSizes,
    inputs: (rng, size) => {
      const shape = [size.N as number, size.C as number];
      return { A: awayFromZero(rng, shape, size.scale as number), P: rng.uniform(0.2, 3, shape), G: rng.randn(shape) };
    },
    run: ({ hw, inputs: { A, P, G } }) => ({
      ...opOutputs(hw, "exp", { A }, G, (t) => hw.exp(t.A)),
      ...opOutputs(hw, "log", { P }, G, (t) => hw.log(t.P)),
      ...opOutputs(hw, "relu", { A }, G, (t) => hw.relu(t.A)),
      ...opOutputs(hw, "tanh", { A }, G, (t) => hw.tanh(t.A)),
      ...opOutputs(hw, "sigmoid", { A }, G, (t) => hw.sigmoid(t.A)),
    }),
    failureHint: "Each derivative as in §1: tanh′ = 1 − Y², σ′ = Y(1 − Y) with Y the output, relu′ = [A > 0].",
  }),
  defineCase<HW1>({
    id: "autograd.matmul",
    number: "8.4",
    section,
    title: "matmul, 2-D and batched with a broadcast operand",
    points: 2,
    bonus: true,
    sizes: {
      // K = M first: dL/dB written as Gᵀ·A then has B's shape, and the values show the transpose.
      public: [
        { N: 4, K: 3, M: 3, S: 2 },
        { N: 3, K: 4, M: 2, S: 2 },
        { N: 5, K: 3, M: 6, S: 3 },
      ],
      hidden: [
        { N: 1, K: 7, M: 3, S: 2 },
        { N: 6, K: 1, M: 4, S: 1 },
        { N: 4, K: 5, M: 1, S: 4 },
      ],
    },
    inputs: (rng, size) => {
      const [N, K, M, S] = [size.N as number, size.K as number, size.M as number, size.S as number];
      return {
        A: rng.randn([N, K]),
        B: rng.randn([K, M]),
        G: rng.randn([N, M]),
        A3: rng.randn([S, N, K]),
        G3: rng.randn([S, N, M]),
      };
    },
    run: ({ hw, inputs: { A, B, G, A3, G3 } }) => ({
      ...opOutputs(hw, "matmul", { A, B }, G, (t) => hw.matmul(t.A, t.B)),
      ...opOutputs(hw, "batched", { A3, B }, G3, (t) => hw.matmul(t.A3, t.B)),
    }),
    failureHint: "dL/dA = G·Bᵀ and dL/dB = Aᵀ·G (transpose(-1, -2)), not Gᵀ·A (Linear's dLdW formula: here B is used as it is, not transposed); B shared by every batch gets the sum over the batch.",
  }),
  defineCase<HW1>({
    id: "autograd.reductions",
    number: "8.5",
    section,
    title: "sum and mean, over all axes or some, with and without keepdims",
    points: 2,
    bonus: true,
    sizes: cubeFirst,
    inputs: (rng, size) => {
      const [N, C, D] = [size.N as number, size.C as number, size.D as number];
      return {
        A: rng.randn([N, C, D]),
        G_all: rng.randn([]),
        G_axis: rng.randn([N, D]),
        G_keep: rng.randn([1, C, 1]),
        G_mean: rng.randn([N, C]),
      };
    },
    run: ({ hw, inputs: { A, G_all, G_axis, G_keep, G_mean } }) => ({
      ...opOutputs(hw, "sum_all", { A }, G_all, (t) => hw.sum(t.A)),
      ...opOutputs(hw, "sum_axis", { A }, G_axis, (t) => hw.sum(t.A, 1)),
      ...opOutputs(hw, "sum_keep", { A }, G_keep, (t) => hw.sum(t.A, [0, 2], true)),
      ...opOutputs(hw, "mean_axis", { A }, G_mean, (t) => hw.mean(t.A, -1)),
      ...opOutputs(hw, "mean_all", { A }, G_all, (t) => hw.mean(t.A)),
    }),
    failureHint: "Put the reduced axes back with size 1 (unless keepdims kept them) before broadcasting G (on the cube variant a G broadcast without them silently lands on the wrong axes); a mean's gradient is also divided by the count n.",
  }),
  defineCase<HW1>({
    id: "autograd.shapes",
    number: "8.6",
    section,
    title: "reshape, transpose, broadcastTo",
    points: 2,
    bonus: true,
    sizes: cubeFirst,
    inputs: (rng, size) => {
      const [N, C, D] = [size.N as number, size.C as number, size.D as number];
      return {
        A: rng.randn([N, C, D]),
        b: rng.randn([C, 1]),
        G_reshape: rng.randn([N * C, D]),
        G_swap: rng.randn([D, C, N]),
        G_reverse: rng.randn([D, N, C]),
        G_bcast: rng.randn([N, C, D]),
      };
    },
    run: ({ hw, inputs: { A, b, G_reshape, G_swap, G_reverse, G_bcast }, size }) => ({
      ...opOutputs(hw, "reshape", { A }, G_reshape, (t) => hw.reshape(t.A, [-1, size.D as number])),
      ...opOutputs(hw, "swap", { A }, G_swap, (t) => hw.transpose(t.A, 0, 2)),
      // (C, N, D) with every axis reversed: (D, N, C)
      ...opOutputs(hw, "reverse", { A }, G_reverse, (t) => hw.transpose(hw.transpose(t.A, 0, 1))),
      ...opOutputs(hw, "bcast", { b }, G_bcast, (t) => hw.broadcastTo(t.b, [size.N as number, size.C as number, size.D as number])),
    }),
    failureHint: "Each gradient undoes the forward: reshape back, swap the SAME two axes back (transpose(dim0, dim1), not a reversal of every axis), sum over the broadcast axes.",
  }),
  defineCase<HW1>({
    id: "autograd.logsumexp",
    number: "8.7",
    section,
    title: "logsumexp, max-shifted",
    points: 2,
    bonus: true,
    // scale 100: logits around ±100, e^100 = ∞ in float32 — only the max-shifted form is finite.
    sizes: {
      public: [
        { N: 4, C: 5, scale: 1 },
        { N: 6, C: 3, scale: 100 },
      ],
      hidden: [
        { N: 1, C: 7, scale: 2 },
        { N: 8, C: 4, scale: 100 },
        { N: 5, C: 1, scale: 1 },
      ],
    },
    inputs: (rng, size) => {
      const [N, C] = [size.N as number, size.C as number];
      return { A: rng.randn([N, C]).mul(size.scale as number), G: rng.randn([N]), G_keep: rng.randn([1, C]) };
    },
    run: ({ hw, inputs: { A, G, G_keep } }) => ({
      ...opOutputs(hw, "rows", { A }, G, (t) => hw.logsumexp(t.A, -1)),
      ...opOutputs(hw, "cols", { A }, G_keep, (t) => hw.logsumexp(t.A, 0, true)),
    }),
    failureHint: "Subtract the maximum before exp() and add it back after log(); the gradient is G ⊙ softmax(A) over the reduced axis.",
  }),
  defineCase<HW1>({
    id: "autograd.diamond",
    number: "8.8",
    section,
    title: "A graph that reuses tensors: gradients add up",
    points: 2,
    bonus: true,
    sizes: {
      public: [
        { N: 3, C: 4 },
        { N: 5, C: 2 },
      ],
      hidden: [
        { N: 1, C: 6 },
        { N: 7, C: 3 },
      ],
    },
    inputs: (rng, size) => {
      const [N, C] = [size.N as number, size.C as number];
      return { X: rng.randn([N, C]), W: rng.randn([C]), G: rng.randn([N, C]) };
    },
    // Y = σ(X ⊙ W) feeds three uses (twice in one mul), X feeds two: Z = Y ⊙ Y − Y ⊙ X.
    run: ({ hw, inputs: { X, W, G } }) =>
      opOutputs(hw, "diamond", { X, W }, G, (t) => {
        const Y = hw.sigmoid(hw.mul(t.X, t.W));
        return hw.sub(hw.mul(Y, Y), hw.mul(Y, t.X));
      }),
    failureHint:
      "If the op cases pass: add the gradients a tensor receives from each use (never overwrite), and pass a tensor's gradient on only after all its uses (reverse topological order).",
  }),
  defineCase<HW1>({
    id: "autograd.no_grad",
    number: "8.9",
    section,
    title: "noGrad: what is computed inside is a constant",
    points: 1,
    bonus: true,
    sizes: {
      public: [
        { N: 3, C: 4 },
        { N: 2, C: 2 },
      ],
      hidden: [
        { N: 1, C: 5 },
        { N: 6, C: 3 },
      ],
    },
    inputs: (rng, size) => {
      const shape = [size.N as number, size.C as number];
      return { X: rng.randn(shape), G: rng.randn(shape) };
    },
    // Y = X ⊙ c with c = e^X computed under noGrad: dL/dX = G ⊙ e^X, not G ⊙ e^X ⊙ (1 + X).
    run: ({ hw, inputs: { X, G } }) => {
      let c: Tensor | undefined;
      const out = opOutputs(hw, "no_grad", { X }, G, (t) => {
        c = hw.noGrad(() => hw.exp(t.X));
        return hw.mul(t.X, c);
      });
      const after = hw.exp(new hw.Tensor(X, { requiresGrad: true }));
      return { ...out, c_requires_grad: Number(c?.requiresGrad), after_requires_grad: Number(after.requiresGrad) };
    },
    failureHint: "Inside noGrad, op results are constants (requiresGrad false, no parents); restore the previous mode in a finally block.",
  }),
  defineCase<HW1>({
    id: "autograd.mlp_step",
    number: "8.10",
    section,
    title: "One SGD step of a two-layer MLP with cross-entropy, by autograd",
    points: 3,
    bonus: true,
    sizes: {
      public: [
        { N: 4, Cin: 3, H: 5, C: 3, lr: 0.5 },
        { N: 8, Cin: 5, H: 6, C: 4, lr: 0.1 },
      ],
      hidden: [
        { N: 1, Cin: 2, H: 3, C: 2, lr: 0.3 },
        { N: 12, Cin: 6, H: 8, C: 5, lr: 0.2 },
      ],
    },
    inputs: (rng, size) => {
      const [N, Cin, H, C] = [size.N as number, size.Cin as number, size.H as number, size.C as number];
      const k0 = 1 / Math.sqrt(Cin);
      const k1 = 1 / Math.sqrt(H);
      return {
        X: rng.randn([N, Cin]),
        Y: rng.randint(0, C, [N], { dtype: "int32" }),
        W0: rng.uniform(-k0, k0, [H, Cin]),
        // biases of 0.1 keep most hidden units active, so every weight gets a gradient
        b0: rng.uniform(-k0, k0, [H]).add(0.1),
        W1: rng.uniform(-k1, k1, [C, H]),
        b1: rng.uniform(-k1, k1, [C]),
      };
    },
    run: ({ hw, inputs, size }) => {
      const lr = size.lr as number;
      const X = new hw.Tensor(inputs.X);
      const T = new hw.Tensor(hw.oneHot(inputs.Y, size.C as number));
      const linear = (A: Tensor, W: Tensor, b: Tensor) => hw.add(hw.matmul(A, hw.transpose(W)), b);
      // cross-entropy as torch.nn.CrossEntropyLoss: mean over the batch of logsumexp(z) − z[y]
      const loss = (p: Record<string, Tensor>) => {
        const logits = linear(hw.relu(linear(X, p.W0, p.b0)), p.W1, p.b1);
        return hw.mean(hw.sub(hw.logsumexp(logits, -1), hw.sum(hw.mul(logits, T), -1)));
      };
      const names = ["W0", "b0", "W1", "b1"];
      const params = Object.fromEntries(names.map((n) => [n, new hw.Tensor(inputs[n], { requiresGrad: true })]));
      const L = loss(params);
      L.backward();
      const out: Outputs = { L: L.data };
      for (const n of names) out[`dLd${n}`] = gradOf(params[n]);
      // the SGD step θ ← θ − lr·∂L/∂θ, then the loss again without recording a graph
      const stepped = Object.fromEntries(names.map((n) => [n, new hw.Tensor(inputs[n].sub(gradOf(params[n]).mul(lr)))]));
      out.L_next = hw.noGrad(() => loss(stepped)).data;
      return out;
    },
    failureHint: "If the op cases pass, look at the engine: a leaf's .grad must be set after one backward(), and the broadcast bias summed over the batch.",
  }),
  defineCase<HW1>({
    id: "autograd.log_softmax",
    number: "8.11",
    section,
    title: "logSoftmax as a composite of sub and logsumexp",
    points: 1,
    bonus: true,
    // scale 100: logits around ±100, e^100 = ∞ in float32 — only a max-shifted form is finite.
    sizes: {
      public: [
        { N: 4, C: 5, scale: 1 },
        { N: 3, C: 6, scale: 100 },
      ],
      hidden: [
        { N: 1, C: 7, scale: 2 },
        { N: 8, C: 3, scale: 100 },
      ],
    },
    inputs: (rng, size) => {
      const [N, C] = [size.N as number, size.C as number];
      return { A: rng.randn([N, C]).mul(size.scale as number), G: rng.randn([N, C]) };
    },
    run: ({ hw, inputs: { A, G } }) => ({
      ...logSoftmaxOutputs(hw, "last", A, G),
      ...logSoftmaxOutputs(hw, "rows", A, G, 0),
    }),
    failureHint:
      "logSoftmax(A, axis) = sub(A, logsumexp(A, axis, true)): keep the reduced axis so it broadcasts, and let logsumexp's max shift keep it finite (log of a softmax built from exp overflows).",
  }),
  defineCase<HW1>({
    id: "autograd.second_derivative",
    number: "8.12",
    section,
    title: "d²/dx² by differentiating a recorded gradient (createGraph)",
    points: 2,
    bonus: true,
    sizes: {
      public: [
        { N: 5, scale: 1 },
        { N: 8, scale: 1.5 },
      ],
      hidden: [
        { N: 1, scale: 0.5 },
        { N: 12, scale: 2 },
        { N: 4, scale: 1 },
      ],
    },
    inputs: (rng, size) => {
      const N = size.N as number;
      return { x: awayFromZero(rng, [N], size.scale as number), P: rng.uniform(0.5, 2, [N]) };
    },
    run: ({ hw, inputs: { x, P } }) => {
      // .grad accumulates with createGraph too: Σ f′ backpropagated into an uncleared x.grad gives f′ + f″.
      const leaf = new hw.Tensor(x, { requiresGrad: true });
      hw.sum(hw.mul(hw.mul(leaf, leaf), leaf)).backward(undefined, { createGraph: true });
      const g = leaf.grad;
      if (g?.requiresGrad === true) hw.sum(g).backward();
      return {
        ...secondDerivative(hw, "cube", x, (t) => hw.mul(hw.mul(t, t), t)),
        ...secondDerivative(hw, "tanh", x, (t) => hw.tanh(t)),
        ...secondDerivative(hw, "expsig", x, (t) => hw.mul(hw.exp(hw.mul(t, 0.5)), hw.sigmoid(t))),
        ...secondDerivative(hw, "ratio", P, (t) => hw.div(hw.pow(t, 1.5), hw.add(t, 1))),
        ...secondDerivative(hw, "xlogx", P, (t) => hw.mul(t, hw.log(t))),
        accumulated_cube: gradOf(leaf),
      };
    },
    failureHint:
      "If dfdx is right and d2fdx2 wrong, the gradient graph is cut: write every gradFn with tensor ops (mul(G, B), not G.data.mul(B.data) nor a new Tensor of an array), use the result tensor Y (not Y.data) where f′ uses Y, and record the backward pass when createGraph is true (it runs under noGrad only when false).",
  }),
  defineCase<HW1>({
    id: "autograd.hvp",
    number: "8.13",
    section,
    title: "A Hessian-vector product through matmul, tanh and sigmoid",
    points: 2,
    bonus: true,
    sizes: {
      public: [
        { N: 4, K: 3, H: 5, M: 2 },
        { N: 6, K: 4, H: 3, M: 3 },
      ],
      hidden: [
        { N: 1, K: 2, H: 4, M: 1 },
        { N: 8, K: 5, H: 6, M: 2 },
        { N: 3, K: 6, H: 2, M: 4 },
      ],
    },
    inputs: (rng, size) => {
      const [N, K, H, M] = [size.N as number, size.K as number, size.H as number, size.M as number];
      return {
        X: rng.randn([N, K]),
        W1: rng.randn([K, H]).mul(0.5),
        W2: rng.randn([H, M]).mul(0.5),
        V1: rng.randn([K, H]),
        V2: rng.randn([H, M]),
      };
    },
    // L = Σ σ(tanh(X·W1)·W2); H·v = ∇_W (∇_W L · v), v = (V1, V2): one createGraph backward, then one more.
    run: ({ hw, inputs: { X, W1, W2, V1, V2 } }) => {
      const [w1, w2] = [W1, W2].map((w) => new hw.Tensor(w, { requiresGrad: true }));
      const L = hw.sum(hw.sigmoid(hw.matmul(hw.tanh(hw.matmul(new hw.Tensor(X), w1)), w2)));
      L.backward(undefined, { createGraph: true });
      const [g1, g2] = [w1.grad, w2.grad];
      const out: Outputs = { L: L.data, dLdW1: gradOf(w1), dLdW2: gradOf(w2) };
      if (g1 === undefined || g2 === undefined) return out;
      const dot = hw.add(hw.sum(hw.mul(g1, new hw.Tensor(V1))), hw.sum(hw.mul(g2, new hw.Tensor(V2))));
      const [Hv1, Hv2] = secondGrads(hw, dot, [w1, w2]);
      return { ...out, Hv_W1: Hv1, Hv_W2: Hv2 };
    },
    failureHint:
      "If dLdW1 and dLdW2 are right and Hv is not, a gradFn cut the graph: matmul's must use transpose(b) and transpose(a) as tensors (the cross terms ∂²L/∂W1∂W2 come through them), tanh's and sigmoid's the result tensor Y.",
  }),
  defineCase<HW1>({
    id: "autograd.grad_penalty",
    number: "8.14",
    section,
    title: "The gradient of a gradient's squared norm: an MLP with logSoftmax, backward twice",
    points: 2,
    bonus: true,
    sizes: {
      public: [
        { N: 4, Cin: 3, H: 5, C: 3 },
        { N: 6, Cin: 4, H: 4, C: 5 },
      ],
      hidden: [
        { N: 1, Cin: 2, H: 3, C: 2 },
        { N: 10, Cin: 5, H: 6, C: 4 },
      ],
    },
    inputs: (rng, size) => {
      const [N, Cin, H, C] = [size.N as number, size.Cin as number, size.H as number, size.C as number];
      return {
        X: rng.randn([N, Cin]),
        Y: rng.randint(0, C, [N], { dtype: "int32" }),
        W0: rng.randn([H, Cin]).mul(0.7),
        b0: rng.randn([H]).mul(0.3),
        W1: rng.randn([C, H]).mul(0.7),
        b1: rng.randn([C]).mul(0.3),
      };
    },
    // L = NLL(logSoftmax(MLP(X))), R = ‖∂L/∂X‖² (an input-gradient penalty): R's gradient reaches every weight through ∂L/∂X's graph.
    run: ({ hw, inputs, size }) => {
      const names = ["X", "W0", "b0", "W1", "b1"];
      const t = Object.fromEntries(names.map((n) => [n, new hw.Tensor(inputs[n], { requiresGrad: true })]));
      const T = new hw.Tensor(hw.oneHot(inputs.Y, size.C as number));
      const linear = (A: Tensor, W: Tensor, b: Tensor) => hw.add(hw.matmul(A, hw.transpose(W)), b);
      const logits = linear(hw.tanh(linear(t.X, t.W0, t.b0)), t.W1, t.b1);
      const L = hw.neg(hw.mean(hw.sum(hw.mul(hw.logSoftmax(logits), T), -1)));
      L.backward(undefined, { createGraph: true });
      const gX = t.X.grad;
      const out: Outputs = { L: L.data, dLdX: gradOf(t.X) };
      if (gX === undefined) return out;
      const R = hw.sum(hw.mul(gX, gX));
      const grads = secondGrads(hw, R, names.map((n) => t[n]));
      names.forEach((n, i) => (out[`dRd${n}`] = grads[i]));
      return { ...out, R: R.data };
    },
    failureHint:
      "If L and dLdX are right and a dRd… is not, the graph of ∂L/∂X is cut somewhere: logsumexp's gradFn must build the softmax from tensors (exp(sub(A, Y)) with Y the result tensor), and every other gradFn use tensor ops, so that ∂L/∂X depends on the weights through the graph.",
  }),
];
