/**
 * The report for people: a table of every test by section, the totals, then for each
 * failure what differs and where, what the code printed, and the command that reruns
 * just that test.
 */
import chalk from "chalk";
import Table from "cli-table3";
import type { CaseResult, CaseStatus, GradeReport } from "../grade.js";

/** Borders without a rule between every row. */
const COMPACT = { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" };

const STATUS_TEXT: Record<CaseStatus, string> = {
  passed: chalk.green("passed"),
  failed: chalk.red("failed"),
  error: chalk.red("error"),
  "not-attempted": chalk.gray("not attempted"),
  timeout: chalk.red("timed out"),
  crashed: chalk.red("crashed"),
  "compile-error": chalk.red("does not compile"),
  "not-run": chalk.gray("not run"),
};

export function rerunCommand(hw: string, id: string, extra = ""): string {
  return `npm run grade ${hw} -- --only ${id}${extra}`;
}

function indent(text: string, prefix: string): string {
  return text
    .split("\n")
    .map((l) => prefix + l)
    .join("\n");
}

function testTable(report: GradeReport): string {
  const table = new Table({ head: ["#", "Test", "What", "Points", "Result"], chars: COMPACT, style: { head: ["bold"], border: ["gray"] } });
  for (const s of report.sections) {
    table.push([chalk.bold(s.number), chalk.bold(s.title), "", "", ""]);
    for (const t of report.tests.filter((x) => x.section === s.id)) {
      const pts = `${t.score}/${t.points}${t.bonus ? " bonus" : ""}`;
      table.push([t.number, t.id, t.title, { hAlign: "right", content: pts }, STATUS_TEXT[t.status]]);
    }
  }
  return table.toString();
}

function sectionTable(report: GradeReport): string {
  const table = new Table({ head: ["Section", "Score"], chars: COMPACT, style: { head: ["bold"], border: ["gray"] } });
  for (const s of report.sections) table.push([`${s.number} ${s.title}`, { hAlign: "right", content: `${s.score}/${s.max}` }]);
  const regular = `${report.score - report.bonus.score}/${report.max - report.bonus.max}`;
  const bonus = report.bonus.max > 0 ? ` (+${report.bonus.score}/${report.bonus.max} bonus)` : "";
  table.push([chalk.bold("Total"), { hAlign: "right", content: chalk.bold(regular + bonus) }]);
  return table.toString();
}

function failureDetail(report: GradeReport, t: CaseResult, rerunExtra: string): string {
  const head = chalk.red(`✗ ${t.number} ${t.id}`) + ` ${t.title} (0/${t.points})`;
  const parts = [head, indent(t.message, "  ")];
  if (t.output.trim() !== "") parts.push("  Your code printed:", indent(t.output.replace(/\n$/, ""), "    | "));
  parts.push(chalk.gray(`  Rerun: ${rerunCommand(report.hw, t.id, rerunExtra)}`));
  return parts.join("\n");
}

/** The whole console report; `rerunExtra` is appended to each rerun command (e.g. " --reference"). */
export function consoleReport(report: GradeReport, rerunExtra = ""): string {
  const out = [chalk.gray(report.isolation), testTable(report), sectionTable(report)];
  const failures = report.tests.filter((t) => t.status !== "passed" && t.status !== "not-attempted");
  const untouched = report.tests.filter((t) => t.status === "not-attempted");
  if (failures.length > 0) out.push(chalk.bold("Failures"), ...failures.map((t) => failureDetail(report, t, rerunExtra)));
  if (untouched.length > 0) {
    out.push(chalk.gray(`Not attempted yet (the stub still throws NotImplementedError): ${untouched.map((t) => t.id).join(", ")}`));
  }
  const total = `${report.score}/${report.max}`;
  out.push(`${chalk.bold(report.hw)}: ${report.score === report.max ? chalk.green(total) : total} points on ${report.device} in ${report.seconds.toFixed(1)} s`);
  return out.join("\n\n");
}
