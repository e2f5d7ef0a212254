/**
 * The kinds of outcome the class dashboard counts per test. A failed comparison is split
 * by its first failed check, because "the shapes are wrong" and "the values are slightly
 * off" call for different teaching; everything else is the test's status.
 */
import type { TestOutcome } from "../class-grading.js";

export const OUTCOME_KINDS = [
  "passed",
  "wrong values",
  "wrong shape",
  "wrong type",
  "broken rule",
  "threw",
  "timeout",
  "crashed",
  "not attempted",
  "not run",
  "does not compile",
] as const;

export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

export function outcomeKind(t: TestOutcome): OutcomeKind {
  switch (t.status) {
    case "passed":
      return "passed";
    case "failed":
      return t.failedBy === "shape" ? "wrong shape" : t.failedBy === "type" || t.failedBy === "dtype" ? "wrong type" : t.failedBy === "rule" ? "broken rule" : "wrong values";
    case "error":
      return "threw";
    case "timeout":
      return "timeout";
    case "crashed":
      return "crashed";
    case "not-attempted":
      return "not attempted";
    case "not-run":
      return "not run";
    case "compile-error":
      return "does not compile";
  }
}

/**
 * Whether the test's public cases all passed: hidden cases run only after them, so a test
 * that passed, or failed on a hidden case, got through its public ones.
 */
export function passedPublic(t: TestOutcome): boolean {
  return t.status === "passed" || t.failedOn === "hidden";
}
