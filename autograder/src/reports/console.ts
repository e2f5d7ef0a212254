/**
 * The report for people: a table of every test by section, the totals, then for each
 * failure what differs and where, what the code printed, and the command that reruns
 * just that test. Everything is wrapped to a width (100 columns unless the terminal is
 * narrower), so long ids, hints and printed lines never run off a terminal or a
 * feedback page; a compile error, which fails every test alike, is shown once. Part 2 (a
 * homework's challenge) comes after everything of Part 1, before the total line, which
 * names its points only when they count.
 */
import chalk from "chalk";
import Table from "cli-table3";
import { challengeCounts } from "../challenge/score-handin.js";
import type { CaseResult, CaseStatus, GradeReport } from "../grade.js";

/** The widest the report is, in columns. */
export const REPORT_WIDTH = 100;
/** Borders without a rule between every row. */
const COMPACT = { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" };
/** The "What" column is not squeezed below this; a long id wraps instead. */
const MIN_TITLE_WIDTH = 16;

const STATUS_LABEL: Record<CaseStatus, string> = {
  passed: "passed",
  failed: "failed",
  error: "error",
  "not-attempted": "not attempted",
  timeout: "timed out",
  crashed: "crashed",
  "compile-error": "does not compile",
  "not-run": "not run",
};

/** Looked up when the report is built, so the colour level set at start-up (useColour) applies. */
function statusText(status: CaseStatus): string {
  const label = STATUS_LABEL[status];
  if (status === "passed") return chalk.green(label);
  return status === "not-attempted" || status === "not-run" ? chalk.gray(label) : chalk.red(label);
}

/**
 * Colour only for a person at a terminal: chalk already turns it off when stdout is not a
 * terminal and honours FORCE_COLOR; this adds NO_COLOR (no-color.org), which FORCE_COLOR
 * overrides.
 */
export function useColour(env: NodeJS.ProcessEnv = process.env): void {
  if (env.FORCE_COLOR === undefined && (env.NO_COLOR ?? "") !== "") chalk.level = 0;
}

/** The report's width for this terminal: 100 columns, fewer when the terminal is narrower. */
export function terminalWidth(stream: { isTTY?: boolean; columns?: number } = process.stdout): number {
  return stream.isTTY && stream.columns !== undefined && stream.columns >= 40 ? Math.min(REPORT_WIDTH, stream.columns) : REPORT_WIDTH;
}

/**
 * One line cut into lines of at most `width` columns, at spaces where it can and anywhere
 * in a word longer than the width; continuation lines keep the line's indentation.
 */
function wrapLine(line: string, width: number): string[] {
  const lead = /^\s*/.exec(line)?.[0] ?? "";
  const indent = lead.length < width / 2 ? lead : "";
  const lines: string[] = [];
  let rest = line;
  while (rest.trimEnd().length > width) {
    const space = rest.lastIndexOf(" ", width);
    const cut = space > indent.length ? space : width;
    lines.push(rest.slice(0, cut).trimEnd());
    rest = indent + rest.slice(cut).trimStart();
  }
  lines.push(rest.length > width ? rest.trimEnd() : rest);
  return lines;
}

/** Plain text (no colour codes) wrapped to `width` columns, line by line; a tab counts as four spaces. */
export function wrapText(text: string, width: number): string {
  return text
    .replace(/\t/g, "    ")
    .split("\n")
    .flatMap((l) => wrapLine(l, width))
    .join("\n");
}

export function rerunCommand(hw: string, id: string, extra = ""): string {
  return `npm run grade ${hw} -- --only ${id}${extra}`;
}

/** "100/100", "100/100, bonus 3/25" or "100/100, bonus 3/25, challenge 14/20": the same words in the table and on the last line. */
export function totalText(report: GradeReport): string {
  const regular = `${report.score - report.bonus.score}/${report.max - report.bonus.max}`;
  const bonus = report.bonus.max > 0 ? `, bonus ${report.bonus.score}/${report.bonus.max}` : "";
  const challenge = report.challenge !== undefined && challengeCounts(report.challenge) ? `, challenge ${report.challenge.points}/${report.challenge.max}` : "";
  return `${regular}${bonus}${challenge}`;
}

/** Part 2's block: a heading and its one line (its points, or why there are none). */
function challengeBlock(report: GradeReport, width: number): string | undefined {
  const r = report.challenge;
  if (r === undefined) return undefined;
  const points = challengeCounts(r) ? `${r.points}/${r.max}` : `–/${r.max}`;
  const line = hanging("  ", 2, r.message, width);
  return `${chalk.bold(`Part 2: challenge (${points})`)}\n${r.status === "scored" ? line : chalk.yellow(line)}`;
}

/** `text` wrapped to fit after `first` (which starts the first line) and indented as deep on the others. */
function hanging(first: string, firstWidth: number, text: string, width: number): string {
  const pad = " ".repeat(firstWidth);
  return wrapText(text, width - firstWidth)
    .split("\n")
    .map((l, i) => (i === 0 ? first : pad) + l)
    .join("\n");
}

function pointsText(t: CaseResult): string {
  return `${t.score}/${t.points}${t.bonus ? " bonus" : ""}`;
}

/** Column widths (padding included) that fit `width` with the table's six borders. */
function columnWidths(report: GradeReport, width: number): number[] {
  const widest = (head: string, cells: string[]) => Math.max(head.length, ...cells.map((c) => c.length)) + 2;
  const num = widest("#", [...report.sections.map((s) => s.number), ...report.tests.map((t) => t.number)]);
  const points = widest("Points", report.tests.map(pointsText));
  const result = widest("Result", report.tests.map((t) => STATUS_LABEL[t.status]));
  const titles = widest("What", report.tests.map((t) => t.title));
  let id = widest("Test", [...report.sections.map((s) => s.title), ...report.tests.map((t) => t.id)]);
  const room = () => width - 6 - num - points - result - id;
  if (room() < MIN_TITLE_WIDTH) id = Math.max(8, id - (MIN_TITLE_WIDTH - room()));
  return [num, id, Math.max(4, Math.min(titles, room())), points, result];
}

function testTable(report: GradeReport, width: number): string {
  const widths = columnWidths(report, width);
  const fit = (text: string, col: number) => wrapText(text, widths[col] - 2);
  const table = new Table({
    head: ["#", "Test", "What", "Points", "Result"].map((h) => chalk.bold(h)),
    colWidths: widths,
    chars: COMPACT,
    style: { head: [], border: chalk.level > 0 ? ["gray"] : [] },
  });
  for (const s of report.sections) {
    table.push([chalk.bold(fit(s.number, 0)), chalk.bold(fit(s.title, 1)), "", "", ""]);
    for (const t of report.tests.filter((x) => x.section === s.id)) {
      const result = statusText(t.status);
      table.push([fit(t.number, 0), fit(t.id, 1), fit(t.title, 2), { hAlign: "right", content: fit(pointsText(t), 3) }, result]);
    }
  }
  return table.toString();
}

function sectionTable(report: GradeReport, width: number): string {
  const total = totalText(report);
  const scoreWidth = Math.max("Score".length, total.length, ...report.sections.map((s) => `${s.score}/${s.max}`.length)) + 2;
  const nameWidth = Math.min(width - 3 - scoreWidth, Math.max(...report.sections.map((s) => `${s.number} ${s.title}`.length), 7) + 2);
  const table = new Table({
    head: ["Section", "Score"].map((h) => chalk.bold(h)),
    colWidths: [nameWidth, scoreWidth],
    chars: COMPACT,
    style: { head: [], border: chalk.level > 0 ? ["gray"] : [] },
  });
  for (const s of report.sections) {
    table.push([wrapText(`${s.number} ${s.title}`, nameWidth - 2), { hAlign: "right", content: `${s.score}/${s.max}` }]);
  }
  table.push([chalk.bold("Total"), { hAlign: "right", content: chalk.bold(total) }]);
  return table.toString();
}

/** What a test's code printed, each line behind a bar, wrapped. */
function printedBlock(output: string, width: number): string {
  const lines = wrapText(output.replace(/\n$/, ""), width - 6).split("\n");
  return lines.map((l) => `    | ${l}`).join("\n");
}

function failureDetail(report: GradeReport, t: CaseResult, rerunExtra: string, width: number): string {
  const parts = [hanging(`${chalk.red("✗")} `, 2, `${t.number} ${t.id}: ${t.title} (0/${t.points})`, width)];
  parts.push(wrapText(t.message.replace(/^/gm, "  "), width));
  if (t.output.trim() !== "") parts.push("  Your code printed:", printedBlock(t.output, width));
  parts.push(chalk.gray(wrapText(`  Rerun: ${rerunCommand(report.hw, t.id, rerunExtra)}`, width)));
  return parts.join("\n");
}

/** A compile error fails every test with the same message: it is shown once. */
function compileFailure(tests: readonly CaseResult[], width: number): string {
  const all = tests.length === 1 ? "The test scores" : `All ${tests.length} tests score`;
  return hanging(`${chalk.red("✗")} `, 2, `${tests[0].message}\n${all} 0 until it compiles.`, width);
}

function passingOutput(tests: readonly CaseResult[], width: number): string {
  return tests.map((t) => `${hanging(`${chalk.green("✓")} `, 2, `${t.number} ${t.id}: ${t.title}`, width)}\n${printedBlock(t.output, width)}`).join("\n\n");
}

export interface ConsoleOptions {
  /** Columns to fit (default 100). */
  width?: number;
  /** Also show what passing tests printed (else only a line saying that they did). */
  showOutput?: boolean;
}

/** The whole console report; `rerunExtra` is appended to each rerun command (e.g. " --reference"). */
export function consoleReport(report: GradeReport, rerunExtra = "", options: ConsoleOptions = {}): string {
  const width = options.width ?? REPORT_WIDTH;
  const out = [chalk.gray(wrapText(report.isolation, width)), testTable(report, width), sectionTable(report, width)];
  const uncompiled = report.tests.filter((t) => t.status === "compile-error");
  const failures = report.tests.filter((t) => t.status !== "passed" && t.status !== "not-attempted" && t.status !== "compile-error");
  const untouched = report.tests.filter((t) => t.status === "not-attempted");
  const printing = report.tests.filter((t) => t.status === "passed" && t.output.trim() !== "");
  if (uncompiled.length > 0 || failures.length > 0) {
    out.push(chalk.bold("Failures"));
    if (uncompiled.length > 0) out.push(compileFailure(uncompiled, width));
    out.push(...failures.map((t) => failureDetail(report, t, rerunExtra, width)));
  }
  if (untouched.length > 0) {
    out.push(chalk.gray(wrapText(`Not attempted yet (the stub still throws NotImplementedError): ${untouched.map((t) => t.id).join(", ")}`, width)));
  }
  if (printing.length > 0 && options.showOutput) out.push(chalk.bold("What passing tests printed"), passingOutput(printing, width));
  if (printing.length > 0 && !options.showOutput) {
    out.push(chalk.gray(wrapText(`${printing.length} passing test${printing.length === 1 ? "" : "s"} printed output; --show-output shows it.`, width)));
  }
  const part2 = challengeBlock(report, width);
  if (part2 !== undefined) out.push(part2);
  const total = totalText(report);
  const done = report.score === report.max ? chalk.green(total) : total;
  out.push(`${chalk.bold(report.hw)}: ${done} (${report.device}, ${report.seconds.toFixed(1)} s)`);
  return out.join("\n\n");
}
