/**
 * §2 Masks: the causal mask of a length-T sequence, a (T, T) bool array with True =
 * masked out, for lengths from a single position up.
 */
import { defineCase, type CaseSpec, type Outputs } from "../../src/suite.js";
import type { HW4 } from "./types.js";

export const cases: CaseSpec<HW4>[] = [
  defineCase<HW4>({
    id: "masks.causal",
    number: "2.1",
    section: "masks",
    title: "Causal mask",
    points: 2,
    sizes: { public: [{ T: 1 }, { T: 4 }], hidden: [{ T: 2 }, { T: 9 }] },
    inputs: () => ({}),
    run: ({ hw, size }): Outputs => ({ mask: hw.causalMask(size.T as number) }),
    failureHint: "mask[i, j] is true (masked out) exactly where the key j comes after the query i (j > i); the diagonal stays false.",
  }),
];
