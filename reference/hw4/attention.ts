/**
 * Scaled dot-product attention with masks, forward and backward. See handouts/hw4.md §3.
 *
 * Shapes (batch axes "B…" are any number of leading axes, e.g. (N) or (N, H) for heads):
 *
 *   Q (B…, L, E)   queries        K (B…, S, E)   keys        V (B…, S, Ev)   values
 *   scores  P = Q·Kᵀ / √E                       (B…, L, S)
 *   weights A = softmax over the key axis of P, with masked entries set to −∞ first
 *   output  O = A·V                              (B…, L, Ev)
 *
 * Masks (both optional, bool, **True = masked out**, as torch.nn.MultiheadAttention):
 *   attnMask       (L, S)  query i may not attend to key j where attnMask[i, j]; broadcast over B…
 *   keyPaddingMask (N, S)  key j of batch element n is padding where keyPaddingMask[n, j]; it
 *                          applies to every query (and every head): it is read as shape
 *                          (N, 1, …, 1, S) against the scores, N being the FIRST batch axis
 * A score is masked when either mask says so. A query whose keys are all masked gets the
 * zero weight row, so its output row is 0 and nothing flows back through it (PyTorch
 * ≥ 2.5's convention; Softmax in softmax.ts implements it).
 *
 * Backward, with dLdO (B…, L, Ev):
 *   dLdV = Aᵀ·dLdO      dLdA = dLdO·Vᵀ      dLdP = softmax backward of dLdA
 *   dLdQ = dLdP·K / √E  dLdK = dLdPᵀ·Q / √E
 * (a masked score is a constant −∞: its A is 0, so it passes no gradient).
 */
import { where, type NDArray } from "#ndarray";
import { cached } from "./errors.js";
import { Softmax } from "./softmax.js";

/** The optional masks of an attention call; see the file's doc comment for their shapes. */
export interface AttentionMasks {
  attnMask?: NDArray;
  keyPaddingMask?: NDArray;
}

export interface AttentionGrads {
  dLdQ: NDArray;
  dLdK: NDArray;
  dLdV: NDArray;
}

export class ScaledDotProductAttention {
  /** The softmax over the key axis; its forward caches the weights A its backward needs. */
  readonly softmax = new Softmax(-1);
  /** The attention weights A of the last forward(), (B…, L, S), zero where masked. */
  weights?: NDArray;
  private cache?: { Q: NDArray; K: NDArray; V: NDArray };

  forward(Q: NDArray, K: NDArray, V: NDArray, masks: AttentionMasks = {}): NDArray {
    // Hint: K.transpose(-2, -1) swaps the last two axes; where(mask, -Infinity, P) fills masked scores.
    // BEGIN SOLUTION
    const E = Q.shape[Q.ndim - 1];
    let P = Q.matmul(K.transpose(-2, -1)).div(Math.sqrt(E));
    if (masks.attnMask !== undefined) P = where(masks.attnMask, -Infinity, P);
    if (masks.keyPaddingMask !== undefined) {
      const [N, S] = masks.keyPaddingMask.shape;
      const perKey = masks.keyPaddingMask.reshape([N, ...new Array<number>(P.ndim - 2).fill(1), S]);
      P = where(perKey, -Infinity, P);
    }
    this.weights = this.softmax.forward(P);
    this.cache = { Q, K, V };
    return this.weights.matmul(V);
    // END SOLUTION
  }

  /** The gradients for Q, K and V, each the shape of its input. */
  backward(dLdO: NDArray): AttentionGrads {
    // BEGIN SOLUTION
    const { Q, K, V } = cached(this.cache, "ScaledDotProductAttention.backward");
    const A = cached(this.weights, "ScaledDotProductAttention.backward");
    const scale = Math.sqrt(Q.shape[Q.ndim - 1]);
    const dLdV = A.transpose(-2, -1).matmul(dLdO);
    const dLdP = this.softmax.backward(dLdO.matmul(V.transpose(-2, -1)));
    const dLdQ = dLdP.matmul(K).div(scale);
    const dLdK = dLdP.transpose(-2, -1).matmul(Q).div(scale);
    return { dLdQ, dLdK, dLdV };
    // END SOLUTION
  }
}
