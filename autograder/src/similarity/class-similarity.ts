/**
 * The similarity check of a class folder: read every handin, fingerprint each less the
 * template (the repository's stubs), and rank every pair. All of it runs here; no code
 * leaves the machine.
 */
import { fingerprint, templateHashes, type Fingerprinted } from "./fingerprints.js";
import { rankPairs, type PairScore } from "./rank.js";
import { loadSubmissions, templateSources, type Unread } from "./submissions.js";

/**
 * Scores at or above this are flagged unless told otherwise. On the kit's generated class
 * (test/autograder/similarity-class.ts) independent code stays below 0.03 and renamed,
 * reordered and partial copies score 0.12 and more; real classes may need another value.
 */
export const DEFAULT_THRESHOLD = 0.1;

export interface ClassSimilarity {
  subs: Fingerprinted[];
  pairs: PairScore[];
  unread: Unread[];
}

export async function classSimilarity(hw: string, dir: string): Promise<ClassSimilarity> {
  const template = templateHashes(templateSources(hw));
  const { submissions, unread } = await loadSubmissions(hw, dir);
  const subs = submissions.map((s) => fingerprint(s, template));
  return { subs, pairs: rankPairs(subs), unread };
}
