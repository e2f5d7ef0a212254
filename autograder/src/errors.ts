/** Typed errors of the autograder and its instructor tools (see ndarray/errors.ts for the pattern). */
import { KitError } from "#ndarray";

/** A reference file whose solution markers are unmatched, nested or misplaced; names file:line. */
export class StubMarkerError extends KitError {
  constructor(file: string, line: number, detail: string) {
    super("E_STUB_MARKER", `${file}:${line}: ${detail}`);
  }
}
