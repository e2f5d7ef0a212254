/**
 * Errors the hw2 layers throw, in the style of the library's own (ndarray/errors.ts): a
 * stable `code` and a message that names the layer and says what would fix it. Complete:
 * ships to students as it is. `cached` and its error are given code, the same in every
 * homework (cached.ts): `const A = cached(this.A, "Conv1d.backward");`.
 */
import { ShapeError, ValueError } from "#ndarray";

export { BackwardBeforeForwardError, cached } from "./cached.js";

/** Throws a ValueError naming `op` unless every listed value is an integer ≥ `min`. */
export function checkIntegers(op: string, values: Readonly<Record<string, number>>, min = 1): void {
  for (const [name, n] of Object.entries(values)) {
    if (!Number.isInteger(n) || n < min) throw new ValueError(op, `${name} must be an integer >= ${min}, got ${n}`);
  }
}

/** Throws a ShapeError naming `op` unless `x` has `ndim` axes (and `channels` channels on axis 1, when given). */
export function checkInput(op: string, x: { shape: readonly number[] }, ndim: number, layout: string, channels?: number): void {
  if (x.shape.length !== ndim || (channels !== undefined && x.shape[1] !== channels)) {
    const want = channels === undefined ? layout : layout.replace("C", String(channels));
    throw new ShapeError(op, `expected input of shape ${want}, got [${x.shape.join(",")}]`);
  }
}
