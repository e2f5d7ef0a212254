/**
 * The per-test outcomes as CSV, one row per student and graded test, beside grades.csv:
 * the figures behind the dashboard's pass rates, for a spreadsheet or a check. Cells are
 * neutralised as grades.csv's are (a student's name may look like a formula).
 */
import { stringify } from "csv-stringify/sync";
import type { ClassRow } from "../class-grading.js";
import { csvCell, type CsvValue } from "../reports/csv.js";
import { outcomeKind } from "./outcomes.js";

export function testsCsv(rows: readonly ClassRow[]): string {
  const table: CsvValue[][] = [
    ["student", "test", "status", "failed_on", "failed_by", "outcome"],
    ...rows.flatMap((r) => (r.tests ?? []).map((t) => [r.student, t.id, t.status, t.failedOn ?? "", t.failedBy ?? "", outcomeKind(t)])),
  ];
  return stringify(table.map((row) => row.map(csvCell)));
}
