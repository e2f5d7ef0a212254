/** Comparing arrays as numpy.allclose and numpy.array_equal do (the grader's own comparison builds on these rules). */
import type { NDArray } from "./ndarray.js";
import { broadcastShapes } from "./shape.js";
import * as v from "./validate.js";

export interface CloseOptions {
  rtol?: number;
  atol?: number;
  /** Treat NaN as equal to NaN (default false, as numpy). */
  equalNan?: boolean;
}

/** |a − b| ≤ atol + rtol·|b| everywhere, after broadcasting (numpy's asymmetric rule; defaults rtol 1e-5, atol 1e-8). */
export function allclose(a: NDArray, b: NDArray, opts: CloseOptions = {}): boolean {
  v.arity("allclose", arguments, ["a", "b", "options"]);
  const [p, q] = [v.ndarray("allclose", "a", a), v.ndarray("allclose", "b", b)];
  const o = v.options("allclose", "options", opts, ["rtol", "atol", "equalNan"] as const);
  const rtol = o.rtol === undefined ? 1e-5 : v.number("allclose", "rtol", o.rtol);
  const atol = o.atol === undefined ? 1e-8 : v.number("allclose", "atol", o.atol);
  const equalNan = o.equalNan === undefined ? false : v.boolean("allclose", "equalNan", o.equalNan);
  const shape = broadcastShapes("allclose", p.shape, q.shape);
  const x = p.broadcastTo(shape).toTypedArray();
  const y = q.broadcastTo(shape).toTypedArray();
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
  v.arity("arrayEqual", arguments, ["a", "b"]);
  const [p, q] = [v.ndarray("arrayEqual", "a", a), v.ndarray("arrayEqual", "b", b)];
  if (p.shape.length !== q.shape.length || p.shape.some((d, i) => d !== q.shape[i])) return false;
  const x = p.toTypedArray();
  const y = q.toTypedArray();
  return x.every((v, i) => v === y[i]);
}

