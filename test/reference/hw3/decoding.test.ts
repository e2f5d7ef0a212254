/**
 * hw3 decoding. Greedy search on hand-made inputs; beam search against brute force
 * (fast-check over tiny T and alphabets): with a width no pruning can reach, it must find
 * the exact best labelling and every labelling's exact probability (relative error
 * ≤ 1e-6), and with any width its best score can only be lower than the exact one; the
 * pinned tie-breaking rule on inputs whose scores tie exactly.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { array, Generator, type NDArray } from "#ndarray";
import { beamSearch, greedySearch, logSoftmax } from "../../../reference/hw3/index.js";
import { labellingLogProbs } from "./brute-force.js";

const symbols = (a: NDArray) => Array.from(a.toTypedArray());
const log = (rows: number[][]) => array(rows.map((r) => r.map(Math.log)), { dtype: "float64" });

describe("hw3 greedySearch", () => {
  it("takes each frame's best symbol, merges repeats, drops blanks, and sums the log-probabilities", () => {
    const logProbs = log([[0.1, 0.8, 0.1], [0.2, 0.7, 0.1], [0.6, 0.3, 0.1], [0.1, 0.5, 0.4], [0.2, 0.2, 0.6], [0.1, 0.2, 0.7]]);
    const { labels, logProb } = greedySearch(logProbs);
    expect(labels.dtype).toBe("int32");
    expect(symbols(labels)).toEqual([1, 1, 2]);
    expect(logProb).toBeCloseTo(Math.log(0.8 * 0.7 * 0.6 * 0.5 * 0.6 * 0.7), 12);
    expect(symbols(greedySearch(logProbs, 2).labels)).toEqual([1, 0, 1]);
  });

  it("breaks ties at a frame toward the first index", () => {
    expect(symbols(greedySearch(log([[0.4, 0.4, 0.2], [0.2, 0.4, 0.4]])).labels)).toEqual([1]);
  });
});

describe("hw3 beamSearch", () => {
  const tiny = fc.record({
    T: fc.integer({ min: 1, max: 5 }),
    C: fc.integer({ min: 2, max: 4 }),
    blank: fc.integer({ min: 0, max: 3 }),
    scale: fc.constantFrom(0.5, 1, 3),
    seed: fc.integer(),
  });

  it("with an unreachable width, finds the exact best labelling and every exact score (brute force)", () => {
    fc.assert(
      fc.property(tiny, ({ T, C, blank, scale, seed }) => {
        blank %= C;
        const logProbs = logSoftmax(new Generator(seed).randn([T, C], { dtype: "float64" }).mul(scale));
        const exact = labellingLogProbs(logProbs, blank);
        const result = beamSearch(logProbs, 10_000, blank);
        expect(result.labellings.length).toBe(exact.size);
        const bestExact = Math.max(...exact.values());
        expect(Math.abs(result.bestLogProb - bestExact)).toBeLessThanOrEqual(1e-6 * Math.abs(bestExact));
        expect(exact.get(symbols(result.best).join(","))).toBe(bestExact);
        const scores = result.logProbs.toTypedArray();
        result.labellings.forEach((l, i) => {
          const want = exact.get(symbols(l).join(",")) as number;
          expect(Math.abs(scores[i] - want)).toBeLessThanOrEqual(1e-6 * Math.abs(want) + 1e-12);
        });
        for (let i = 1; i < scores.length; i++) expect(scores[i]).toBeLessThanOrEqual(scores[i - 1]);
      }),
      { numRuns: 200 },
    );
  });

  it("with any width, keeps at most k labellings whose scores never exceed the exact ones", () => {
    fc.assert(
      fc.property(tiny, fc.integer({ min: 1, max: 4 }), ({ T, C, blank, scale, seed }, k) => {
        blank %= C;
        const logProbs = logSoftmax(new Generator(seed).randn([T, C], { dtype: "float64" }).mul(scale));
        const exact = labellingLogProbs(logProbs, blank);
        const result = beamSearch(logProbs, k, blank);
        expect(result.labellings.length).toBeLessThanOrEqual(k);
        const scores = result.logProbs.toTypedArray();
        result.labellings.forEach((l, i) => expect(scores[i]).toBeLessThanOrEqual((exact.get(symbols(l).join(",")) as number) + 1e-12));
      }),
      { numRuns: 200 },
    );
  });

  it("breaks exact ties toward the lexicographically smaller labelling", () => {
    // One frame, uniform over blank and two symbols: [], [1] and [2] all score log(1/3).
    const uniform = log([[1 / 3, 1 / 3, 1 / 3]]);
    const result = beamSearch(uniform, 3);
    expect(result.labellings.map(symbols)).toEqual([[], [1], [2]]);
    expect(beamSearch(uniform, 2).labellings.map(symbols)).toEqual([[], [1]]);
    // Blank 1: the non-blank symbols are 0 and 2; [0] still comes before [2].
    expect(beamSearch(uniform, 2, 1).labellings.map(symbols)).toEqual([[], [0]]);
  });

  it("merges the paths of a labelling: 1 1, 1 ∅ and ∅ 1 all count towards [1]", () => {
    const logProbs = log([[0.4, 0.6], [0.4, 0.6]]);
    const result = beamSearch(logProbs, 5);
    expect(symbols(result.best)).toEqual([1]);
    expect(result.bestLogProb).toBeCloseTo(Math.log(0.6 * 0.6 + 0.6 * 0.4 + 0.4 * 0.6), 12);
  });
});
