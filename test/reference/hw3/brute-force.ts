/**
 * CTC by enumeration, for tiny inputs: every one of the C^T paths, collapsed (merge
 * repeats, drop blanks), with log-probabilities summed per labelling. The exact answer
 * that the recursions (α, β) and beam search are checked against.
 */
import type { NDArray } from "#ndarray";

/** Collapses a path: merge runs of equal symbols, then drop blanks. */
export function collapse(path: readonly number[], blank: number): number[] {
  return path.filter((c, t) => c !== blank && (t === 0 || c !== path[t - 1]));
}

/** log Σ exp(v) over a list, max-shifted; −∞ for an empty list. */
export function logSum(values: readonly number[]): number {
  const m = Math.max(...values);
  if (m === -Infinity) return -Infinity;
  return m + Math.log(values.reduce((s, v) => s + Math.exp(v - m), 0));
}

/** Every labelling some path produces, keyed by its symbols joined with ",", with its exact log-probability. */
export function labellingLogProbs(logProbs: NDArray, blank: number): Map<string, number> {
  const [T, C] = logProbs.shape;
  const y = logProbs.toTypedArray();
  const scores = new Map<string, number[]>();
  const path = new Array<number>(T).fill(0);
  for (let index = 0; index < C ** T; index++) {
    let rest = index;
    let score = 0;
    for (let t = T - 1; t >= 0; t--) {
      path[t] = rest % C;
      rest = Math.floor(rest / C);
      score += y[t * C + path[t]];
    }
    const key = collapse(path, blank).join(",");
    scores.set(key, [...(scores.get(key) ?? []), score]);
  }
  return new Map([...scores].map(([key, list]) => [key, logSum(list)]));
}
