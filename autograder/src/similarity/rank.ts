/**
 * Every pair of submissions, scored by the fingerprints they share: the score is
 * 2·|A ∩ B| / (|A| + |B|) over their sets of hashes (0 when either has none), 1 for
 * the same code however renamed or reordered, about one half when one holds half of the
 * other. The shared counts come from an index from each hash to the submissions holding
 * it, so the work grows with what is shared, not with the code's length times the pairs.
 */
import type { Fingerprinted } from "./fingerprints.js";

export interface PairScore {
  /** Indices of the two submissions, a < b. */
  a: number;
  b: number;
  /** Hashes both have. */
  shared: number;
  score: number;
}

/** A score as the reports show it, to three decimals (the CSV and the page agree to the digit). */
export function shownScore(score: number): string {
  return (Math.round(score * 1000) / 1000).toFixed(3);
}

/** All pairs, highest score first (then by the submissions' order), those sharing nothing included with score 0. */
export function rankPairs(subs: readonly Fingerprinted[]): PairScore[] {
  const holders = new Map<number, number[]>();
  subs.forEach((s, i) => {
    for (const hash of s.prints.keys()) {
      const list = holders.get(hash);
      if (list) list.push(i);
      else holders.set(hash, [i]);
    }
  });
  const n = subs.length;
  const shared = new Uint32Array(n * n);
  for (const list of holders.values()) {
    for (let x = 0; x < list.length; x++) for (let y = x + 1; y < list.length; y++) shared[list[x] * n + list[y]]++;
  }
  const pairs: PairScore[] = [];
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      const both = shared[a * n + b];
      const sizes = subs[a].prints.size + subs[b].prints.size;
      pairs.push({ a, b, shared: both, score: sizes === 0 ? 0 : (2 * both) / sizes });
    }
  }
  return pairs.sort((p, q) => q.score - p.score || p.a - q.a || p.b - q.b);
}
