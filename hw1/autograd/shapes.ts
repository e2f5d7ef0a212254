/**
 * Ops that move elements without changing them: reshape, transpose, broadcastTo. Each
 * gradient undoes the forward's rearrangement:
 *
 *   reshape(A, s)          dL/dA = G reshaped back to A's shape
 *   transpose(A, d0, d1)   dL/dA = G with the same two axes swapped back (transpose(A)
 *                          without axes reverses all of them; so does its gradient)
 *   broadcastTo(A, s)      dL/dA = G summed over the broadcast axes (unbroadcast)
 *
 * The forward results are NDArray views: the data is shared, never copied or written. Each
 * gradFn is the op itself (or unbroadcast), on tensors. See handouts/hw1.md §8.
 */
import type { Shape } from "#ndarray";
import { unbroadcast } from "./broadcast.js";
import { Tensor } from "./tensor.js";
import { NotImplementedError } from "#ndarray";

/** A in shape `shape` (one entry may be -1), as torch.reshape. */
export function reshape(a: Tensor, shape: Shape): Tensor {
  // BEGIN SOLUTION
  throw new NotImplementedError("reshape");
  // END SOLUTION
}

/** Swaps axes dim0 and dim1 (torch.transpose), or reverses every axis when both are left out (a matrix's .T). */
export function transpose(a: Tensor, dim0?: number, dim1?: number): Tensor {
  // BEGIN SOLUTION
  throw new NotImplementedError("transpose");
  // END SOLUTION
}

/** A repeated along new leading axes and size-1 axes to `shape` (torch.broadcast_to). */
export function broadcastTo(a: Tensor, shape: Shape): Tensor {
  // BEGIN SOLUTION
  throw new NotImplementedError("broadcastTo");
  // END SOLUTION
}
