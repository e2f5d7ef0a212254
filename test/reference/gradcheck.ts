/**
 * Central-difference gradient checks for the reference tests of every homework (float64 throughout).
 *
 * For a function f: x ↦ Y and an upstream gradient G = dL/dY, the scalar
 * s(x) = Σ (G ⊙ f(x)) has ∂s/∂xᵢ = (Gᵀ J)ᵢ, which is exactly what a layer's backward(G)
 * returns. numericalGrad perturbs one element of x at a time: (s(x + ε eᵢ) − s(x − ε eᵢ)) / 2ε.
 */
import { expect } from "vitest";
import { NDArray } from "#ndarray";

/** Σ (G ⊙ Y), in float64 on the host. */
function weightedSum(G: NDArray, Y: NDArray): number {
  const g = G.broadcastTo(Y.shape).toTypedArray();
  const y = Y.toTypedArray();
  let s = 0;
  for (let i = 0; i < y.length; i++) s += g[i] * y[i];
  return s;
}

/** ∂/∂x Σ(G ⊙ f(x)) by central differences, one element at a time; x must be float64. */
export function numericalGrad(f: (x: NDArray) => NDArray, x: NDArray, G: NDArray, eps = 1e-6): NDArray {
  if (x.dtype !== "float64") throw new Error(`numericalGrad: x must be float64, got ${x.dtype}`);
  const base = x.toTypedArray() as Float64Array;
  const out = new Float64Array(base.length);
  for (let i = 0; i < base.length; i++) {
    const plus = base.slice();
    const minus = base.slice();
    plus[i] += eps;
    minus[i] -= eps;
    const sp = weightedSum(G, f(NDArray.fromTypedArray(plus, x.shape, x.device)));
    const sm = weightedSum(G, f(NDArray.fromTypedArray(minus, x.shape, x.device)));
    out[i] = (sp - sm) / (2 * eps);
  }
  return NDArray.fromTypedArray(out, x.shape, x.device);
}

/** dy/dx of a scalar function by central differences (numericalGrad with G = 1); x must be float64. */
export function numericalScalarGrad(f: (x: NDArray) => number, x: NDArray, eps = 1e-6): NDArray {
  const one = NDArray.fromTypedArray(new Float64Array([1]), [], x.device);
  return numericalGrad((v) => NDArray.fromTypedArray(new Float64Array([f(v)]), [], x.device), x, one, eps);
}

/**
 * Asserts that `analytic` equals `numeric` element-wise: |a − n| ≤ atol + rtol·max|n|
 * (the tolerance scales with the gradient's largest entry, as central differences lose
 * absolute, not relative, precision), with the same shape. `what` names the gradient.
 */
export function expectGradClose(analytic: NDArray | undefined, numeric: NDArray, what: string, rtol = 1e-6, atol = 1e-8): void {
  expect(analytic, `${what} is undefined`).toBeDefined();
  const a = analytic as NDArray;
  expect(a.shape, `${what}: shape`).toEqual(numeric.shape);
  const x = a.toTypedArray();
  const y = numeric.toTypedArray();
  const scale = Math.max(...Array.from(y, Math.abs), 0);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < y.length; i++) {
    const err = Math.abs(x[i] - y[i]);
    if (!(err <= worst)) {
      worst = err;
      at = i;
    }
  }
  const tol = atol + rtol * scale;
  expect(worst <= tol, `${what}: largest error ${worst} at flat index ${at} (analytic ${x[at]}, numeric ${y[at]}) exceeds ${tol}`).toBe(true);
}

/**
 * Checks backward against numerical differentiation: `run(x)` returns f(x) (fresh state
 * each call is the caller's business), `analytic` is the gradient backward() gave for x and G.
 */
export function checkGrad(f: (x: NDArray) => NDArray, x: NDArray, G: NDArray, analytic: NDArray | undefined, what: string, rtol = 1e-6): void {
  expectGradClose(analytic, numericalGrad(f, x, G), what, rtol);
}
