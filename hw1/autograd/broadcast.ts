/**
 * Undoing a broadcast in the backward pass.
 *
 * When an op broadcasts an operand x of shape s to the output shape (b of shape (C) added
 * to Z of shape (N, C)), every element of x is used once per copy, and by the chain rule
 * its gradient is the SUM of the gradients of its copies:
 *
 *   dL/dx = Σ over the broadcast axes of dL/d(output)
 *
 * The broadcast axes are (1) the leading axes the output has and x lacks, and (2) the axes
 * where x has size 1 and the output does not. Summing over them gives a gradient of x's
 * shape, as PyTorch's autograd does (its "sum_to_size"):
 *
 *   b (C)      in (N, C):  dL/db = Σₙ dL/dY            (C)
 *   c (N, 1)   in (N, C):  dL/dc = Σ_c dL/dY, kept      (N, 1)
 *   s ()       in (N, C):  dL/ds = Σ all of dL/dY       ()
 *
 * Written with the tensor ops sum and reshape, as every gradient is (tensor.ts), so that a
 * recorded backward pass can be differentiated through it. See handouts/hw1.md §8.
 */
import type { Shape } from "#ndarray";
import { sum } from "./reduce.js";
import { reshape } from "./shapes.js";
import type { Tensor } from "./tensor.js";
import { NotImplementedError } from "#ndarray";

/**
 * `grad` (the output's shape) reduced to `shape`, the shape of an operand that broadcast
 * to the output's: summed over the leading extra axes and over every axis where `shape`
 * has size 1. `shape` must broadcast to `grad.shape`; when they are equal, `grad` itself.
 */
export function unbroadcast(grad: Tensor, shape: Shape): Tensor {
  // Hint: sum(grad, axes, true) keeps the summed axes with size 1; a reshape then drops the leading ones.
  // BEGIN SOLUTION
  throw new NotImplementedError("unbroadcast");
  // END SOLUTION
}
