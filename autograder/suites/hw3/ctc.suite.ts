/**
 * §4 CTC on one sequence: the extended target, α, β and the posteriors γ. Each variant
 * draws log-probabilities (T, C) and a target of L labels; small alphabets make repeated
 * labels (no skip allowed) common; the short public variant with six symbols has distinct
 * neighbouring labels, so a recursion without the skip transition fails there, before the
 * long variant. Public variants of ctc.extended use a blank other than 0, so a blank index
 * written as a literal fails. Long sequences (T in the hundreds) are checked too: their
 * log-probabilities reach −800 and below, where probabilities underflow to 0 even in
 * float64, so only a log-space recursion passes them.
 */
import type { Generator, NDArray } from "#ndarray";
import { defineCase, type CaseSpec, type Size } from "../../src/suite.js";
import { extendedTarget, finiteLog, randomLabels, randomLogProbs } from "./sequences.js";
import type { HW3 } from "./types.js";

function inputs(rng: Generator, size: Size): Record<string, NDArray> {
  const [T, C, L, blank] = [size.T as number, size.C as number, size.L as number, size.blank as number];
  const logProbs = randomLogProbs(rng, [T, C], size.scale as number);
  const target = randomLabels(rng, L, C, blank);
  return { logProbs, target, ...extendedTarget(target, blank) };
}

const sizes = {
  public: [
    { T: 6, C: 3, L: 2, blank: 0, scale: 1 },
    { T: 12, C: 4, L: 4, blank: 0, scale: 2 },
    { T: 9, C: 6, L: 3, blank: 0, scale: 1 },
    { T: 300, C: 10, L: 12, blank: 0, scale: 3 },
  ],
  hidden: [
    { T: 1, C: 3, L: 0, blank: 0, scale: 1 },
    { T: 9, C: 2, L: 3, blank: 0, scale: 1 },
    { T: 15, C: 5, L: 6, blank: 2, scale: 2 },
    { T: 400, C: 8, L: 20, blank: 7, scale: 3 },
  ],
};

export const cases: CaseSpec<HW3>[] = [
  defineCase<HW3>({
    id: "ctc.extended",
    number: "4.1",
    section: "ctc",
    title: "CTC extended target and skip connections",
    points: 4,
    sizes: {
      public: [
        { T: 1, C: 3, L: 3, blank: 0, scale: 1 },
        { T: 1, C: 5, L: 6, blank: 0, scale: 1 },
        { T: 1, C: 4, L: 5, blank: 2, scale: 1 },
      ],
      hidden: [
        { T: 1, C: 3, L: 0, blank: 0, scale: 1 },
        { T: 1, C: 2, L: 4, blank: 0, scale: 1 },
        { T: 1, C: 4, L: 9, blank: 3, scale: 1 },
      ],
    },
    inputs,
    run: ({ hw, inputs, size }) => {
      const { extended, skipConnect } = new hw.CTC(size.blank as number).extendTargetWithBlank(inputs.target);
      return { extended, skipConnect };
    },
    failureHint: "ext has 2L + 1 entries with the CTC's blank index (this.blank, not a literal 0) at even positions; a skip needs a non-blank that differs from the label two places back (never between equal labels).",
  }),
  defineCase<HW3>({
    id: "ctc.alpha",
    number: "4.2",
    section: "ctc",
    title: "CTC forward probabilities α (log space)",
    points: 6,
    sizes,
    inputs,
    run: ({ hw, inputs, size }) => ({
      alpha: finiteLog(new hw.CTC(size.blank as number).forwardProbs(inputs.logProbs, inputs.extended, inputs.skipConnect)),
    }),
    failureHint: "αₜ(s) = logAddExp of αₜ₋₁(s), αₜ₋₁(s − 1) and, where skipConnect[s] is 1, the skip transition αₜ₋₁(s − 2), plus yₜ(ext[s]); combine with logAddExp, never as log(Σ exp): on the long variants the probabilities underflow to 0.",
  }),
  defineCase<HW3>({
    id: "ctc.beta",
    number: "4.3",
    section: "ctc",
    title: "CTC backward probabilities β (log space)",
    points: 5,
    sizes,
    inputs,
    run: ({ hw, inputs, size }) => ({
      beta: finiteLog(new hw.CTC(size.blank as number).backwardProbs(inputs.logProbs, inputs.extended, inputs.skipConnect)),
    }),
    failureHint: "β excludes frame t's emission: β_{T−1} is 0 (log 1) at BOTH last states (the final blank and the last label), and βₜ(s) adds yₜ₊₁ of the state it moves to (s, s + 1, or s + 2 where skipConnect[s + 2] is 1).",
  }),
  defineCase<HW3>({
    id: "ctc.posteriors",
    number: "4.4",
    section: "ctc",
    title: "CTC posteriors γ",
    points: 5,
    sizes,
    inputs,
    run: ({ hw, inputs, size }) => {
      const ctc = new hw.CTC(size.blank as number);
      const { logProbs, extended, skipConnect } = inputs;
      return { gamma: ctc.posteriorProbs(ctc.forwardProbs(logProbs, extended, skipConnect), ctc.backwardProbs(logProbs, extended, skipConnect)) };
    },
    // γ of the long variants is exp of a difference of numbers near −1000: a solution that
    // keeps α or β in float32 loses about 1e-4 there.
    tolerance: { gamma: { atol: 1e-4, rtol: 1e-3 } },
    failureHint: "γₜ(s) = exp(αₜ(s) + βₜ(s) − log P): divided by P(target | x), with log P = logAddExp of α's last row at the last two states.",
  }),
];
