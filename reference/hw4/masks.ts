/**
 * Attention masks. Every mask in hw4 is a bool NDArray with **True = masked out** (that
 * query may not attend to that key), the sense of torch.nn.MultiheadAttention's
 * `attn_mask` and `key_padding_mask` (torch's newer scaled_dot_product_attention uses the
 * opposite sense: there True means "may attend"). See handouts/hw4.md §2.
 */
import { arange, type NDArray } from "#ndarray";

/**
 * The causal (look-ahead) mask of a length-T sequence: (T, T) bool, mask[i, j] = true
 * exactly when j > i, so position i attends to positions 0…i and never to a later one.
 * Equal to torch.triu(torch.ones(T, T, dtype=torch.bool), diagonal=1).
 */
export function causalMask(T: number): NDArray {
  // Hint: compare a column of query positions with a row of key positions; broadcasting does the rest.
  // BEGIN SOLUTION
  const queries = arange(T).reshape([T, 1]);
  const keys = arange(T).reshape([1, T]);
  return keys.gt(queries);
  // END SOLUTION
}
