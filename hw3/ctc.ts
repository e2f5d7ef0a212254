/**
 * Connectionist temporal classification (Graves et al., 2006) for one sequence, in log space.
 *
 * Inputs are log-probabilities `logProbs` (T, C): row t is a log-softmax over the C symbols
 * at frame t, symbol `blank` (default 0, PyTorch's) being the blank. A target is an int32
 * array (L) of labels in [0, C), none of them the blank.
 *
 *   extended target  ext = [b, l₁, b, l₂, b, …, l_L, b]           S = 2L + 1 states
 *   skip flags       skip[s] = 1 when s ≥ 2, ext[s] ≠ b and ext[s] ≠ ext[s − 2], else 0
 *                    (a path may jump from state s − 2 straight to s, over the blank
 *                    between two DIFFERENT labels; between equal labels the blank is required)
 *   forward  α (T, S):  α₀(0) = y₀(ext₀), α₀(1) = y₀(ext₁), every other α₀(s) = −∞
 *                       αₜ(s) = logsumexp(αₜ₋₁(s), αₜ₋₁(s − 1), [skip[s]] αₜ₋₁(s − 2)) + yₜ(ext[s])
 *   backward β (T, S):  β_{T−1}(S − 1) = β_{T−1}(S − 2) = 0, every other β_{T−1}(s) = −∞
 *                       βₜ(s) = logsumexp(βₜ₊₁(s) + yₜ₊₁(ext[s]), βₜ₊₁(s + 1) + yₜ₊₁(ext[s + 1]),
 *                                         [skip[s + 2]] βₜ₊₁(s + 2) + yₜ₊₁(ext[s + 2]))
 *   likelihood          log P(target | x) = logsumexp(α_{T−1}(S − 1), α_{T−1}(S − 2))
 *   posteriors γ (T, S): γₜ(s) = exp(αₜ(s) + βₜ(s) − log P)
 *        where yₜ(k) = logProbs[t, k], and a term outside 0 … S − 1 is left out.
 *
 * Pinned conventions: α includes the frame-t emission yₜ(ext[s]), β EXCLUDES it (β counts
 * only frames t + 1 … T − 1), so α + β needs no correction and Σₛ γₜ(s) = 1 at every frame.
 * Unreachable states hold −∞ (log 0). α and β are log-probabilities; γ is a probability.
 * α, β and γ are float64 whatever logProbs' dtype: log-probabilities of long inputs reach
 * −1000 and below, where float32 keeps only four decimals. ext and skip are int32.
 * See handouts/hw3.md §4.
 */
import { NotImplementedError, NDArray, ShapeError, ValueError } from "#ndarray";
import { logAddExp } from "./functions.js";

/** The extended target and its skip flags, both int32 of shape (2L + 1). */
export interface ExtendedTarget {
  extended: NDArray;
  skipConnect: NDArray;
}

/** Checks that logProbs is (T, C) with T ≥ 1 and that ext fits it; returns [T, C, S]. */
function dims(op: string, logProbs: NDArray, extended: NDArray): [number, number, number] {
  if (logProbs.ndim !== 2 || logProbs.shape[0] < 1) {
    throw new ShapeError(op, `logProbs must have shape [T,C] with T ≥ 1, got [${logProbs.shape.join(",")}]`);
  }
  if (extended.ndim !== 1) throw new ShapeError(op, `the extended target must be 1-D, got [${extended.shape.join(",")}]`);
  return [logProbs.shape[0], logProbs.shape[1], extended.shape[0]];
}

export class CTC {
  /** The blank's symbol index (PyTorch's default 0). */
  readonly blank: number;

  constructor(blank = 0) {
    this.blank = blank;
  }

  /** ext = [b, l₁, b, …, l_L, b] and its skip flags, for a target (L) of labels. */
  extendTargetWithBlank(target: NDArray): ExtendedTarget {
    if (target.ndim !== 1) throw new ShapeError("CTC.extendTargetWithBlank", `target must be 1-D, got [${target.shape.join(",")}]`);
    const labels = Array.from(target.toTypedArray());
    if (labels.includes(this.blank)) throw new ValueError("CTC.extendTargetWithBlank", `the target contains the blank symbol ${this.blank}`);
    // Hint: build plain number[] arrays, then array(ext, { dtype: "int32" }).
    // BEGIN SOLUTION
    throw new NotImplementedError("CTC.extendTargetWithBlank");
    // END SOLUTION
  }

  /** α (T, S), log space: αₜ(s) = log P(frames 0 … t emit ext[0 … s] and end in state s). */
  forwardProbs(logProbs: NDArray, extended: NDArray, skipConnect: NDArray): NDArray {
    const [T, C, S] = dims("CTC.forwardProbs", logProbs, extended);
    // Hint: plain loops over a Float64Array of T·S values are the clearest way; fill it
    // with -Infinity, combine terms with logAddExp, and wrap it with
    // NDArray.fromTypedArray(alpha, [T, S]) at the end.
    // BEGIN SOLUTION
    throw new NotImplementedError("CTC.forwardProbs");
    // END SOLUTION
  }

  /** β (T, S), log space: βₜ(s) = log P(frames t + 1 … T − 1 emit the rest | state s at frame t). */
  backwardProbs(logProbs: NDArray, extended: NDArray, skipConnect: NDArray): NDArray {
    const [T, C, S] = dims("CTC.backwardProbs", logProbs, extended);
    // BEGIN SOLUTION
    throw new NotImplementedError("CTC.backwardProbs");
    // END SOLUTION
  }

  /** γ (T, S), probabilities: γₜ(s) = P(state s at frame t | target, x); each row sums to 1. */
  posteriorProbs(alpha: NDArray, beta: NDArray): NDArray {
    // BEGIN SOLUTION
    throw new NotImplementedError("CTC.posteriorProbs");
    // END SOLUTION
  }
}
