/**
 * What `grade:class` writes beside its CSV for the dashboard: report.html, and the
 * per-test outcomes it is computed from as `<csv name>-tests.csv`.
 */
import { writeFileSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { dashboardHtml, type DashboardInput } from "./page.js";
import { testsCsv } from "./tests-csv.js";

export const REPORT_NAME = "report.html";

/** The per-test CSV's path for the class CSV at `csvPath`: `grades.csv` gives `grades-tests.csv`. */
export function testsCsvPath(csvPath: string): string {
  return join(dirname(csvPath), `${basename(csvPath, extname(csvPath))}-tests.csv`);
}

/** Writes report.html and the per-test CSV beside `csvPath`; returns their paths. */
export function writeDashboard(csvPath: string, input: Omit<DashboardInput, "dir">): { report: string; testsCsv: string } {
  const dir = dirname(csvPath);
  const report = join(dir, REPORT_NAME);
  const tests = testsCsvPath(csvPath);
  writeFileSync(report, dashboardHtml({ ...input, dir }));
  writeFileSync(tests, testsCsv(input.rows));
  return { report, testsCsv: tests };
}
