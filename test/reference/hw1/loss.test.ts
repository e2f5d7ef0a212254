import { describe, expect, it } from "vitest";
import { array, DTypeError, Generator, ShapeError, ValueError } from "#ndarray";
import { BackwardBeforeForwardError, CrossEntropyLoss, MSELoss, oneHot } from "../../../reference/hw1/index.js";
import { checkGrad, expectGradClose } from "../gradcheck.js";

const f64 = { dtype: "float64" } as const;
const ONE = array(1, f64);

/** −(1/N) Σₙ Σ_c T[n][c] · log softmax(A[n])[c], with a max-shifted log-sum-exp, in JS numbers. */
function crossEntropy(A: number[][], T: number[][]): number {
  let total = 0;
  A.forEach((row, n) => {
    const m = Math.max(...row);
    const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
    row.forEach((v, c) => (total -= T[n][c] * (v - lse)));
  });
  return total / A.length;
}

function probabilities(rng: Generator, N: number, C: number) {
  const raw = rng.rand([N, C], f64).add(0.1);
  return raw.div(raw.sum(1, true));
}

describe("hw1 MSELoss", () => {
  it("is the mean over ALL elements of (A − Y)², a 0-d array", () => {
    const rng = new Generator(1);
    const A = rng.randn([4, 3], f64);
    const Y = rng.randn([4, 3], f64);
    const L = new MSELoss().forward(A, Y);
    expect(L.shape).toEqual([]);
    const a = A.toTypedArray();
    const y = Y.toTypedArray();
    let s = 0;
    for (let i = 0; i < 12; i++) s += (a[i] - y[i]) ** 2;
    expect(L.item()).toBeCloseTo(s / 12, 13);
  });

  it("backward is 2(A − Y)/size and matches central differences", () => {
    const rng = new Generator(2);
    const A = rng.randn([5, 2], f64);
    const Y = rng.randn([5, 2], f64);
    const loss = new MSELoss();
    loss.forward(A, Y);
    const dLdA = loss.backward();
    expectGradClose(dLdA, A.sub(Y).mul(2 / 10), "closed form", 1e-15);
    checkGrad((a) => new MSELoss().forward(a, Y), A, ONE, dLdA, "MSE dLdA");
  });

  it("rejects targets of another shape, and backward before forward", () => {
    expect(() => new MSELoss().forward(array([[1, 2]]), array([1, 2]))).toThrow(ShapeError);
    expect(() => new MSELoss().backward()).toThrow(BackwardBeforeForwardError);
  });
});

describe("hw1 CrossEntropyLoss", () => {
  it("class indices: the value equals the scalar formula, the gradient (softmax − onehot)/N", () => {
    const rng = new Generator(3);
    const A = rng.randn([6, 4], f64).mul(2);
    const Y = rng.randint(0, 4, [6]);
    const loss = new CrossEntropyLoss();
    const L = loss.forward(A, Y);
    expect(L.shape).toEqual([]);
    const T = oneHot(Y, 4, "float64");
    expect(L.item()).toBeCloseTo(crossEntropy(A.toArray() as number[][], T.toArray() as number[][]), 13);
    const dLdA = loss.backward();
    checkGrad((a) => new CrossEntropyLoss().forward(a, Y), A, ONE, dLdA, "CE (indices) dLdA");
  });

  it("class probabilities: value and gradient", () => {
    const rng = new Generator(4);
    const A = rng.randn([5, 3], f64).mul(2);
    const P = probabilities(rng, 5, 3);
    const loss = new CrossEntropyLoss();
    const L = loss.forward(A, P);
    expect(L.item()).toBeCloseTo(crossEntropy(A.toArray() as number[][], P.toArray() as number[][]), 13);
    checkGrad((a) => new CrossEntropyLoss().forward(a, P), A, ONE, loss.backward(), "CE (probabilities) dLdA");
  });

  it("indices and their one-hot rows give the same loss and gradient", () => {
    const rng = new Generator(5);
    const A = rng.randn([4, 5], f64);
    const Y = array([4, 0, 2, 2], { dtype: "int32" });
    const byIndex = new CrossEntropyLoss();
    const byProb = new CrossEntropyLoss();
    expect(byIndex.forward(A, Y).item()).toBeCloseTo(byProb.forward(A, oneHot(Y, 5, "float64")).item(), 15);
    expectGradClose(byIndex.backward(), byProb.backward(), "dLdA", 1e-15);
  });

  it("logits of 1e4 stay finite (max-shifted log-softmax), in float32 and float64", () => {
    for (const dtype of ["float32", "float64"] as const) {
      const A = array([[1e4, 0, -1e4], [0, 1e4, 0]], { dtype });
      const loss = new CrossEntropyLoss();
      const L = loss.forward(A, array([0, 2], { dtype: "int32" })).item();
      expect(L).toBeCloseTo(5000, 3);
      const dLdA = Array.from(loss.backward().toTypedArray());
      expect(dLdA.every(Number.isFinite)).toBe(true);
      expect(dLdA).toEqual([0, 0, 0, 0, 0.5, -0.5]);
    }
  });

  it("keeps the logits' dtype", () => {
    const loss = new CrossEntropyLoss();
    expect(loss.forward(array([[1, 2]]), array([1], { dtype: "int32" })).dtype).toBe("float32");
    expect(loss.backward().dtype).toBe("float32");
  });

  it("rejects bad targets with clear errors", () => {
    const A = array([[1, 2, 3], [4, 5, 6]]);
    const loss = new CrossEntropyLoss();
    expect(() => loss.forward(A, array([0, 3], { dtype: "int32" }))).toThrow(ValueError);
    expect(() => loss.forward(A, array([0, 1, 2], { dtype: "int32" }))).toThrow(ShapeError);
    expect(() => loss.forward(A, array([0, 1]))).toThrow(ShapeError); // float class indices
    expect(() => loss.forward(A, array([true, false]))).toThrow(DTypeError);
    expect(() => loss.forward(array([1, 2, 3]), array([0], { dtype: "int32" }))).toThrow(ShapeError);
    expect(() => new CrossEntropyLoss().backward()).toThrow(BackwardBeforeForwardError);
  });

  it("oneHot builds rows of the identity", () => {
    expect(oneHot(array([2, 0], { dtype: "int32" }), 3).toArray()).toEqual([[0, 0, 1], [1, 0, 0]]);
  });
});
