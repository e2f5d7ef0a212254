/**
 * What the class dashboard shows, computed from the class's rows: histograms of totals and
 * section scores, and per test the pass rates and the kinds of outcome. Every student in
 * the CSV counts in the histograms (a missing handin scores 0 there too); per-test figures
 * count the students whose handin was graded, since only they have test outcomes.
 */
import type { ClassRow } from "../class-grading.js";
import { OUTCOME_KINDS, outcomeKind, passedPublic, type OutcomeKind } from "./outcomes.js";

/** A graded test, as the suite defines it. */
export interface TestInfo {
  id: string;
  section: string;
  title: string;
  points: number;
  bonus?: boolean;
}

export interface Bin {
  /** Scores from `from` to `to`, both included. */
  from: number;
  to: number;
  count: number;
}

export interface TestStats {
  id: string;
  section: string;
  /** Students with an outcome for this test. */
  graded: number;
  /** Of those, how many passed every public case. */
  publicPassed: number;
  /** Of those, how many passed the hidden cases too: the test's points. */
  passed: number;
  /** How many ended each way. */
  kinds: Map<OutcomeKind, number>;
}

/** Integer scores up to this maximum get a bin each; larger ranges are cut into this many bins. */
const MAX_BINS = 20;

/**
 * Counts of `scores` in bins covering 0..max: one bin per point while that makes at most
 * MAX_BINS bins, otherwise MAX_BINS bins of (nearly) equal whole-point width.
 */
export function histogram(scores: readonly number[], max: number): Bin[] {
  const top = Math.max(0, Math.ceil(max));
  const bins = Math.min(MAX_BINS, top + 1);
  const edges = Array.from({ length: bins + 1 }, (_, i) => Math.round((i * (top + 1)) / bins));
  const out: Bin[] = edges.slice(0, -1).map((from, i) => ({ from, to: edges[i + 1] - 1, count: 0 }));
  for (const s of scores) {
    const i = out.findIndex((b) => s < b.to + 1);
    out[i === -1 ? out.length - 1 : i].count++;
  }
  return out;
}

/** How a bin is labelled on its chart and in its table: "4" or "0–5". */
export function binLabel(b: Bin): string {
  return b.from === b.to ? `${b.from}` : `${b.from}–${b.to}`;
}

export function testStats(tests: readonly TestInfo[], rows: readonly ClassRow[]): TestStats[] {
  return tests.map((info) => {
    const kinds = new Map<OutcomeKind, number>(OUTCOME_KINDS.map((k) => [k, 0]));
    let graded = 0;
    let publicPassed = 0;
    for (const row of rows) {
      const t = row.tests?.find((x) => x.id === info.id);
      if (t === undefined) continue;
      graded++;
      if (passedPublic(t)) publicPassed++;
      const kind = outcomeKind(t);
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    return { id: info.id, section: info.section, graded, publicPassed, passed: kinds.get("passed") ?? 0, kinds };
  });
}

/** The share a/b, 0 when b is 0. */
export function rate(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

/** Tests by pass rate, hardest first; ties keep the suite's order. */
export function hardestFirst(stats: readonly TestStats[]): TestStats[] {
  return [...stats].sort((a, b) => rate(a.passed, a.graded) - rate(b.passed, b.graded));
}

/** Tests with at least one timeout or crash, most first. */
export function mostTimeoutsAndCrashes(stats: readonly TestStats[]): TestStats[] {
  const bad = (s: TestStats) => (s.kinds.get("timeout") ?? 0) + (s.kinds.get("crashed") ?? 0);
  return stats.filter((s) => bad(s) > 0).sort((a, b) => bad(b) - bad(a));
}
