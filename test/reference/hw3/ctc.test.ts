/**
 * The hw3 CTC recursions against their definitions: the extended target on known
 * examples, log P from α and from β equal to the sum over all alignments (by enumeration,
 * fast-check over tiny T, C and targets), posteriors that sum to 1 per frame, and a long
 * input whose probabilities underflow float64 but whose log-probabilities stay finite.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { array, Generator, NDArray } from "#ndarray";
import { CTC } from "../../../reference/hw3/index.js";
import { labellingLogProbs, logSum } from "./brute-force.js";
import { logSoftmaxRows, toMatrix } from "./formulas.js";

const int32 = (values: number[]) => array(values, { dtype: "int32" });

/** log softmax over the last axis of a (T, C) array, by plain loops (formulas.ts), as float64. */
const logSoftmaxOf = (logits: NDArray) => array(logSoftmaxRows(toMatrix(logits)), { dtype: "float64" });

/** log P(target) read from α's last row, and from β and α's first row. */
function likelihoods(alpha: NDArray, beta: NDArray): [number, number] {
  const [T, S] = alpha.shape;
  const last = alpha.slice(T - 1).toTypedArray();
  const fromAlpha = logSum(Array.from(last.slice(Math.max(S - 2, 0))));
  const a0 = Array.from(alpha.slice(0).toTypedArray());
  const b0 = beta.slice(0).toTypedArray();
  const fromBeta = logSum(a0.map((a, s) => a + b0[s]));
  return [fromAlpha, fromBeta];
}

/** Tiny CTC problems: T frames, C symbols, a blank, and a target of labels that fits T. */
const problem = fc
  .record({ T: fc.integer({ min: 1, max: 6 }), C: fc.integer({ min: 2, max: 4 }), seed: fc.integer() })
  .chain(({ T, C, seed }) =>
    fc.record({
      T: fc.constant(T),
      C: fc.constant(C),
      seed: fc.constant(seed),
      blank: fc.integer({ min: 0, max: C - 1 }),
      labels: fc.array(fc.integer({ min: 1, max: C - 1 }), { maxLength: Math.ceil(T / 2) }),
    }),
  );

describe("hw3 CTC", () => {
  it("extends a target with blanks and flags the skips between different labels only", () => {
    const { extended, skipConnect } = new CTC().extendTargetWithBlank(int32([1, 1, 2]));
    expect(Array.from(extended.toTypedArray())).toEqual([0, 1, 0, 1, 0, 2, 0]);
    expect(Array.from(skipConnect.toTypedArray())).toEqual([0, 0, 0, 0, 0, 1, 0]);
    const other = new CTC(3).extendTargetWithBlank(int32([0, 2]));
    expect(Array.from(other.extended.toTypedArray())).toEqual([3, 0, 3, 2, 3]);
    expect(Array.from(other.skipConnect.toTypedArray())).toEqual([0, 0, 0, 1, 0]);
    expect(Array.from(new CTC().extendTargetWithBlank(int32([])).extended.toTypedArray())).toEqual([0]);
    expect(() => new CTC().extendTargetWithBlank(int32([1, 0]))).toThrow(/blank/);
  });

  it("α and β both give the exact sum over all alignments (enumeration), and γ rows sum to 1", () => {
    fc.assert(
      fc.property(problem, ({ T, C, seed, blank, labels }) => {
        const target = labels.map((l) => (blank + l) % C);
        const logProbs = logSoftmaxOf(new Generator(seed).randn([T, C], { dtype: "float64" }).mul(2));
        const ctc = new CTC(blank);
        const { extended, skipConnect } = ctc.extendTargetWithBlank(int32(target));
        const alpha = ctc.forwardProbs(logProbs, extended, skipConnect);
        const beta = ctc.backwardProbs(logProbs, extended, skipConnect);
        const exact = labellingLogProbs(logProbs, blank).get(target.join(",")) ?? -Infinity;
        const [fromAlpha, fromBeta] = likelihoods(alpha, beta);
        if (exact === -Infinity) {
          // The target needs more frames than T (repeats need a blank between them).
          expect(fromAlpha).toBe(-Infinity);
          return;
        }
        expect(fromAlpha).toBeCloseTo(exact, 10);
        expect(fromBeta).toBeCloseTo(exact, 10);
        const rows = ctc.posteriorProbs(alpha, beta).sum(1).toTypedArray();
        for (const r of rows) expect(r).toBeCloseTo(1, 10);
      }),
      { numRuns: 150 },
    );
  });

  it("stays in log space: a 400-frame input whose probabilities underflow float64 gives finite log-probabilities", () => {
    const rng = new Generator(7);
    const logProbs = logSoftmaxOf(rng.randn([400, 8], { dtype: "float64" }).mul(3));
    const ctc = new CTC();
    const { extended, skipConnect } = ctc.extendTargetWithBlank(int32(Array.from({ length: 20 }, (_, i) => 1 + (i % 7))));
    const alpha = ctc.forwardProbs(logProbs, extended, skipConnect);
    const beta = ctc.backwardProbs(logProbs, extended, skipConnect);
    const [fromAlpha, fromBeta] = likelihoods(alpha, beta);
    expect(fromAlpha).toBeLessThan(-745); // e^(−745) is below float64's smallest subnormal
    expect(Number.isFinite(fromAlpha)).toBe(true);
    expect(fromBeta).toBeCloseTo(fromAlpha, 8);
    for (const r of ctc.posteriorProbs(alpha, beta).sum(1).toTypedArray()) expect(r).toBeCloseTo(1, 8);
  });

  it("marks unreachable states −∞ and returns float64 tables", () => {
    const logProbs = logSoftmaxOf(array([[1, 2, 3], [0, 0, 1]], { dtype: "float32" })).astype("float32");
    const ctc = new CTC();
    const { extended, skipConnect } = ctc.extendTargetWithBlank(int32([1, 2]));
    const alpha = ctc.forwardProbs(logProbs, extended, skipConnect);
    expect(alpha.dtype).toBe("float64");
    expect(alpha.toArray()).toEqual([
      [expect.any(Number), expect.any(Number), -Infinity, -Infinity, -Infinity],
      [expect.any(Number), expect.any(Number), expect.any(Number), expect.any(Number), -Infinity],
    ]);
    expect(Number.isFinite((alpha.toArray() as number[][])[0][0])).toBe(true);
  });
});
