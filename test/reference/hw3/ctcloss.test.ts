/**
 * The hw3 CTCLoss (float64): the loss against brute force, every alignment of every item
 * enumerated (collapse repeats, drop blanks; brute-force.ts) with a log-softmax written out
 * as loops, on targets with repeated labels, an empty target, unequal lengths and a blank
 * other than 0; the skip transition and the blank between repeats on inputs that have a
 * single alignment; dL/dlogits against central differences.
 */
import { describe, expect, it } from "vitest";
import { array, Generator, type NDArray } from "#ndarray";
import { BackwardBeforeForwardError, CTCLoss } from "../../../reference/hw3/index.js";
import { checkGrad } from "../gradcheck.js";
import { labellingLogProbs } from "./brute-force.js";
import { logSoftmaxRows, type Matrix } from "./formulas.js";

const int32 = (values: number[] | number[][]) => array(values, { dtype: "int32" });
const ONE = array(1, { dtype: "float64" });

/** Batch item n's first `len` frames of logits (T, N, C), as plain rows. */
function framesOf(logits: NDArray, n: number, len: number): Matrix {
  return (logits.toArray() as number[][][]).slice(0, len).map((frame) => frame[n]);
}

/** log P(target) from the logits' rows: log softmax by loops, then every C^T alignment enumerated. */
function exactLogP(rows: Matrix, target: readonly number[], blank: number): number {
  return labellingLogProbs(array(logSoftmaxRows(rows), { dtype: "float64" }), blank).get(target.join(",")) ?? -Infinity;
}

describe("hw3 CTCLoss", () => {
  const rng = new Generator(51);
  const [T, N, C] = [7, 3, 4];
  const logits = rng.randn([T, N, C], { dtype: "float64" });
  const targets = int32([[1, 2, 2], [3, 1, 1], [2, 2, 2]]);
  const inputLengths = int32([7, 5, 6]);
  const targetLengths = int32([3, 0, 2]);
  const targetsBlank2 = int32([[1, 3, 3], [3, 1, 1], [0, 0, 1]]);

  it("is the mean over the batch of −log P / max(target length, 1), P summed over every alignment (enumeration)", () => {
    for (const [blank, t] of [[0, targets], [2, targetsBlank2]] as const) {
      const L = new CTCLoss(blank).forward(logits, t, inputLengths, targetLengths).item();
      const labels = t.toArray() as number[][];
      const tls = Array.from(targetLengths.toTypedArray());
      const expected = Array.from(inputLengths.toTypedArray()).reduce(
        (sum, len, n) => sum - exactLogP(framesOf(logits, n, len), labels[n].slice(0, tls[n]), blank) / Math.max(tls[n], 1) / N,
        0,
      );
      expect(L, `blank ${blank}`).toBeCloseTo(expected, 12);
    }
  });

  it("needs the skip transition between different labels, and a blank between repeated ones", () => {
    // With T = 3 frames, [1, 2, 1] has the single alignment 1 2 1 (two skips) and [1, 1]
    // the single alignment 1 0 1: each P is the product of its three frames' probabilities.
    const short = rng.randn([3, 2, C], { dtype: "float64" });
    const L = new CTCLoss().forward(short, int32([[1, 2, 1], [1, 1, 0]]), int32([3, 3]), int32([3, 2])).item();
    const [a, b] = [logSoftmaxRows(framesOf(short, 0, 3)), logSoftmaxRows(framesOf(short, 1, 3))];
    const onlyPath = [-(a[0][1] + a[1][2] + a[2][1]) / 3, -(b[0][1] + b[1][0] + b[2][1]) / 2];
    expect(L).toBeCloseTo((onlyPath[0] + onlyPath[1]) / 2, 12);
  });

  it("backward is dL/dlogits: central differences, zero on padding frames", () => {
    for (const blank of [0, 2]) {
      const t = blank === 0 ? targets : targetsBlank2;
      const loss = new CTCLoss(blank);
      loss.forward(logits, t, inputLengths, targetLengths);
      const grad = loss.backward();
      checkGrad((a) => new CTCLoss(blank).forward(a, t, inputLengths, targetLengths), logits, ONE, grad, `dLdlogits (blank ${blank})`);
      expect(Array.from(grad.slice("5:", 1).toTypedArray()).every((v) => v === 0)).toBe(true);
    }
  });

  it("keeps the logits' dtype and refuses bad shapes and backward before forward", () => {
    const l32 = logits.astype("float32");
    expect(new CTCLoss().forward(l32, targets, inputLengths, targetLengths).dtype).toBe("float32");
    expect(() => new CTCLoss().forward(logits, targets, int32([8, 5, 6]), targetLengths)).toThrow(/inputLengths/);
    expect(() => new CTCLoss().forward(logits.slice(0), targets, inputLengths, targetLengths)).toThrow(/\[T,N,C\]/);
    expect(() => new CTCLoss().backward()).toThrow(BackwardBeforeForwardError);
  });
});
