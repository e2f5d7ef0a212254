/**
 * §6 Greedy and beam search on seeded log-probabilities (T, C). Peaked distributions
 * (logits of scale 2 or 3) over small alphabets make repeated symbols common, so a
 * greedy search that forgets to merge repeats fails. Labellings are int32 arrays of
 * symbol indices, compared exactly; scores are log-probabilities.
 *
 * `decoding.beam_best` checks the winner and its merged score; `decoding.beam_kept` every
 * labelling kept after the last frame, packed as the rows of an int32 matrix (K, T)
 * padded with −1, in the pinned order, with their scores. Beam widths from 1 to larger than the number of
 * distinct labellings (where beam search is exact) are used.
 */
import { NDArray, type Generator } from "#ndarray";
import { defineCase, type CaseSpec, type Size } from "../../src/suite.js";
import { randomLogProbs } from "./sequences.js";
import type { HW3 } from "./types.js";

function inputs(rng: Generator, size: Size): Record<string, NDArray> {
  return { logProbs: randomLogProbs(rng, [size.T as number, size.C as number], size.scale as number) };
}

/** Labellings as the rows of an int32 (K, T) matrix, each padded with −1 to T symbols. */
function packLabellings(labellings: readonly NDArray[], T: number): NDArray {
  const packed = new Int32Array(labellings.length * T).fill(-1);
  labellings.forEach((l, i) => packed.set(l.toTypedArray(), i * T));
  return NDArray.fromTypedArray(packed, [labellings.length, T]);
}

const beamSizes = {
  public: [
    { T: 5, C: 3, k: 2, blank: 0, scale: 1 },
    { T: 8, C: 4, k: 3, blank: 0, scale: 2 },
    { T: 10, C: 3, k: 4, blank: 0, scale: 1 },
  ],
  hidden: [
    { T: 10, C: 3, k: 4, blank: 0, scale: 1 },
    { T: 6, C: 5, k: 1, blank: 0, scale: 2 },
    { T: 4, C: 3, k: 100, blank: 0, scale: 1 },
    { T: 12, C: 4, k: 8, blank: 3, scale: 2 },
  ],
};

export const cases: CaseSpec<HW3>[] = [
  defineCase<HW3>({
    id: "decoding.greedy",
    number: "6.1",
    section: "decoding",
    title: "Greedy search: labelling and path log-probability",
    points: 5,
    sizes: {
      public: [
        { T: 10, C: 3, blank: 0, scale: 2 },
        { T: 20, C: 5, blank: 0, scale: 3 },
      ],
      hidden: [
        { T: 1, C: 2, blank: 0, scale: 1 },
        { T: 30, C: 4, blank: 0, scale: 3 },
        { T: 25, C: 6, blank: 5, scale: 2 },
      ],
    },
    inputs,
    run: ({ hw, inputs, size }) => {
      const { labels, logProb } = hw.greedySearch(inputs.logProbs, size.blank as number);
      return { labels, logProb };
    },
    failureHint: "Merge runs of the same symbol first, then drop blanks: [1, 1, 0, 1] → [1, 1] (dropping blanks first would merge 1 ∅ 1 into one label; not merging at all keeps 1 1); logProb sums each frame's best log-probability.",
  }),
  defineCase<HW3>({
    id: "decoding.beam_best",
    number: "6.2",
    section: "decoding",
    title: "Beam search: best labelling and its merged score",
    points: 5,
    sizes: beamSizes,
    inputs,
    run: ({ hw, inputs, size }) => {
      const result = hw.beamSearch(inputs.logProbs, size.k as number, size.blank as number);
      return { best: result.best, bestLogProb: result.bestLogProb };
    },
    failureHint: "Keep two scores per prefix (ending in blank, ending in a symbol: with one score a repeat cannot tell 1 1 from 1) and merge equal prefixes with logAddExp (never overwrite) before pruning.",
  }),
  defineCase<HW3>({
    id: "decoding.beam_kept",
    number: "6.3",
    section: "decoding",
    title: "Beam search: every kept labelling and its score, in order",
    points: 4,
    sizes: beamSizes,
    inputs,
    run: ({ hw, inputs, size }) => {
      const result = hw.beamSearch(inputs.logProbs, size.k as number, size.blank as number);
      return { labellings: packLabellings(result.labellings, size.T as number), logProbs: result.logProbs };
    },
    failureHint: "A symbol equal to the prefix's last one extends the prefix (1 → 1 1) only from the blank-ending score, and merges into it from the symbol-ending one; merge equal prefixes with logAddExp BEFORE pruning, then prune to the k best after EVERY frame (the last included), best first, ties to the lexicographically smaller labelling.",
  }),
];
