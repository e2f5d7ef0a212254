/**
 * Errors the hw4 layers throw, in the style of the library's own (ndarray/errors.ts): a
 * stable `code` and a message naming the layer and the fix. This file ships to students
 * complete.
 */
import { KitError } from "#ndarray";

/** `backward()` called before any `forward()`: the layer has nothing cached to work from. */
export class BackwardBeforeForwardError extends KitError {
  constructor(op: string) {
    super("E_BACKWARD_BEFORE_FORWARD", `${op}: backward() needs what forward() caches; call forward() first`);
  }
}

/**
 * `value` when forward() has cached it, else a BackwardBeforeForwardError naming `op`.
 * Use it at the top of backward(): `const A = cached(this.A, "Softmax.backward");`.
 */
export function cached<T>(value: T | undefined, op: string): T {
  if (value === undefined) throw new BackwardBeforeForwardError(op);
  return value;
}
