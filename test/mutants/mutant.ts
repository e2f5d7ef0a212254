/** A planted bug: the reference with small textual edits, the cases it must fail, and how. */
import type { Edit } from "../autograder/submission.js";

/** How a mutant's cases fail when not by a check of a public variant's outputs (see `dies`). */
export type MarkedDeath = "exception" | "hidden";

export interface Mutant {
  id: string;
  /** The mistake, as a student would make it. */
  what: string;
  edits: Edit[];
  /** Cases that must fail; the first is the mutant's own test. */
  loses: string[];
  /**
   * What the own test's failure message (diagnosis and hint included) must say: the
   * mistake named, so that a student who made it learns where to look.
   */
  says: RegExp;
  /**
   * Set only for a mistake that no public variant can catch by a value or shape check:
   * how its cases do fail instead, and why nothing better is possible.
   */
  dies?: { how: MarkedDeath; why: string };
}
