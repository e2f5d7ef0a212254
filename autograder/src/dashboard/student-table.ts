/**
 * The dashboard's table of students: one row per student, in the CSV's order, each linking
 * to that student's feedback file, with filters (name, status, a test not passed, total
 * range) that client.ts applies. A row's data attributes carry what the filters test,
 * escaped like every other text a student chose.
 */
import type { ClassRow } from "../class-grading.js";
import type { AutolabProblem } from "../reports/autolab.js";
import type { TestInfo } from "./class-stats.js";
import { escapeHtml, relativeHref } from "./html.js";
import { outcomeKind } from "./outcomes.js";

/** A status's kind, for the status filter: "graded", "no handin", "grader-crashed", … (the text before any colon). */
export function statusKind(status: string): string {
  return status.split(":")[0].trim();
}

/** The ids of the graded tests the student did not pass, in suite order. */
function notPassed(row: ClassRow): string[] {
  return (row.tests ?? []).filter((t) => outcomeKind(t) !== "passed").map((t) => t.id);
}

function option(value: string, label: string): string {
  return `<option value="${escapeHtml(value)}">${escapeHtml(label)}</option>`;
}

function filters(rows: readonly ClassRow[], tests: readonly TestInfo[]): string {
  const kinds = [...new Set(rows.map((r) => statusKind(r.status)))].sort();
  return `<div class="filters">
<label>Student <input id="filter-name" type="search" placeholder="name contains"></label>
<label>Status <select id="filter-status">${option("", "any")}${kinds.map((k) => option(k, k)).join("")}</select></label>
<label>Did not pass <select id="filter-test">${option("", "(any test)")}${tests.map((t) => option(t.id, t.id)).join("")}</select></label>
<label>Total from <input id="filter-min" type="number" step="any"></label>
<label>to <input id="filter-max" type="number" step="any"></label>
<output id="shown-count"></output>
</div>`;
}

function studentRow(row: ClassRow, problems: readonly AutolabProblem[], reportDir: string): string {
  const failed = notPassed(row);
  const attrs = `data-name="${escapeHtml(row.student)}" data-status="${escapeHtml(statusKind(row.status))}" data-total="${row.total}" data-failed="${escapeHtml(failed.join(" "))}"`;
  const cells = [
    `<td class="name"><a href="${escapeHtml(relativeHref(reportDir, row.feedback))}">${escapeHtml(row.student)}</a></td>`,
    `<td class="status">${escapeHtml(row.status)}</td>`,
    ...problems.map((p) => `<td class="num" data-key="${escapeHtml(p.name)}">${row.scores[p.name] ?? 0}</td>`),
    `<td class="num total">${row.total}</td>`,
    `<td class="num">${row.max}</td>`,
    `<td class="failed">${failed.length === 0 ? "" : `<details><summary>${failed.length}</summary>${escapeHtml(failed.join(", "))}</details>`}</td>`,
  ];
  return `<tr ${attrs}>${cells.join("")}</tr>`;
}

/** The students section: filters, then the table; links are relative to `reportDir`, where the page is written. */
export function studentTable(rows: readonly ClassRow[], problems: readonly AutolabProblem[], tests: readonly TestInfo[], reportDir: string): string {
  const head = ["Student", "Status", ...problems.map((p) => p.name), "Total", "Max", "Not passed"];
  return `${filters(rows, tests)}
<table id="students">
<thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead>
<tbody>
${rows.map((r) => studentRow(r, problems, reportDir)).join("\n")}
</tbody>
</table>`;
}
