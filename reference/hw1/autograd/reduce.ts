/**
 * Reductions over `axis` (a number, a list of numbers, or every axis when left out), with
 * PyTorch's `keepdim` as `keepdims`: kept, each reduced axis stays with size 1.
 *
 *   sum        Y = Σ A over axis                          dL/dA = G, expanded to A's shape
 *   mean       Y = (1/n) Σ A,  n = elements per result    dL/dA = G / n, expanded
 *   logsumexp  Y = m + log Σ e^(A − m),  m = max A         dL/dA = G ⊙ e^(A − Y)   (the softmax)
 *
 * "Expanded": every element of A that went into one result receives that result's
 * gradient. Put the reduced axes back as size-1 axes (unless keepdims already kept them)
 * and broadcast to A's shape.
 *
 * logsumexp shifts by the maximum m over `axis` (torch.logsumexp): without it e^A
 * overflows float32 for A ≳ 89, and the result is ∞. m is exact, not an approximation,
 * and it needs no gradient of its own: the formula above is the derivative of the whole
 * expression. Every reduced slice needs one finite entry. Its gradFn computes the softmax
 * from the result TENSOR Y (e^(A − Y), with tensor ops), not from arrays, so that a
 * createGraph backward can differentiate the softmax again.
 *
 *   logSoftmax Y = A − logsumexp(A, axis, keepdims)        (torch.log_softmax)
 *
 * is a COMPOSITE: built from sub and logsumexp, it needs no gradFn of its own, because the
 * engine differentiates the composition (dL/dA = G − softmax(A) ⊙ Σ_axis G). It inherits
 * logsumexp's max shift; log(softmax) written with exp directly overflows instead.
 * See handouts/hw1.md §8.
 */
import { normalizeAxes, type Shape } from "#ndarray";
import { div, mul, sub } from "./elementwise.js";
import { broadcastTo, reshape } from "./shapes.js";
import { exp } from "./unary.js";
import { Tensor } from "./tensor.js";

/** Which axes to reduce: one, several, or all (undefined), as NDArray's reductions. */
export type Axis = number | readonly number[] | undefined;

/**
 * The gradient G of a reduction over `axis` of an array of shape `shape`, spread back to
 * that shape: G's reduced axes are re-inserted with size 1 (when keepdims is false), then
 * broadcast (the tensor ops reshape and broadcastTo). G of shape (N) from a sum over axis 1
 * of (N, C) becomes (N, 1), then (N, C).
 */
function expandReduced(G: Tensor, shape: Shape, axis: Axis, keepdims: boolean): Tensor {
  // BEGIN SOLUTION
  const axes = normalizeAxes("backward", axis, shape.length);
  const kept = keepdims ? G : reshape(G, shape.map((d, i) => (axes.includes(i) ? 1 : d)));
  return broadcastTo(kept, shape);
  // END SOLUTION
}

/** Σ A over `axis` (torch.sum(A, dim, keepdim)). */
export function sum(a: Tensor, axis?: Axis, keepdims = false): Tensor {
  // BEGIN SOLUTION
  return Tensor.fromOp("sum", a.data.sum(axis, keepdims), [a], (G) => [expandReduced(G, a.shape, axis, keepdims)]);
  // END SOLUTION
}

/** The mean of A over `axis` (torch.mean(A, dim, keepdim)). */
export function mean(a: Tensor, axis?: Axis, keepdims = false): Tensor {
  // BEGIN SOLUTION
  const Y = a.data.mean(axis, keepdims);
  const n = a.size / Y.size;
  return Tensor.fromOp("mean", Y, [a], (G) => [div(expandReduced(G, a.shape, axis, keepdims), n)]);
  // END SOLUTION
}

/** log Σ e^A over `axis`, computed stably (torch.logsumexp(A, dim, keepdim)). */
export function logsumexp(a: Tensor, axis?: Axis, keepdims = false): Tensor {
  // Hint: max(axis, true) keeps the reduced axes, so m broadcasts against A.
  // BEGIN SOLUTION
  const m = a.data.max(axis, true);
  const kept = a.data.sub(m).exp().sum(axis, true).log().add(m);
  const value = keepdims ? kept : kept.squeeze(normalizeAxes("logsumexp", axis, a.ndim));
  const Y: Tensor = Tensor.fromOp("logsumexp", value, [a], (G) => {
    const softmax = exp(sub(a, keepdims ? Y : reshape(Y, kept.shape)));
    return [mul(expandReduced(G, a.shape, axis, keepdims), softmax)];
  });
  return Y;
  // END SOLUTION
}

/** log(softmax(A)) over one axis (default the last), stably (torch.log_softmax(A, dim)). */
export function logSoftmax(a: Tensor, axis = -1): Tensor {
  // Hint: compose the ops you have; keep the reduced axis so it broadcasts against A.
  // BEGIN SOLUTION
  return sub(a, logsumexp(a, axis, true));
  // END SOLUTION
}
