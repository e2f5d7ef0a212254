/**
 * The class's grades as CSV. Students choose their file names, and a name ends up in a
 * cell: a spreadsheet would run a cell such as `=HYPERLINK(…)` as a formula. Every text
 * cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`
 * (OWASP's rule against CSV injection), so it shows as the text it is; numbers stay numbers.
 */
import { relative } from "node:path";
import { stringify } from "csv-stringify/sync";
import type { ClassRow } from "../class-grading.js";

export type CsvValue = string | number;

export function csvCell(value: CsvValue): CsvValue {
  return typeof value === "string" && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One row per student: name, status, `keys`' scores (Autolab's problems), total, max, and the feedback file relative to `csvDir`. */
export function classCsv(rows: readonly ClassRow[], keys: readonly string[], csvDir: string): string {
  const table: CsvValue[][] = [
    ["student", "status", ...keys, "total", "max", "feedback"],
    ...rows.map((r) => [r.student, r.status, ...keys.map((k) => r.scores[k] ?? 0), r.total, r.max, relative(csvDir, r.feedback)]),
  ];
  return stringify(table.map((row) => row.map(csvCell)));
}
