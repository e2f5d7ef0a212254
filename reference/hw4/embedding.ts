/**
 * Token embeddings and sinusoidal positional encodings. See handouts/hw4.md §5.
 */
import { arange, stack, zeros, type DType, type Generator, type NDArray } from "#ndarray";
import { cached } from "./errors.js";

/**
 * Embedding table, as torch.nn.Embedding(V, E): row i of W is the vector of token i.
 *
 *   forward(idx):  idx int32 of any shape (…), values in [0, V)  →  Y (…, E), Y[…] = W[idx[…]]
 *   backward(dLdY): stores dLdW (V, E): row i is the SUM of dLdY over every position whose
 *                   token is i (a token used twice gets both gradients), zeros for unused
 *                   rows. There is no gradient for integer indices, so it returns nothing.
 *
 * Initialisation: with `rng`, W = rng.randn([V, E]) (N(0, 1), as torch); without, zeros.
 */
export class Embedding {
  W: NDArray;
  dLdW?: NDArray;
  private idx?: NDArray;

  constructor(
    readonly numEmbeddings: number,
    readonly embeddingDim: number,
    rng?: Generator,
  ) {
    this.W = rng ? rng.randn([numEmbeddings, embeddingDim]) : zeros([numEmbeddings, embeddingDim]);
  }

  forward(idx: NDArray): NDArray {
    // Hint: W.take(indices, 0) gathers rows; flatten idx first and reshape the result.
    // BEGIN SOLUTION
    this.idx = idx;
    return this.W.take(idx.flatten(), 0).reshape([...idx.shape, this.embeddingDim]);
    // END SOLUTION
  }

  backward(dLdY: NDArray): void {
    // Hint: a one-hot matrix (positions × V) turns the scatter-add into one matmul: arange(V).eq(column of indices).
    // BEGIN SOLUTION
    const idx = cached(this.idx, "Embedding.backward");
    const oneHot = arange(this.numEmbeddings).reshape([1, -1]).eq(idx.reshape([-1, 1])).astype(dLdY.dtype);
    this.dLdW = oneHot.transpose().matmul(dLdY.reshape([-1, this.embeddingDim]));
    // END SOLUTION
  }
}

/**
 * The sinusoidal positional encoding of "Attention Is All You Need", (T, E):
 *
 *   PE[t, 2i]     = sin(t · ω_i)
 *   PE[t, 2i + 1] = cos(t · ω_i),      ω_i = 10000^(−2i/E),   t = 0 … T−1
 *
 * so columns come in (sin, cos) pairs sharing a frequency; for an odd E the last column
 * is a sine. Compute in float64 and return `dtype` (default float32). It is a constant:
 * the language model adds it to the token embeddings, unscaled, and it has no gradient.
 */
export function sinusoidalEncoding(T: number, E: number, dtype: DType = "float32"): NDArray {
  // BEGIN SOLUTION
  const t = arange(T, undefined, 1, { dtype: "float64" }).reshape([T, 1]);
  const twoI = arange(0, E, 2, { dtype: "float64" });
  const omega = twoI.mul(-Math.log(10000) / E).exp();
  const angles = t.mul(omega);
  const pairs = stack([angles.sin(), angles.cos()], -1).reshape([T, 2 * twoI.size]);
  return pairs.slice(":", `:${E}`).astype(dtype);
  // END SOLUTION
}
