/**
 * report.html, the class dashboard `grade:class` writes beside its CSV: histograms of the
 * totals and of each section, each test's pass rate (hardest first, public cases and hidden
 * ones apart), the tests that time out or crash most, how each test fails, and the table of
 * students. Every chart has its figures in a table under it, so the numbers can be read,
 * copied and checked against the CSV. One self-contained file: the page carries its script
 * and Chart.js, and loads nothing. A run that graded a challenge adds its points as one
 * more section and the class leaderboard.
 */
import type { ChallengeConfig } from "../challenge/spec.js";
import type { ClassRow } from "../class-grading.js";
import { autolabProblems, labProblems, type AutolabProblem } from "../reports/autolab.js";
import { dashboardScript } from "./bundle-client.js";
import { binLabel, hardestFirst, histogram, mostTimeoutsAndCrashes, rate, testStats, type TestInfo, type TestStats } from "./class-stats.js";
import { DATA_ELEMENT, type DashboardData, type HistogramData } from "./data.js";
import { escapeHtml, htmlPage, jsonForScript } from "./html.js";
import { leaderboardSection } from "./leaderboard-section.js";
import { OUTCOME_KINDS } from "./outcomes.js";
import { studentTable } from "./student-table.js";

export interface DashboardInput {
  hw: string;
  /** The suite's sections, in order. */
  sections: readonly { id: string; number: string; title: string }[];
  /** The tests that were graded, in suite order. */
  tests: readonly TestInfo[];
  rows: readonly ClassRow[];
  /** The folder report.html is written to: links to feedback files are relative to it. */
  dir: string;
  /** The challenge the run graded, if any. */
  challenge?: ChallengeConfig;
}

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 1em 2em; color: #212121; }
h1 { margin-bottom: 0.2em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
.summary { color: #555; } nav a { margin-right: 1em; }
.chart { position: relative; height: 260px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 1em; }
figure { margin: 0; } figcaption { font-weight: 600; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { border: 1px solid #ddd; padding: 2px 6px; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
details summary { cursor: pointer; color: #1565c0; }
.filters { display: flex; flex-wrap: wrap; gap: 1em; align-items: center; margin: 0.5em 0; }
#students td.status { max-width: 28em; overflow-wrap: anywhere; }
#students td.name { overflow-wrap: anywhere; max-width: 20em; }
`;

function percent(n: number, of: number): string {
  return `${n} (${(rate(n, of) * 100).toFixed(1)} %)`;
}

function table(id: string, head: readonly string[], body: readonly (readonly (string | number)[])[]): string {
  const rows = body.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${escapeHtml(c)}</th>` : `<td class="num">${escapeHtml(c)}</td>`)).join("")}</tr>`);
  return `<table id="${id}"><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

/** A chart's canvas with its figures under it; a horizontal bar chart of `bars` bars gets the height they need. */
function figure(canvas: string, caption: string, figures: string, bars?: number): string {
  const size = bars === undefined ? "" : ` data-bars="${bars}"`;
  return `<figure><figcaption>${escapeHtml(caption)}</figcaption><div class="chart"${size}><canvas id="${canvas}"></canvas></div>
<details><summary>Figures</summary>${figures}</details></figure>`;
}

function histogramFigure(h: HistogramData, caption: string): string {
  return figure(h.canvas, caption, table(`${h.canvas}-figures`, ["score", "students"], h.bins.map((b) => [binLabel(b), b.count])));
}

function histograms(rows: readonly ClassRow[], problems: readonly AutolabProblem[], maxTotal: number): { data: HistogramData[]; html: string } {
  const total: HistogramData = { canvas: "chart-total", label: "students", bins: histogram(rows.map((r) => r.total), maxTotal) };
  const sections = problems.map((p) => ({
    problem: p,
    data: { canvas: `chart-section-${p.name}`, label: "students", bins: histogram(rows.map((r) => r.scores[p.name] ?? 0), p.maxScore) },
  }));
  const html = `<section id="totals"><h2>Totals</h2>${histogramFigure(total, `Total score, out of ${maxTotal}`)}</section>
<section id="sections"><h2>By section</h2><div class="grid">${sections.map((s) => histogramFigure(s.data, `${s.problem.description} (${s.problem.name}), out of ${s.problem.maxScore}`)).join("")}</div></section>`;
  return { data: [total, ...sections.map((s) => s.data)], html };
}

function passRates(stats: readonly TestStats[]): string {
  const body = hardestFirst(stats).map((s) => [s.id, s.section, s.graded, percent(s.publicPassed, s.graded), percent(s.passed, s.graded), s.publicPassed - s.passed]);
  const figures = table("pass-rates", ["test", "section", "graded", "passed public cases", "passed hidden cases too", "caught by hidden cases"], body);
  return `<section id="pass-rate"><h2>Pass rate per test</h2>
<p>Hardest first. Of the students whose handin was graded: the share that passed the test's public cases, and the share that passed its hidden cases too (the test's points); hidden cases run only for those that passed the public ones.</p>
${figure("chart-pass-rates", "Pass rate per test", figures, stats.length)}</section>`;
}

function timeouts(stats: readonly TestStats[]): string {
  const worst = mostTimeoutsAndCrashes(stats);
  const body = worst.map((s) => [s.id, s.kinds.get("timeout") ?? 0, s.kinds.get("crashed") ?? 0]);
  const content =
    worst.length === 0 ? `<p id="no-timeouts">No test timed out or crashed.</p>` : figure("chart-timeouts", "Timeouts and crashes per test", table("timeouts", ["test", "timeout", "crashed"], body), worst.length);
  return `<section id="timeouts-crashes"><h2>Tests that time out or crash</h2>${content}</section>`;
}

function kindsData(stats: readonly TestStats[]): DashboardData["kinds"] {
  const labels = OUTCOME_KINDS.filter((k) => stats.some((s) => (s.kinds.get(k) ?? 0) > 0));
  return { labels: [...labels], tests: stats.map((s) => s.id), counts: labels.map((k) => stats.map((s) => s.kinds.get(k) ?? 0)) };
}

function kinds(stats: readonly TestStats[], data: DashboardData["kinds"]): string {
  const body = stats.map((s, i) => [s.id, ...data.counts.map((c) => c[i])]);
  return `<section id="failure-kinds"><h2>How each test ends</h2>
<p>Wrong values, shape or type: the outputs differ (the first output that does); threw: the code threw an error; not attempted: the stub's NotImplementedError.</p>
${figure("chart-kinds", "Outcomes per test", table("kinds", ["test", ...data.labels], body), stats.length)}</section>`;
}

/** The whole page. */
export function dashboardHtml(input: DashboardInput): string {
  const problems = input.challenge === undefined ? autolabProblems(input.sections, input.tests) : labProblems(input.hw, input.sections, input.tests);
  const maxTotal = input.tests.reduce((a, t) => a + t.points, 0) + (input.challenge?.points ?? 0);
  const stats = testStats(input.tests, input.rows);
  const hist = histograms(input.rows, problems, maxTotal);
  const kindData = kindsData(stats);
  const data: DashboardData = {
    histograms: hist.data,
    passRates: hardestFirst(stats).map((s) => ({ test: s.id, publicRate: rate(s.publicPassed, s.graded), hiddenRate: rate(s.passed, s.graded) })),
    timeouts: mostTimeoutsAndCrashes(stats).map((s) => ({ test: s.id, timeout: s.kinds.get("timeout") ?? 0, crashed: s.kinds.get("crashed") ?? 0 })),
    kinds: kindData,
  };
  const graded = input.rows.filter((r) => r.tests !== undefined).length;
  const title = `${input.hw}: class report`;
  const body = `<header><h1>${escapeHtml(title)}</h1>
<p class="summary" id="summary">${input.rows.length} students, ${graded} graded, ${input.tests.length} tests worth ${maxTotal} points.</p>
<nav><a href="#totals">Totals</a><a href="#sections">Sections</a><a href="#pass-rate">Pass rates</a><a href="#timeouts-crashes">Timeouts and crashes</a><a href="#failure-kinds">Outcomes</a>${input.challenge === undefined ? "" : `<a href="#leaderboard-section">Leaderboard</a>`}<a href="#students-section">Students</a></nav></header>
${hist.html}
${passRates(stats)}
${timeouts(stats)}
${kinds(stats, kindData)}
${input.challenge === undefined ? "" : leaderboardSection(input.rows, input.challenge)}
<section id="students-section"><h2>Students</h2>${studentTable(input.rows, problems, input.tests, input.dir)}</section>
<script type="application/json" id="${DATA_ELEMENT}">${jsonForScript(data)}</script>`;
  return htmlPage({ title, style: STYLE, body, script: dashboardScript() });
}
