/**
 * Element-wise arithmetic on tensors, with numpy/PyTorch broadcasting: add, sub, mul, div
 * (either operand may be a plain number, a constant), neg, and pow with a number exponent.
 *
 * Each op computes its value with the NDArray method of the same name and records a
 * gradFn, written with these same tensor ops (mul(G, B), not G.data.mul(B.data)): the
 * gradient is then itself a function of A and B that a createGraph backward records and
 * can differentiate again. With Y = op(A, B) and G = dL/dY (Y's shape):
 *
 *   add   Y = A + B     dL/dA = G                 dL/dB = G
 *   sub   Y = A − B     dL/dA = G                 dL/dB = −G
 *   mul   Y = A ⊙ B     dL/dA = G ⊙ B             dL/dB = G ⊙ A
 *   div   Y = A / B     dL/dA = G / B             dL/dB = −G ⊙ A / B²
 *   neg   Y = −A        dL/dA = −G
 *   pow   Y = A^p       dL/dA = G ⊙ p·A^(p−1)     (p a number; p = 0 gives zeros, as torch)
 *
 * When A or B was broadcast, each of those gradients has Y's shape: pass it through
 * unbroadcast(·, operand's shape) to sum it back to the operand's shape.
 * add is the worked example: read it first. See handouts/hw1.md §8.
 */
import { full, ValueError, zerosLike } from "#ndarray";
import { unbroadcast } from "./broadcast.js";
import { Tensor } from "./tensor.js";

/** A tensor, or a plain number standing for a constant (it gets no gradient). */
export type Operand = Tensor | number;

/** Both operands as tensors: a number becomes a constant 0-d tensor of the other's dtype and device. */
function operands(op: string, a: Operand, b: Operand): [Tensor, Tensor] {
  if (typeof a === "number" && typeof b === "number") {
    throw new ValueError(op, "at least one operand must be a Tensor, got two numbers");
  }
  const like = (a instanceof Tensor ? a : (b as Tensor)).data;
  const lift = (x: Operand) => (x instanceof Tensor ? x : new Tensor(full([], x, { dtype: like.dtype, device: like.device })));
  return [lift(a), lift(b)];
}

/**
 * A + B, broadcasting. (Worked example, complete.)
 *
 * The local derivatives are 1, so both operands receive G itself, each summed back to its
 * own shape: b of shape (C) added to Z of shape (N, C) gets Σₙ G.
 */
export function add(a: Operand, b: Operand): Tensor {
  const [A, B] = operands("add", a, b);
  return Tensor.fromOp("add", A.data.add(B.data), [A, B], (G) => [unbroadcast(G, A.shape), unbroadcast(G, B.shape)]);
}

/** A − B, broadcasting. */
export function sub(a: Operand, b: Operand): Tensor {
  const [A, B] = operands("sub", a, b);
  // BEGIN SOLUTION
  return Tensor.fromOp("sub", A.data.sub(B.data), [A, B], (G) => [unbroadcast(G, A.shape), unbroadcast(neg(G), B.shape)]);
  // END SOLUTION
}

/** A ⊙ B (element-wise product), broadcasting. */
export function mul(a: Operand, b: Operand): Tensor {
  const [A, B] = operands("mul", a, b);
  // BEGIN SOLUTION
  return Tensor.fromOp("mul", A.data.mul(B.data), [A, B], (G) => [unbroadcast(mul(G, B), A.shape), unbroadcast(mul(G, A), B.shape)]);
  // END SOLUTION
}

/** A / B (true division), broadcasting. */
export function div(a: Operand, b: Operand): Tensor {
  const [A, B] = operands("div", a, b);
  // BEGIN SOLUTION
  return Tensor.fromOp("div", A.data.div(B.data), [A, B], (G) => [
    unbroadcast(div(G, B), A.shape),
    unbroadcast(neg(div(mul(G, A), mul(B, B))), B.shape),
  ]);
  // END SOLUTION
}

/** −A. */
export function neg(a: Tensor): Tensor {
  // BEGIN SOLUTION
  return Tensor.fromOp("neg", a.data.neg(), [a], (G) => [neg(G)]);
  // END SOLUTION
}

/** A^p, element-wise, for a number p (torch.pow(A, p)). A^(non-integer p) is NaN for A < 0, as in torch. */
export function pow(a: Tensor, p: number): Tensor {
  // BEGIN SOLUTION
  return Tensor.fromOp("pow", a.data.pow(p), [a], (G) => [p === 0 ? new Tensor(zerosLike(G.data)) : mul(G, mul(pow(a, p - 1), p))]);
  // END SOLUTION
}
