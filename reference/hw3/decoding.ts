/**
 * Decoding CTC outputs: from log-probabilities `logProbs` (T, C) (blank = 0 by default) to
 * a labelling, an int32 array of symbol indices with repeats merged and blanks removed.
 *
 * Greedy search takes the best symbol at each frame, then collapses the path. Beam search
 * (CTC prefix beam search) follows up to k labellings at once and merges every path that
 * collapses to the same labelling, so its scores are sums over alignments, not single
 * paths. All scores are natural logs of probabilities.
 *
 * Pinned tie-breaking, everywhere: greedy's best symbol at a frame is the FIRST index
 * with the largest log-probability (argmax's rule); beam search ranks labellings by score,
 * higher first, and two labellings with exactly equal scores by their symbol sequences,
 * lexicographically smaller first (so [1] comes before [1, 0, …] and before [2]).
 * See handouts/hw3.md §6.
 */
import { NDArray, ShapeError, ValueError } from "#ndarray";
import { logAddExp } from "./functions.js";

export interface GreedyResult {
  /** The collapsed labelling, int32 (L). */
  labels: NDArray;
  /** log-probability of the single best path: Σₜ maxₖ logProbs[t, k]. */
  logProb: number;
}

export interface BeamSearchResult {
  /** The best labelling, int32 (L): labellings[0]. */
  best: NDArray;
  /** Its merged score: logProbs.item(0). */
  bestLogProb: number;
  /** Every labelling kept after the last frame (at most k), best first, each int32. */
  labellings: NDArray[];
  /** Their merged scores log P(labelling | x) over the kept paths, float64 (K), in the same order. */
  logProbs: NDArray;
}

/** Checks logProbs (T, C) and the blank; returns [T, C]. */
function dims(op: string, logProbs: NDArray, blank: number): [number, number] {
  if (logProbs.ndim !== 2 || logProbs.shape[0] < 1) throw new ShapeError(op, `logProbs must have shape [T,C] with T ≥ 1, got [${logProbs.shape.join(",")}]`);
  const C = logProbs.shape[1];
  if (!Number.isInteger(blank) || blank < 0 || blank >= C) throw new ValueError(op, `blank must be a symbol index in [0, ${C}), got ${blank}`);
  return [logProbs.shape[0], C];
}

/** A labelling as an int32 array. */
function labelling(symbols: readonly number[], device: NDArray["device"]): NDArray {
  return NDArray.fromTypedArray(Int32Array.from(symbols), [symbols.length], device);
}

/**
 * The most likely path, collapsed: pₜ = argmaxₖ logProbs[t, k] (first index on ties), then
 * merge runs of equal symbols and drop the blanks: [1, 1, 0, 1, 2, 2] → [1, 1, 2].
 */
export function greedySearch(logProbs: NDArray, blank = 0): GreedyResult {
  const [T, C] = dims("greedySearch", logProbs, blank);
  // BEGIN SOLUTION
  const y = logProbs.toTypedArray();
  const labels: number[] = [];
  let logProb = 0;
  let previous = blank;
  for (let t = 0; t < T; t++) {
    let best = 0;
    for (let k = 1; k < C; k++) if (y[t * C + k] > y[t * C + best]) best = k;
    logProb += y[t * C + best];
    if (best !== blank && best !== previous) labels.push(best);
    previous = best;
  }
  return { labels: labelling(labels, logProbs.device), logProb };
  // END SOLUTION
}

// BEGIN SOLUTION NO PROMPT
/** A labelling being followed, with its two scores. */
interface Beam {
  prefix: number[];
  /** log P(the frames so far collapse to prefix, the last frame emitting blank). */
  blank: number;
  /** log P(the frames so far collapse to prefix, the last frame emitting prefix's last symbol). */
  nonBlank: number;
}

function total(beam: Beam): number {
  return logAddExp(beam.blank, beam.nonBlank);
}

/** The pinned order: higher score first, then lexicographically smaller prefix. */
function compareBeams(a: Beam, b: Beam): number {
  const [sa, sb] = [total(a), total(b)];
  if (sa !== sb) return sb - sa;
  for (let i = 0; i < Math.min(a.prefix.length, b.prefix.length); i++) {
    if (a.prefix[i] !== b.prefix[i]) return a.prefix[i] - b.prefix[i];
  }
  return a.prefix.length - b.prefix.length;
}
// END SOLUTION

/**
 * CTC prefix beam search with beam width k ≥ 1, the write-up's pseudocode line for line.
 * Each kept labelling ℓ carries two log-scores, P_b(ℓ) (its paths so far end in a blank)
 * and P_nb(ℓ) (they end in ℓ's last symbol); its score is logsumexp(P_b, P_nb). At every
 * frame each kept labelling is extended by every symbol, scores of equal labellings are
 * merged with logsumexp, labellings of score −∞ (no path produces them) are dropped, and
 * the k best (pinned order above) are kept. The result lists the labellings kept after
 * the last frame, best first.
 */
export function beamSearch(logProbs: NDArray, beamWidth: number, blank = 0): BeamSearchResult {
  const [T, C] = dims("beamSearch", logProbs, blank);
  if (!Number.isInteger(beamWidth) || beamWidth < 1) throw new ValueError("beamSearch", `beamWidth must be a positive integer, got ${beamWidth}`);
  // Hint: key a Map by prefix.join(",") so that equal labellings land on one entry.
  // BEGIN SOLUTION
  const y = logProbs.toTypedArray();
  let beams: Beam[] = [{ prefix: [], blank: 0, nonBlank: -Infinity }];
  for (let t = 0; t < T; t++) {
    const next = new Map<string, Beam>();
    const entry = (prefix: number[]): Beam => {
      const key = prefix.join(",");
      let beam = next.get(key);
      if (beam === undefined) {
        beam = { prefix, blank: -Infinity, nonBlank: -Infinity };
        next.set(key, beam);
      }
      return beam;
    };
    for (const beam of beams) {
      const score = total(beam);
      const same = entry(beam.prefix);
      same.blank = logAddExp(same.blank, score + y[t * C + blank]);
      const last = beam.prefix.length > 0 ? beam.prefix[beam.prefix.length - 1] : -1;
      for (let c = 0; c < C; c++) {
        if (c === blank) continue;
        const p = y[t * C + c];
        const extended = entry([...beam.prefix, c]);
        if (c === last) {
          // A repeat merges into the prefix unless a blank separates it from the last symbol.
          same.nonBlank = logAddExp(same.nonBlank, beam.nonBlank + p);
          extended.nonBlank = logAddExp(extended.nonBlank, beam.blank + p);
        } else {
          extended.nonBlank = logAddExp(extended.nonBlank, score + p);
        }
      }
    }
    // A labelling no path can produce (score −∞) is never kept.
    beams = [...next.values()].filter((beam) => total(beam) > -Infinity).sort(compareBeams).slice(0, beamWidth);
  }
  const labellings = beams.map((beam) => labelling(beam.prefix, logProbs.device));
  const scores = Float64Array.from(beams, total);
  return { best: labellings[0], bestLogProb: scores[0], labellings, logProbs: NDArray.fromTypedArray(scores, [scores.length], logProbs.device) };
  // END SOLUTION
}
