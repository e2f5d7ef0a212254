/**
 * similarity.csv: every pair, ranked as the page ranks them, with the figures behind the
 * score. Names are neutralised as grades.csv's are (a handin may be named like a formula).
 */
import { stringify } from "csv-stringify/sync";
import { csvCell, type CsvValue } from "../reports/csv.js";
import type { Fingerprinted } from "./fingerprints.js";
import { shownScore, type PairScore } from "./rank.js";

export function similarityCsv(subs: readonly Fingerprinted[], pairs: readonly PairScore[], threshold: number): string {
  const table: CsvValue[][] = [
    ["rank", "student_a", "student_b", "score", "shared", "fingerprints_a", "fingerprints_b", "flagged"],
    ...pairs.map((p, i) => [
      i + 1,
      subs[p.a].student,
      subs[p.b].student,
      shownScore(p.score),
      p.shared,
      subs[p.a].prints.size,
      subs[p.b].prints.size,
      p.score >= threshold ? "yes" : "no",
    ]),
  ];
  return stringify(table.map((row) => row.map(csvCell)));
}
