/**
 * A numerical gradient checker: the tool that tells you whether a hand-written backward
 * pass is right, by comparing it with finite differences of the forward pass.
 * See handouts/hw0.md §7.
 */
import { NDArray } from "#ndarray";

/**
 * ∂f/∂x by central differences, in float64, one element at a time:
 *
 *   grad[i] = ( f(x + eps·eᵢ) − f(x − eps·eᵢ) ) / (2·eps)
 *
 * eᵢ is 1 at flat (row-major) index i and 0 elsewhere. f takes an array of x's shape, in
 * float64, and returns a number. The result is float64 with x's shape. The error of the
 * central difference is O(eps²), against O(eps) for the one-sided (f(x + eps·eᵢ) − f(x)) / eps.
 *
 * x itself is never modified: perturb a float64 copy, and hand f an array that holds the
 * perturbed values (f may keep or change what it is given).
 */
export function numericalGradient(f: (x: NDArray) => number, x: NDArray, eps = 1e-6): NDArray {
  // Hint: x.astype("float64", true).toTypedArray() is a fresh Float64Array of the values, row-major;
  // NDArray.fromTypedArray(values, x.shape) copies them back into an array.
  // BEGIN SOLUTION
  const values = x.astype("float64", true).toTypedArray();
  const grad = new Float64Array(values.length);
  const at = () => f(NDArray.fromTypedArray(values, x.shape));
  for (let i = 0; i < values.length; i++) {
    const original = values[i];
    values[i] = original + eps;
    const plus = at();
    values[i] = original - eps;
    const minus = at();
    values[i] = original;
    grad[i] = (plus - minus) / (2 * eps);
  }
  return NDArray.fromTypedArray(grad, x.shape);
  // END SOLUTION
}
