/**
 * The hw3 CTCLoss: the mean reduction against per-item CTC likelihoods, and dL/dlogits
 * against central differences (float64) on a batch with unequal input and target lengths,
 * an empty target, and a blank other than 0.
 */
import { describe, expect, it } from "vitest";
import { array, Generator } from "#ndarray";
import { BackwardBeforeForwardError, CTC, CTCLoss, logAddExp, logSoftmax } from "../../../reference/hw3/index.js";
import { checkGrad } from "../gradcheck.js";

const int32 = (values: number[] | number[][]) => array(values, { dtype: "int32" });
const ONE = array(1, { dtype: "float64" });

describe("hw3 CTCLoss", () => {
  const rng = new Generator(51);
  const [T, N, C] = [7, 3, 4];
  const logits = rng.randn([T, N, C], { dtype: "float64" });
  const targets = int32([[1, 2, 2], [3, 1, 1], [2, 2, 2]]);
  const inputLengths = int32([7, 5, 6]);
  const targetLengths = int32([3, 0, 2]);

  it("is the mean over the batch of −log P / max(target length, 1)", () => {
    const L = new CTCLoss().forward(logits, targets, inputLengths, targetLengths).item();
    const ctc = new CTC();
    const logProbs = logSoftmax(logits);
    let expected = 0;
    [[7, 3], [5, 0], [6, 2]].forEach(([len, tl], n) => {
      const { extended, skipConnect } = ctc.extendTargetWithBlank(targets.slice(n, `:${tl}`));
      const alpha = ctc.forwardProbs(logProbs.slice(`:${len}`, n), extended, skipConnect).toArray() as number[][];
      const last = alpha[len - 1];
      const S = last.length;
      expected += -(S > 1 ? logAddExp(last[S - 1], last[S - 2]) : last[0]) / Math.max(tl, 1) / N;
    });
    expect(L).toBeCloseTo(expected, 12);
  });

  it("backward is dL/dlogits: central differences, zero on padding frames", () => {
    for (const blank of [0, 2]) {
      const t = blank === 0 ? targets : int32([[1, 3, 3], [3, 1, 1], [0, 0, 1]]);
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
