/**
 * Free-function forms of the element-wise ops, as numpy and PyTorch write them: `exp(x)`,
 * `maximum(a, b)`, `sub(1, x)`, `clip(x, 0, 1)`, `matmul(a, b)`. Each is the method of the
 * same name, with the same dtype rules; a binary op also takes a number on the left
 * (`sub(1, x)` is `x.rsub(1)`, `lt(0, x)` is `x.gt(0)`), so 1 − x needs no `onesLike`.
 */
import { ArgumentTypeError } from "./errors.js";
import { NDArray, type Operand } from "./ndarray.js";
import * as v from "./validate.js";

type Binary = (a: Operand, b: Operand) => NDArray;
type Unary = (x: NDArray) => NDArray;

/** `name(a, b)`: `onArray(a, b)` when `a` is an array, else `onNumber(b, a)` with the number second. */
function binary(name: string, onArray: (a: NDArray, b: Operand) => NDArray, onNumber: (b: NDArray, a: number) => NDArray): Binary {
  return function (a: Operand, b: Operand): NDArray {
    v.arity(name, arguments, ["a", "b"]);
    const x = v.operand(name, "a", a);
    const y = v.operand(name, "b", b);
    if (x instanceof NDArray) return onArray(x, y);
    if (y instanceof NDArray) return onNumber(y, x);
    throw new ArgumentTypeError(name, `needs an NDArray, got two numbers (${x} and ${y}); use JS arithmetic for numbers`);
  };
}

/** `name(x)`: the method of the same name. */
function unary(name: string, method: (x: NDArray) => NDArray): Unary {
  return function (x: NDArray): NDArray {
    v.arity(name, arguments, ["x"]);
    const hint = typeof x === "number" && name in Math ? `Math.${name}(${x}) for a number` : undefined;
    return method(v.ndarray(name, "x", x, hint));
  };
}

export const add = binary("add", (a, b) => a.add(b), (b, a) => b.add(a));
export const sub = binary("sub", (a, b) => a.sub(b), (b, a) => b.rsub(a));
export const mul = binary("mul", (a, b) => a.mul(b), (b, a) => b.mul(a));
export const div = binary("div", (a, b) => a.div(b), (b, a) => b.rdiv(a));
export const pow = binary("pow", (a, b) => a.pow(b), (b, a) => b.rpow(a));
export const maximum = binary("maximum", (a, b) => a.maximum(b), (b, a) => b.maximum(a));
export const minimum = binary("minimum", (a, b) => a.minimum(b), (b, a) => b.minimum(a));
export const eq = binary("eq", (a, b) => a.eq(b), (b, a) => b.eq(a));
export const ne = binary("ne", (a, b) => a.ne(b), (b, a) => b.ne(a));
export const lt = binary("lt", (a, b) => a.lt(b), (b, a) => b.gt(a));
export const le = binary("le", (a, b) => a.le(b), (b, a) => b.ge(a));
export const gt = binary("gt", (a, b) => a.gt(b), (b, a) => b.lt(a));
export const ge = binary("ge", (a, b) => a.ge(b), (b, a) => b.le(a));

export const neg = unary("neg", (x) => x.neg());
export const abs = unary("abs", (x) => x.abs());
export const sign = unary("sign", (x) => x.sign());
export const exp = unary("exp", (x) => x.exp());
export const log = unary("log", (x) => x.log());
export const log1p = unary("log1p", (x) => x.log1p());
export const sqrt = unary("sqrt", (x) => x.sqrt());
export const square = unary("square", (x) => x.square());
export const reciprocal = unary("reciprocal", (x) => x.reciprocal());
export const tanh = unary("tanh", (x) => x.tanh());
export const sin = unary("sin", (x) => x.sin());
export const cos = unary("cos", (x) => x.cos());
export const erf = unary("erf", (x) => x.erf());

/** `x.clip(min, max)` (numpy's clip): either bound may be null. */
export function clip(x: NDArray, min?: Operand | null, max?: Operand | null): NDArray {
  v.arity("clip", arguments, ["x", "min", "max"]);
  return v.ndarray("clip", "x", x).clip(min, max);
}

/** PyTorch's name for `clip`. */
export function clamp(x: NDArray, min?: Operand | null, max?: Operand | null): NDArray {
  v.arity("clamp", arguments, ["x", "min", "max"]);
  return v.ndarray("clamp", "x", x).clamp(min, max);
}

/** `a.matmul(b)` (numpy's and PyTorch's matmul). */
export function matmul(a: NDArray, b: NDArray): NDArray {
  v.arity("matmul", arguments, ["a", "b"]);
  return v.ndarray("matmul", "a", a).matmul(v.ndarray("matmul", "b", b));
}
