/**
 * Matrix product of tensors, as torch.matmul for operands with at least two axes: the last
 * two axes multiply, and leading (batch) axes broadcast.
 *
 *   Y = A · B          A: (…, N, K)   B: (…, K, M)   Y: (…, N, M)
 *   dL/dA = G · Bᵀ     (…, N, K)
 *   dL/dB = Aᵀ · G     (…, K, M)      (ᵀ swaps the last two axes: transpose(-1, -2))
 *
 * With batch axes, an operand broadcast over them (B of shape (K, M) against A of shape
 * (S, N, K)) gets a gradient with the batch axes too: unbroadcast sums them away, exactly
 * as for element-wise ops. 1-D operands (vectors) are not supported: reshape a vector to a
 * (1, K) row or a (K, 1) column. The gradFn uses the tensor ops matmul and transpose (not
 * `.data`), so that a createGraph backward can differentiate it again. See handouts/hw1.md §8.
 */
import { NotImplementedError, ShapeError } from "#ndarray";
import { unbroadcast } from "./broadcast.js";
import { transpose } from "./shapes.js";
import { Tensor } from "./tensor.js";

/** A · B over the last two axes, batch axes broadcast (torch.matmul). */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.ndim < 2 || b.ndim < 2) {
    throw new ShapeError("matmul", `autograd matmul needs operands with at least 2 axes, got [${a.shape.join(",")}] and [${b.shape.join(",")}]; reshape a vector to a row or a column`);
  }
  // BEGIN SOLUTION
  throw new NotImplementedError("matmul");
  // END SOLUTION
}
