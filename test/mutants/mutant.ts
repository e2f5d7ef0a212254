/** A planted bug: the reference with small textual edits, and the cases it must fail. */
import type { Edit } from "../autograder/submission.js";

export interface Mutant {
  id: string;
  /** The mistake, as a student would make it. */
  what: string;
  edits: Edit[];
  /** Cases that must fail. */
  loses: string[];
}
