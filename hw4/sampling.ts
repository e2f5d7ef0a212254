/**
 * Choosing the next token from a batch of logits (N, V): greedily, or by sampling with a
 * temperature and top-k from a passed Generator. See handouts/hw4.md §8.
 *
 * The sampling draw is pinned so that your samples match the reference's exactly:
 *
 *   for each row n = 0 … N−1, in order:
 *     s = logits[n] / temperature                     (in float64)
 *     top-k: remove every token whose s is BELOW the k-th largest s of the row (tokens
 *            tied with the k-th largest stay, as the usual torch recipe
 *            `s[s < torch.topk(s, k).values[-1]] = -inf`); no topK, or topK ≥ V: keep all
 *     p = softmax of s over the kept tokens (0 for removed ones), in float64
 *     token = rng.choice(V, [1], { p }): ONE uniform u from rng, and the first token i, in
 *             vocabulary order, with u < cumsum(p)[i] / sum(p)
 *
 * so a call consumes exactly N uniforms. temperature > 0 (default 1): below 1 sharpens the
 * distribution, above 1 flattens it.
 */
import { NotImplementedError, array, ValueError, type Generator, type NDArray } from "#ndarray";

export interface SamplingOptions {
  /** The generator every draw comes from. */
  rng: Generator;
  /** Divides the logits before the softmax (default 1). */
  temperature?: number;
  /** Keep only the k most likely tokens (and ties with the k-th); default: every token. */
  topK?: number;
}

/** The index of the largest logit of each row (the first one on ties), int32 (N). */
export function greedyNext(logits: NDArray): NDArray {
  // BEGIN SOLUTION
  throw new NotImplementedError("greedyNext");
  // END SOLUTION
}

/** One sampled token per row, int32 (N), drawn exactly as the file's doc comment pins. */
export function sampleNext(logits: NDArray, opts: SamplingOptions): NDArray {
  const { temperature = 1, topK } = opts;
  if (!(temperature > 0)) throw new ValueError("sampleNext", `temperature must be > 0, got ${temperature}`);
  if (topK !== undefined && !(Number.isInteger(topK) && topK >= 1)) {
    throw new ValueError("sampleNext", `topK must be a positive integer, got ${topK}`);
  }
  // Hint: work on one row at a time as a Float64Array (logits.astype("float64").toTypedArray()).
  // BEGIN SOLUTION
  throw new NotImplementedError("sampleNext");
  // END SOLUTION
}
