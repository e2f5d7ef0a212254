/**
 * Element-wise functions of one tensor. With Y = f(A) and G = dL/dY, every one returns
 * dL/dA = G ⊙ f′(A), written with whichever of A and Y is simpler:
 *
 *   exp      Y = e^A                     f′ = Y
 *   log      Y = ln A                    f′ = 1 / A
 *   relu     Y = max(A, 0)               f′ = 1 where A > 0, else 0 (0 at A = 0, as torch)
 *   tanh     Y = tanh A                  f′ = 1 − Y²
 *   sigmoid  Y = 1 / (1 + e^(−A))        f′ = Y ⊙ (1 − Y)
 *
 * The same derivatives as the hw1 activation layers (§1), now as gradFns that close over
 * what they need instead of caching it on a layer, written with tensor ops. Where f′ uses
 * Y, the gradFn uses the result TENSOR, not an array: Y depends on A, and a createGraph
 * backward must see that to differentiate f′ again (tanh″ = −2Y(1 − Y²) comes through Y's
 * own gradFn). The closure runs only at backward time, so it may name the result it is
 * part of; for √A, whose derivative is 1/(2Y):
 *
 *   const Y: Tensor = Tensor.fromOp("sqrt", a.data.sqrt(), [a], (G) => [div(G, mul(Y, 2))]);
 *   return Y;
 *
 * See handouts/hw1.md §8.
 */
import { onesLike } from "#ndarray";
import { add, div, mul, neg } from "./elementwise.js";
import { Tensor } from "./tensor.js";

/** e^A (torch.exp). */
export function exp(a: Tensor): Tensor {
  // BEGIN SOLUTION
  const Y: Tensor = Tensor.fromOp("exp", a.data.exp(), [a], (G) => [mul(G, Y)]);
  return Y;
  // END SOLUTION
}

/** ln A, the natural logarithm (torch.log); −∞ at 0 and NaN below, as torch. */
export function log(a: Tensor): Tensor {
  // BEGIN SOLUTION
  return Tensor.fromOp("log", a.data.log(), [a], (G) => [div(G, a)]);
  // END SOLUTION
}

/** max(A, 0) (torch.relu). */
export function relu(a: Tensor): Tensor {
  // Hint: a comparison gives a bool array; multiplying by it (as a constant tensor) keeps G's dtype.
  // BEGIN SOLUTION
  return Tensor.fromOp("relu", a.data.maximum(0), [a], (G) => [mul(G, new Tensor(a.data.gt(0)))]);
  // END SOLUTION
}

/** tanh A (torch.tanh). */
export function tanh(a: Tensor): Tensor {
  // BEGIN SOLUTION
  const Y: Tensor = Tensor.fromOp("tanh", a.data.tanh(), [a], (G) => [mul(G, add(neg(mul(Y, Y)), 1))]);
  return Y;
  // END SOLUTION
}

/** σ(A) = 1 / (1 + e^(−A)) (torch.sigmoid); for very negative A, e^(−A) = ∞ and σ = 0, the right limit. */
export function sigmoid(a: Tensor): Tensor {
  // BEGIN SOLUTION
  const value = onesLike(a.data).div(a.data.neg().exp().add(1));
  const Y: Tensor = Tensor.fromOp("sigmoid", value, [a], (G) => [mul(G, mul(Y, add(neg(Y), 1)))]);
  return Y;
  // END SOLUTION
}
