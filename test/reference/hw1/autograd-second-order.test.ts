import { describe, expect, it } from "vitest";
import { array, Generator, NDArray, zerosLike } from "#ndarray";
import {
  add,
  broadcastTo,
  div,
  exp,
  log,
  logSoftmax,
  logsumexp,
  matmul,
  mean,
  mul,
  neg,
  noGrad,
  oneHot,
  pow,
  relu,
  reshape,
  sigmoid,
  sub,
  sum,
  tanh,
  Tensor,
  transpose,
} from "../../../reference/hw1/index.js";
import { expectGradClose, numericalScalarGrad } from "../gradcheck.js";

const f64 = { dtype: "float64" } as const;

/** A float64 leaf that requires grad. */
function leaf(x: NDArray): Tensor {
  return new Tensor(x, { requiresGrad: true });
}

/** Draws with |x| ≥ 0.1 (relu's kink is not the test); positive ones where log, pow or a denominator needs them. */
const away = (rng: Generator, shape: number[]) => {
  const x = rng.randn(shape, f64);
  return x.add(x.sign().mul(0.1));
};
const positive = (rng: Generator, shape: number[]) => rng.uniform(0.5, 2, shape, f64);

interface OpSpec {
  name: string;
  args: (rng: Generator) => NDArray[];
  f: (...t: Tensor[]) => Tensor;
}

/** Every op, composed where its second derivative alone would vanish (a linear op is differentiated through a product). */
const OPS: OpSpec[] = [
  { name: "mul, (3,4) ⊙ (4)", args: (r) => [r.randn([3, 4], f64), r.randn([4], f64)], f: (a, b) => mul(mul(a, b), a) },
  { name: "add and sub, broadcast", args: (r) => [r.randn([3, 1], f64), r.randn([3, 4], f64)], f: (a, b) => mul(sub(a, b), add(b, a)) },
  { name: "div, (2,3) / (3)", args: (r) => [r.randn([2, 3], f64), away(r, [3])], f: div },
  { name: "div of a number", args: (r) => [positive(r, [3, 2])], f: (a) => div(1.5, a) },
  { name: "neg", args: (r) => [r.randn([3, 4], f64)], f: (a) => mul(neg(a), a) },
  { name: "pow 3", args: (r) => [r.randn([3, 4], f64)], f: (a) => pow(a, 3) },
  { name: "pow −0.5", args: (r) => [positive(r, [3, 4])], f: (a) => pow(a, -0.5) },
  { name: "pow 1 (its derivative's pow 0 has a zero gradient)", args: (r) => [r.randn([3], f64)], f: (a) => mul(pow(a, 1), a) },
  { name: "exp", args: (r) => [r.randn([3, 4], f64)], f: exp },
  { name: "log", args: (r) => [positive(r, [3, 4])], f: log },
  { name: "relu", args: (r) => [away(r, [3, 4])], f: (a) => mul(relu(a), a) },
  { name: "tanh", args: (r) => [r.randn([3, 4], f64)], f: tanh },
  { name: "sigmoid", args: (r) => [r.randn([3, 4], f64).mul(2)], f: sigmoid },
  { name: "matmul, batched, B broadcast", args: (r) => [r.randn([2, 3, 4], f64), r.randn([4, 2], f64)], f: (a, b) => tanh(matmul(a, b)) },
  { name: "matmul of a transpose", args: (r) => [r.randn([3, 4], f64)], f: (a) => matmul(a, transpose(a)) },
  { name: "sum axis 1", args: (r) => [r.randn([2, 3, 4], f64)], f: (a) => mul(sum(a, 1, true), a) },
  { name: "mean all", args: (r) => [r.randn([3, 4], f64)], f: (a) => mul(mean(a), a) },
  { name: "logsumexp axis −1", args: (r) => [r.randn([3, 4], f64).mul(3)], f: (a) => logsumexp(a, -1) },
  { name: "logsumexp axis 0 keepdims", args: (r) => [r.randn([3, 4], f64)], f: (a) => logsumexp(a, 0, true) },
  { name: "logsumexp all", args: (r) => [r.randn([2, 3], f64)], f: (a) => logsumexp(a) },
  { name: "logSoftmax", args: (r) => [r.randn([3, 5], f64).mul(2)], f: (a) => logSoftmax(a) },
  { name: "reshape, broadcastTo", args: (r) => [r.randn([3, 1], f64)], f: (a) => mul(broadcastTo(a, [2, 3, 4]), reshape(broadcastTo(a, [3, 8]), [2, 3, 4])) },
];

/**
 * ∇f at `args`, by a plain backward of Σ G ⊙ f (float64), one gradient per argument; zeros
 * for an argument f does not reach.
 */
function firstGrads(f: OpSpec["f"], args: NDArray[], G: NDArray): NDArray[] {
  const leaves = args.map(leaf);
  f(...leaves).backward(G);
  return leaves.map((t, i) => t.grad?.data ?? zerosLike(args[i]));
}

/**
 * The Hessian of F = Σ G ⊙ f(args) times V, by the engine: a createGraph backward gives
 * ∇F as tensors, and a backward of Σᵢ ∇ᵢF ⊙ Vᵢ gives H·V (zeros when that is a constant).
 */
function hessianTimes(f: OpSpec["f"], args: NDArray[], G: NDArray, V: NDArray[]): NDArray[] {
  const leaves = args.map(leaf);
  f(...leaves).backward(G, { createGraph: true });
  const terms = leaves.map((t, i) => sum(mul(t.grad ?? new Tensor(zerosLike(args[i])), new Tensor(V[i]))));
  const S = terms.reduce((a, b) => add(a, b));
  leaves.forEach((t) => t.zeroGrad());
  if (S.requiresGrad) S.backward();
  return leaves.map((t, i) => t.grad?.data ?? zerosLike(args[i]));
}

/** H·V checked against central differences of the first gradient along V: (∇F(x + εV) − ∇F(x − εV)) / 2ε. */
function checkHessianTimes(f: OpSpec["f"], args: NDArray[], rng: Generator, what: string): void {
  const G = rng.randn(f(...args.map((a) => new Tensor(a))).shape, f64);
  const V = args.map((a) => rng.randn(a.shape, f64));
  const eps = 1e-5;
  const plus = firstGrads(f, args.map((a, i) => a.add(V[i].mul(eps))), G);
  const minus = firstGrads(f, args.map((a, i) => a.sub(V[i].mul(eps))), G);
  const hv = hessianTimes(f, args, G, V);
  hv.forEach((h, i) => expectGradClose(h, plus[i].sub(minus[i]).div(2 * eps), `${what}: (H·v) for operand ${i}`, 1e-6, 1e-8));
}

describe("hw1 autograd, second order (createGraph)", () => {
  it.each(OPS.map((op) => [op.name, op] as const))("%s: H·v matches central differences of the gradient", (name, op) => {
    const rng = new Generator(`second order ${name}`);
    checkHessianTimes(op.f, op.args(rng), rng, name);
  });

  it("by default the gradient is a constant, computed without recording; with createGraph it has a graph", () => {
    const x = leaf(array([0.5, -1, 2], f64));
    sum(tanh(x)).backward();
    expect([x.grad!.requiresGrad, x.grad!.parents.length]).toEqual([false, 0]);
    x.zeroGrad();
    sum(tanh(x)).backward(undefined, { createGraph: true });
    expect(x.grad!.requiresGrad).toBe(true);
    expect(x.grad!.isLeaf).toBe(false);
  });

  it("gives the same first gradients with and without createGraph", () => {
    const rng = new Generator("same values");
    const [A, W, G] = [rng.randn([4, 3], f64), rng.randn([3, 5], f64), rng.randn([4, 5], f64)];
    const run = (createGraph: boolean) => {
      const [a, w] = [leaf(A), leaf(W)];
      logSoftmax(sigmoid(matmul(a, w))).backward(G, { createGraph });
      return [a.grad!.data.toArray(), w.grad!.data.toArray()];
    };
    expect(run(true)).toEqual(run(false));
  });

  it("d²/dx² of x³ is 6x, and a third backward gives 6", () => {
    const x0 = array([1.5, -2, 0.25], f64);
    const x = leaf(x0);
    sum(mul(mul(x, x), x)).backward(undefined, { createGraph: true });
    const g = x.grad!;
    expect(g.data.toArray()).toEqual([6.75, 12, 0.1875]);
    x.zeroGrad();
    sum(g).backward(undefined, { createGraph: true });
    const h = x.grad!;
    expect(h.data.toArray()).toEqual([9, -12, 1.5]);
    x.zeroGrad();
    sum(h).backward();
    expect(x.grad!.data.toArray()).toEqual([6, 6, 6]);
  });

  it(".grad accumulates with createGraph as without: an uncleared x.grad gets f″ added, and the tensor read before keeps f′", () => {
    const x = leaf(array([1, 2], f64));
    sum(pow(x, 3)).backward(undefined, { createGraph: true });
    const g = x.grad!;
    sum(g).backward();
    expect(x.grad!.data.toArray()).toEqual([3 + 6, 12 + 12]);
    expect(g.data.toArray()).toEqual([3, 12]);
  });

  it("inside noGrad a createGraph backward records nothing (recording needs gradient mode on)", () => {
    const x = leaf(array([0.5, 1], f64));
    const y = sum(exp(x));
    noGrad(() => y.backward(undefined, { createGraph: true }));
    expect(x.grad!.requiresGrad).toBe(false);
    expect(x.grad!.data.toArray()).toEqual(array([0.5, 1], f64).exp().toArray());
  });

  it("the suite's Hessian-vector product network: σ(tanh(X·W1)·W2) summed", () => {
    const rng = new Generator("hvp network");
    const X = new Tensor(rng.randn([5, 3], f64));
    const f = (w1: Tensor, w2: Tensor) => sum(sigmoid(matmul(tanh(matmul(X, w1)), w2)));
    checkHessianTimes(f, [rng.randn([3, 4], f64).mul(0.5), rng.randn([4, 2], f64).mul(0.5)], rng, "hvp network");
  });

  it("the suite's gradient penalty: d‖∂L/∂X‖²/dθ for an MLP with logSoftmax matches central differences of the penalty", () => {
    const rng = new Generator("grad penalty");
    const [N, Cin, H, C] = [5, 3, 4, 3];
    const T = new Tensor(oneHot(rng.randint(0, C, [N], { dtype: "int32" }), C, "float64"));
    const values = [rng.randn([N, Cin], f64), rng.randn([H, Cin], f64), rng.randn([H], f64), rng.randn([C, H], f64), rng.randn([C], f64)];
    const linear = (A: Tensor, W: Tensor, b: Tensor) => add(matmul(A, transpose(W)), b);
    const loss = (t: Tensor[]) => neg(mean(sum(mul(logSoftmax(linear(tanh(linear(t[0], t[1], t[2])), t[3], t[4])), T), -1)));
    /** R = ‖∂L/∂X‖² at `vals`, with the gradient graph recorded when `record`; the leaves, for reading dR/dθ. */
    const penalty = (vals: NDArray[], record: boolean) => {
      const t = vals.map(leaf);
      loss(t).backward(undefined, { createGraph: record });
      const gX = t[0].grad!;
      return { R: sum(mul(gX, gX)), t };
    };
    const { R, t } = penalty(values, true);
    t.forEach((p) => p.zeroGrad());
    R.backward();
    values.forEach((v, i) => {
      const numeric = numericalScalarGrad((x) => penalty(values.map((u, k) => (k === i ? x : u)), false).R.item(), v, 1e-6);
      expectGradClose(t[i].grad?.data, numeric, `dR/d(parameter ${i})`, 1e-6, 1e-8);
    });
  });
});
