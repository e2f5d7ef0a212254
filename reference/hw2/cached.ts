// Given code, complete: generated from reference/given/cached.ts by npm run stubs (instructors: edit that file, not this one).
/**
 * The check every layer's backward() starts with, in the style of the library's own errors
 * (ndarray/errors.ts): a stable `code` and a message that names the layer and says what
 * would fix the problem. Complete, and the same in every homework that uses it.
 */
import { KitError } from "#ndarray";

/** `backward()` called on a layer whose `forward()` has not run, so nothing is cached. */
export class BackwardBeforeForwardError extends KitError {
  constructor(op: string) {
    super(
      "E_BACKWARD_BEFORE_FORWARD",
      `${op}: backward() was called before forward(); run forward() first so the layer can cache what backward() needs`,
    );
  }
}

/**
 * The value a layer cached in `forward()`, or a `BackwardBeforeForwardError` naming `op`
 * when there is none. Use it at the top of `backward()`: `const A = cached(this.A, "Layer.backward");`.
 */
export function cached<T>(value: T | undefined, op: string): T {
  if (value === undefined) throw new BackwardBeforeForwardError(op);
  return value;
}
