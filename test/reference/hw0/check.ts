/** Central differences for the hw0 reference tests, independent of the reference's own numericalGradient. */
import { expect } from "vitest";
import { NDArray } from "#ndarray";

/** ∂f/∂x by central differences in float64 (x must be float64). */
export function centralDifferences(f: (x: NDArray) => number, x: NDArray, eps = 1e-6): NDArray {
  const base = x.toTypedArray() as Float64Array;
  const out = new Float64Array(base.length);
  for (let i = 0; i < base.length; i++) {
    const plus = base.slice();
    const minus = base.slice();
    plus[i] += eps;
    minus[i] -= eps;
    out[i] = (f(NDArray.fromTypedArray(plus, x.shape)) - f(NDArray.fromTypedArray(minus, x.shape))) / (2 * eps);
  }
  return NDArray.fromTypedArray(out, x.shape);
}

/** |a − n| ≤ atol + rtol·max|n| everywhere, with equal shapes; `what` names the gradient. */
export function expectClose(actual: NDArray, expected: NDArray, what: string, rtol = 1e-6, atol = 1e-8): void {
  expect(actual.shape, `${what}: shape`).toEqual(expected.shape);
  const a = actual.toTypedArray();
  const e = expected.toTypedArray();
  const scale = Math.max(0, ...Array.from(e, Math.abs));
  const worst = Math.max(0, ...Array.from(e, (v, i) => Math.abs(a[i] - v)));
  expect(worst, `${what}: largest error ${worst} exceeds ${atol + rtol * scale}`).toBeLessThanOrEqual(atol + rtol * scale);
}
