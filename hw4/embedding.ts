/**
 * Token embeddings and sinusoidal positional encodings. See handouts/hw4.md §5.
 */
import { NotImplementedError, arange, stack, zeros, type DType, type Generator, type NDArray } from "#ndarray";
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
    throw new NotImplementedError("Embedding.forward");
    // END SOLUTION
  }

  backward(dLdY: NDArray): void {
    // Hint: a one-hot matrix (positions × V) turns the scatter-add into one matmul: arange(V).eq(column of indices).
    // BEGIN SOLUTION
    throw new NotImplementedError("Embedding.backward");
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
  throw new NotImplementedError("sinusoidalEncoding");
  // END SOLUTION
}
