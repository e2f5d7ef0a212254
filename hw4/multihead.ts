/**
 * Multi-head attention, as torch.nn.MultiheadAttention(E, H, batch_first=True) with
 * dropout 0 and biases on (torch's `in_proj_weight` is our qProj.W, kProj.W, vProj.W
 * stacked, `out_proj` our outProj). See handouts/hw4.md §4.
 *
 *   query (N, L, E), key (N, S, E), value (N, S, E)  →  Y (N, L, E);  D = E / H per head
 *
 *   1. project   q = qProj(query), k = kProj(key), v = vProj(value)        (N, ·, E)
 *   2. split     (N, L, E) → reshape (N, L, H, D) → permute (N, H, L, D): head h takes
 *                features h·D … h·D + D − 1 of every position
 *   3. attend    O = ScaledDotProductAttention(q, k, v, masks)              (N, H, L, D)
 *                (scaled by 1/√D, the per-head width; masks as in attention.ts, shared by all heads)
 *   4. merge     (N, H, L, D) → permute (N, L, H, D) → reshape (N, L, E), the inverse of 2
 *   5. project   Y = outProj(merged)
 *
 * backward(dLdY) runs the five steps in reverse and returns the gradients for query, key
 * and value; every projection stores its own dLdW and dLdb. For self-attention (query,
 * key and value the same array) the caller adds the three input gradients.
 */
import { NotImplementedError, ValueError, type Generator, type NDArray } from "#ndarray";
import { ScaledDotProductAttention, type AttentionMasks } from "./attention.js";
import { Linear } from "./layers.js";

export interface MultiheadGrads {
  dLdQuery: NDArray;
  dLdKey: NDArray;
  dLdValue: NDArray;
}

export class MultiheadAttention {
  /** Per-head width D = E / H. */
  readonly headDim: number;
  /** The projections, each Linear(E, E); with `rng` drawn in the order q, k, v, out. */
  readonly qProj: Linear;
  readonly kProj: Linear;
  readonly vProj: Linear;
  readonly outProj: Linear;
  readonly attention = new ScaledDotProductAttention();

  constructor(
    readonly embedDim: number,
    readonly numHeads: number,
    rng?: Generator,
  ) {
    if (!Number.isInteger(embedDim / numHeads)) {
      throw new ValueError("MultiheadAttention", `embedDim ${embedDim} must be divisible by numHeads ${numHeads}`);
    }
    this.headDim = embedDim / numHeads;
    this.qProj = new Linear(embedDim, embedDim, rng);
    this.kProj = new Linear(embedDim, embedDim, rng);
    this.vProj = new Linear(embedDim, embedDim, rng);
    this.outProj = new Linear(embedDim, embedDim, rng);
  }

  /** (N, T, E) → (N, H, T, D). */
  splitHeads(X: NDArray): NDArray {
    // BEGIN SOLUTION
    throw new NotImplementedError("MultiheadAttention.splitHeads");
    // END SOLUTION
  }

  /** (N, H, T, D) → (N, T, E), the inverse of splitHeads. */
  mergeHeads(X: NDArray): NDArray {
    // BEGIN SOLUTION
    throw new NotImplementedError("MultiheadAttention.mergeHeads");
    // END SOLUTION
  }

  forward(query: NDArray, key: NDArray, value: NDArray, masks: AttentionMasks = {}): NDArray {
    // BEGIN SOLUTION
    throw new NotImplementedError("MultiheadAttention.forward");
    // END SOLUTION
  }

  backward(dLdY: NDArray): MultiheadGrads {
    // Hint: the gradient of a reshape/permute is the inverse reshape/permute of the gradient.
    // BEGIN SOLUTION
    throw new NotImplementedError("MultiheadAttention.backward");
    // END SOLUTION
  }
}
