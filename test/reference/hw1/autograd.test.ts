import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allclose, array, DTypeError, Generator, NDArray, ShapeError, ValueError, zeros } from "#ndarray";
import {
  add,
  broadcastTo,
  CrossEntropyLoss,
  div,
  exp,
  isGradEnabled,
  Linear,
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
  ReLU,
  relu,
  reshape,
  sigmoid,
  sub,
  sum,
  tanh,
  Tensor,
  topologicalOrder,
  transpose,
  unbroadcast,
} from "../../../reference/hw1/index.js";
import { checkGrad, expectGradClose, numericalGrad } from "../gradcheck.js";

const f64 = { dtype: "float64" } as const;

/** A float64 leaf that requires grad. */
function leaf(x: NDArray): Tensor {
  return new Tensor(x, { requiresGrad: true });
}

interface OpSpec {
  name: string;
  /** The operands' values (float64); each is checked in turn, the others held fixed. */
  args: (rng: Generator) => NDArray[];
  f: (...t: Tensor[]) => Tensor;
}

/** Draws that keep every op away from its kinks and poles: |x| ≥ 0.1, positive where a log or root needs it. */
const away = (rng: Generator, shape: number[]) => {
  const x = rng.randn(shape, f64);
  return x.add(x.sign().mul(0.1));
};
const positive = (rng: Generator, shape: number[]) => rng.uniform(0.5, 2, shape, f64);

const OPS: OpSpec[] = [
  { name: "add, (3,4) + (4)", args: (r) => [r.randn([3, 4], f64), r.randn([4], f64)], f: add },
  { name: "sub, (3,1) − (3,4)", args: (r) => [r.randn([3, 1], f64), r.randn([3, 4], f64)], f: sub },
  { name: "mul, (4) ⊙ (3,1)", args: (r) => [r.randn([4], f64), r.randn([3, 1], f64)], f: mul },
  { name: "div, (2,3,4) / (3,1)", args: (r) => [r.randn([2, 3, 4], f64), away(r, [3, 1])], f: div },
  { name: "add with a number", args: (r) => [r.randn([3, 2], f64)], f: (a) => add(2, mul(a, -3)) },
  { name: "div of a number", args: (r) => [away(r, [3, 2])], f: (a) => div(1.5, a) },
  { name: "neg", args: (r) => [r.randn([3, 4], f64)], f: neg },
  { name: "pow 3", args: (r) => [r.randn([3, 4], f64)], f: (a) => pow(a, 3) },
  { name: "pow −0.5", args: (r) => [positive(r, [3, 4])], f: (a) => pow(a, -0.5) },
  { name: "matmul (3,4)·(4,2)", args: (r) => [r.randn([3, 4], f64), r.randn([4, 2], f64)], f: matmul },
  { name: "matmul (2,3,4)·(4,2), B broadcast", args: (r) => [r.randn([2, 3, 4], f64), r.randn([4, 2], f64)], f: matmul },
  { name: "matmul (3,4)·(2,4,5), A broadcast", args: (r) => [r.randn([3, 4], f64), r.randn([2, 4, 5], f64)], f: matmul },
  { name: "sum all", args: (r) => [r.randn([3, 4], f64)], f: (a) => sum(a) },
  { name: "sum axis 1", args: (r) => [r.randn([2, 3, 4], f64)], f: (a) => sum(a, 1) },
  { name: "sum axes [0,2] keepdims", args: (r) => [r.randn([2, 3, 4], f64)], f: (a) => sum(a, [0, 2], true) },
  { name: "mean all", args: (r) => [r.randn([3, 4], f64)], f: (a) => mean(a) },
  { name: "mean axis −1 keepdims", args: (r) => [r.randn([2, 3, 4], f64)], f: (a) => mean(a, -1, true) },
  { name: "reshape", args: (r) => [r.randn([2, 3, 4], f64)], f: (a) => reshape(a, [4, -1]) },
  { name: "transpose(0, 2)", args: (r) => [r.randn([2, 3, 4], f64)], f: (a) => transpose(a, 0, 2) },
  { name: "transpose()", args: (r) => [r.randn([2, 3, 4], f64)], f: (a) => transpose(a) },
  { name: "broadcastTo", args: (r) => [r.randn([3, 1], f64)], f: (a) => broadcastTo(a, [2, 3, 4]) },
  { name: "exp", args: (r) => [r.randn([3, 4], f64)], f: exp },
  { name: "log", args: (r) => [positive(r, [3, 4])], f: log },
  { name: "relu", args: (r) => [away(r, [3, 4])], f: relu },
  { name: "tanh", args: (r) => [r.randn([3, 4], f64)], f: tanh },
  { name: "sigmoid", args: (r) => [r.randn([3, 4], f64).mul(3)], f: sigmoid },
  { name: "logsumexp axis −1", args: (r) => [r.randn([3, 4], f64).mul(3)], f: (a) => logsumexp(a, -1) },
  { name: "logsumexp axis 0 keepdims", args: (r) => [r.randn([3, 4], f64).mul(3)], f: (a) => logsumexp(a, 0, true) },
  { name: "logsumexp all", args: (r) => [r.randn([2, 3, 4], f64)], f: (a) => logsumexp(a) },
];

/** Backpropagates a random G through f on leaves of `args`; checks each leaf's grad by central differences. */
function checkOp(f: OpSpec["f"], args: NDArray[], rng: Generator, what: string): void {
  const leaves = args.map(leaf);
  const Y = f(...leaves);
  const G = rng.randn(Y.shape, f64);
  Y.backward(G);
  args.forEach((x, i) => {
    const fi = (xi: NDArray) => f(...args.map((a, k) => new Tensor(k === i ? xi : a))).data;
    checkGrad(fi, x, G, leaves[i].grad?.data, `${what}: dL/d(operand ${i})`);
  });
}

describe("hw1 autograd", () => {
  describe.each(OPS.map((op) => [op.name, op] as const))("%s", (name, op) => {
    it("gradients match central differences (float64)", () => {
      const rng = new Generator(`autograd ${name}`);
      checkOp(op.f, op.args(rng), rng, name);
    });

    it("gives each operand a float64 gradient of its own shape", () => {
      const rng = new Generator(`shapes ${name}`);
      const leaves = op.args(rng).map(leaf);
      const Y = op.f(...leaves);
      Y.backward(rng.randn(Y.shape, f64));
      for (const t of leaves) {
        expect(t.grad?.shape).toEqual(t.shape);
        expect(t.grad?.dtype).toBe("float64");
      }
    });
  });

  it("forward values equal the NDArray computations (logsumexp against its definition)", () => {
    const A = new Generator(1).randn([3, 4], f64);
    const t = new Tensor(A);
    expect(allclose(sigmoid(t).data, A.neg().exp().add(1).pow(-1), { rtol: 1e-14, atol: 0 })).toBe(true);
    expect(allclose(logsumexp(t, -1).data, A.exp().sum(-1).log(), { rtol: 1e-14, atol: 1e-14 })).toBe(true);
    expect(logsumexp(t, 0, true).shape).toEqual([1, 4]);
    expect(logsumexp(t).shape).toEqual([]);
  });

  it("logsumexp is finite at logits of ±1e4 in float32, with a softmax gradient", () => {
    const A = leaf(array([[1e4, 0, -1e4], [-1e4, -1e4 + 1, -1e4]]));
    const Y = logsumexp(A, -1);
    expect(Array.from(Y.data.toTypedArray()).every(Number.isFinite)).toBe(true);
    expect(Y.data.toTypedArray()[0]).toBe(1e4);
    Y.backward(array([1, 1]));
    const g = Array.from(A.grad!.data.toTypedArray());
    expect(g.slice(0, 3)).toEqual([1, 0, 0]);
    // float32 spacing at 1e4 is ~1e-3, so the second row is right to about that
    const e = 1 / (2 + Math.E);
    [e, Math.E * e, e].forEach((v, j) => expect(g[3 + j]).toBeCloseTo(v, 3));
  });

  it("pow with exponent 0 has a zero gradient, also at 0 (as torch)", () => {
    const x = leaf(array([0, 2, -3], f64));
    pow(x, 0).backward(array([1, 1, 1], f64));
    expect(x.grad!.data.toArray()).toEqual([0, 0, 0]);
  });

  it("relu's derivative at exactly 0 is 0 (as torch)", () => {
    const x = leaf(array([-1, 0, 2], f64));
    relu(x).backward(array([5, 5, 5], f64));
    expect(x.grad!.data.toArray()).toEqual([0, 0, 5]);
  });

  describe("the graph", () => {
    it("diamond: a tensor used by several ops and twice by one gets the sum of its gradients", () => {
      const rng = new Generator(3);
      const f = (X: Tensor, W: Tensor) => {
        const Y = sigmoid(mul(X, W));
        return sub(mul(Y, Y), mul(Y, X));
      };
      checkOp(f, [rng.randn([4, 3], f64), rng.randn([3], f64)], rng, "diamond");
    });

    it("mul(x, x) has gradient 2x", () => {
      const x = leaf(array([1, -2, 3], f64));
      sum(mul(x, x)).backward();
      expect(x.grad!.data.toArray()).toEqual([2, -4, 6]);
    });

    it("leaves accumulate .grad across backward() calls until zeroGrad(), as PyTorch", () => {
      const x = leaf(array([1, 2], f64));
      sum(mul(x, 3)).backward();
      sum(mul(x, 3)).backward();
      expect(x.grad!.data.toArray()).toEqual([6, 6]);
      x.zeroGrad();
      sum(x).backward();
      expect(x.grad!.data.toArray()).toEqual([1, 1]);
    });

    it("only leaves that require grad keep a gradient; constants get none", () => {
      const x = leaf(array([1, 2], f64));
      const c = new Tensor(array([3, 4], f64));
      const h = mul(x, c);
      sum(h).backward();
      expect(c.grad).toBeUndefined();
      expect(h.grad).toBeUndefined();
      expect(h.isLeaf).toBe(false);
      expect(x.grad!.data.toArray()).toEqual([3, 4]);
    });

    it("an op on constants only is a constant: no parents, no gradFn", () => {
      const y = exp(new Tensor(array([1, 2], f64)));
      expect([y.requiresGrad, y.parents.length, y.isLeaf]).toEqual([false, 0, true]);
    });

    it("a chain of 2000 ops: the gradient is the product of the local derivatives", () => {
      const x = leaf(array([0.5], f64));
      let y = x;
      for (let i = 0; i < 2000; i++) y = mul(y, 1.001);
      y.backward();
      expect(x.grad!.item()).toBeCloseTo(1.001 ** 2000, 8);
    });

    it("random expression graphs: a topological order, and gradients matching central differences", () => {
      const unary = [tanh, sigmoid, (t: Tensor) => mul(t, 0.7), neg];
      const binary = [add, sub, mul];
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { minLength: 1, maxLength: 12 }), fc.integer(), (steps, seed) => {
          const x0 = new Generator(seed).randn([2, 3], f64);
          const build = (x: Tensor) => {
            const nodes: Tensor[] = [x, tanh(x)];
            for (const [op, i, j] of steps) {
              const a = nodes[i % nodes.length];
              const b = nodes[j % nodes.length];
              nodes.push(op % 2 === 0 ? unary[op % unary.length](a) : binary[op % binary.length](a, b));
            }
            return nodes[nodes.length - 1];
          };
          const x = leaf(x0);
          const Y = build(x);
          const order = topologicalOrder(Y);
          expect(new Set(order).size).toBe(order.length);
          expect(order[order.length - 1]).toBe(Y);
          order.forEach((t, k) => t.parents.forEach((p) => expect(order.indexOf(p)).toBeLessThan(k)));
          const G = new Generator(seed + 1).randn([2, 3], f64);
          Y.backward(G);
          checkGrad((v) => build(new Tensor(v)).data, x0, G, x.grad?.data ?? zeros([2, 3], f64), "random graph dL/dx", 1e-5);
        }),
        { numRuns: 40 },
      );
    });
  });

  describe("unbroadcast", () => {
    it("equals the naive sum over broadcast axes, for random shapes", () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.boolean()), { maxLength: 4 }),
          fc.integer({ min: 0, max: 2 }),
          fc.integer(),
          (axes, extra, seed) => {
            // the operand's shape keeps size-1 axes where the flag says so; `extra` leading axes are new
            const full = [...Array.from({ length: extra }, (_, i) => i + 2), ...axes.map(([d]) => d)];
            const shape = axes.map(([d, squashed]) => (squashed ? 1 : d));
            const G = new Generator(seed).randn(full, f64);
            const got = unbroadcast(new Tensor(G), shape).data;
            expect(got.shape).toEqual(shape);
            // naive: each element of G lands on the operand element it was copied from
            const want = new Float64Array(shape.reduce((p, d) => p * d, 1));
            const g = G.toTypedArray();
            for (let k = 0; k < g.length; k++) {
              let rest = k;
              let flat = 0;
              let stride = 1;
              for (let ax = full.length - 1; ax >= extra; ax--) {
                const i = rest % full[ax];
                const s = shape[ax - extra];
                flat += (s === 1 ? 0 : i) * stride;
                stride *= s;
                rest = Math.floor(rest / full[ax]);
              }
              want[flat] += g[k];
            }
            expect(allclose(got, NDArray.fromTypedArray(want, shape), { rtol: 1e-12, atol: 1e-12 })).toBe(true);
          },
        ),
        { numRuns: 100 },
      );
    });
  });

  describe("noGrad", () => {
    it("records nothing inside, restores the mode after, and nests", () => {
      const x = leaf(array([1, 2], f64));
      const inner = noGrad(() => {
        expect(isGradEnabled()).toBe(false);
        const nested = noGrad(() => exp(x));
        expect(isGradEnabled()).toBe(false);
        return mul(nested, x);
      });
      expect([inner.requiresGrad, inner.parents.length]).toEqual([false, 0]);
      expect(isGradEnabled()).toBe(true);
      expect(exp(x).requiresGrad).toBe(true);
    });

    it("restores the mode when fn throws", () => {
      expect(() =>
        noGrad(() => {
          throw new Error("inside");
        }),
      ).toThrow("inside");
      expect(isGradEnabled()).toBe(true);
    });

    it("a value computed under noGrad is a constant in the gradient", () => {
      const x0 = array([0.5, -1, 2], f64);
      const x = leaf(x0);
      const c = noGrad(() => exp(x));
      sum(mul(x, c)).backward();
      expect(allclose(x.grad!.data, x0.exp(), { rtol: 1e-15, atol: 0 })).toBe(true);
    });
  });

  describe("errors", () => {
    it("backward() without a gradient needs a one-element tensor", () => {
      expect(() => mul(leaf(array([1, 2], f64)), 2).backward()).toThrow(ValueError);
    });

    it("backward() on a tensor that does not require grad says why", () => {
      expect(() => exp(new Tensor(array([1], f64))).backward()).toThrow(/does not require grad/);
    });

    it("backward(grad) checks the gradient's shape", () => {
      expect(() => exp(leaf(array([1, 2], f64))).backward(array([1, 2, 3], f64))).toThrow(ShapeError);
    });

    it("an integer tensor cannot require grad", () => {
      expect(() => new Tensor(array([1, 2], { dtype: "int32" }), { requiresGrad: true })).toThrow(DTypeError);
    });

    it("a gradFn returning the wrong shape is reported with the op's name", () => {
      const x = leaf(array([1, 2], f64));
      const bad = Tensor.fromOp("badop", x.data.sum(), [x], (g) => [g]);
      expect(() => bad.backward()).toThrow(/badop's gradFn returned a gradient of shape \[\] for parent 0 of shape \[2\]/);
    });

    it("matmul refuses 1-D operands, naming the shapes", () => {
      expect(() => matmul(leaf(array([1, 2], f64)), leaf(array([[1], [2]], f64)))).toThrow(/\[2\] and \[2,1\]/);
    });
  });

  it("an MLP step by autograd gives hw1's manual gradients (Linear, ReLU, CrossEntropyLoss)", () => {
    const rng = new Generator(9);
    const [N, Cin, H, C] = [6, 4, 5, 3];
    const X = rng.randn([N, Cin], f64);
    const Y = rng.randint(0, C, [N], { dtype: "int32" });
    const l0 = new Linear(Cin, H, { rng, dtype: "float64" });
    const l1 = new Linear(H, C, { rng, dtype: "float64" });
    l0.b = l0.b.add(0.1);

    const ce = new CrossEntropyLoss();
    const act = new ReLU();
    const Lmanual = ce.forward(l1.forward(act.forward(l0.forward(X))), Y);
    l0.backward(act.backward(l1.backward(ce.backward())));

    const [W0, b0, W1, b1] = [l0.W, l0.b, l1.W, l1.b].map(leaf);
    const T = new Tensor(oneHot(Y, C, "float64"));
    const linear = (A: Tensor, W: Tensor, b: Tensor) => add(matmul(A, transpose(W)), b);
    const logits = linear(relu(linear(new Tensor(X), W0, b0)), W1, b1);
    const L = mean(sub(logsumexp(logits, -1), sum(mul(logits, T), -1)));
    L.backward();

    expect(L.item()).toBeCloseTo(Lmanual.item(), 12);
    const pairs: [Tensor, NDArray | undefined][] = [[W0, l0.dLdW], [b0, l0.dLdb], [W1, l1.dLdW], [b1, l1.dLdb]];
    for (const [t, manual] of pairs) expect(allclose(t.grad!.data, manual!, { rtol: 1e-12, atol: 1e-12 })).toBe(true);
  });
});

describe("hw1 autograd logSoftmax", () => {
  it("equals A − logsumexp, stays finite on large inputs and differentiates through the composition", () => {
    const A = new Generator(14).randn([3, 4], f64).mul(5).add(200);
    const G = new Generator(15).randn([3, 4], f64);
    const x = new Tensor(A, { requiresGrad: true });
    const Y = logSoftmax(x);
    expect(Number.isFinite(Y.data.abs().max().item())).toBe(true);
    expect(Y.data.exp().sum(-1).sub(1).abs().max().item()).toBeLessThan(1e-12);
    Y.backward(G);
    const numeric = numericalGrad((a) => logSoftmax(new Tensor(a)).data, A, G);
    expectGradClose(x.grad?.data, numeric, "dLdA", 1e-5);
  });
});
