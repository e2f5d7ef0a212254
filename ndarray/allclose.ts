/** Comparing arrays as numpy.allclose and numpy.array_equal do (the grader's own comparison builds on these rules). */
import type { NDArray } from "./ndarray.js";
import { broadcastShapes } from "./shape.js";

export interface CloseOptions {
  rtol?: number;
  atol?: number;
  /** Treat NaN as equal to NaN (default false, as numpy). */
  equalNan?: boolean;
}

/** |a − b| ≤ atol + rtol·|b| everywhere, after broadcasting (numpy's asymmetric rule; defaults rtol 1e-5, atol 1e-8). */
export function allclose(a: NDArray, b: NDArray, opts: CloseOptions = {}): boolean {
  const { rtol = 1e-5, atol = 1e-8, equalNan = false } = opts;
  const shape = broadcastShapes("allclose", a.shape, b.shape);
  const x = a.broadcastTo(shape).toTypedArray();
  const y = b.broadcastTo(shape).toTypedArray();
  for (let i = 0; i < x.length; i++) {
    const u = x[i];
    const v = y[i];
    if (Number.isNaN(u) || Number.isNaN(v)) {
      if (!(equalNan && Number.isNaN(u) && Number.isNaN(v))) return false;
    } else if (u !== v && !(Math.abs(u - v) <= atol + rtol * Math.abs(v))) return false;
  }
  return true;
}

/** Same shape and exactly equal elements (NaN ≠ NaN). */
export function arrayEqual(a: NDArray, b: NDArray): boolean {
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) return false;
  const x = a.toTypedArray();
  const y = b.toTypedArray();
  return x.every((v, i) => v === y[i]);
}

