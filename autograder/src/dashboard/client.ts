/// <reference lib="dom" />
/**
 * The script of report.html, bundled with Chart.js into the page (bundle-client.ts): it
 * draws the charts from the page's data element and filters the table of students. It
 * reads student text only from the table's own cells and attributes, never as markup.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from "chart.js";
import { binLabel } from "./class-stats.js";
import { DATA_ELEMENT, type DashboardData } from "./data.js";
import { OUTCOME_KINDS } from "./outcomes.js";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/** Pixels of height per bar of a horizontal bar chart, and around them (the page's charts are 260 px otherwise). */
const BAR_PX = 22;
const CHART_PAD_PX = 80;

/** One colour per outcome kind, in OUTCOME_KINDS' order (green for "passed"), whichever kinds a class shows. */
const KIND_COLOURS = ["#2e7d32", "#c62828", "#ef6c00", "#ad1457", "#6a1b9a", "#1565c0", "#4e342e", "#000000", "#9e9e9e", "#cfd8dc", "#f9a825"];

function element<T extends HTMLElement>(id: string, type: new () => T): T {
  const el = document.getElementById(id);
  if (!(el instanceof type)) throw new Error(`report.html has no ${type.name} #${id}`);
  return el;
}

function bars(canvas: string, labels: string[], datasets: { label: string; data: number[]; backgroundColor: string }[], opts: { horizontal?: boolean; stacked?: boolean; percent?: boolean }): void {
  const axis = { stacked: opts.stacked ?? false, beginAtZero: true, ...(opts.percent ? { max: 100, ticks: { callback: (v: string | number) => `${v} %` } } : {}) };
  new Chart(element(canvas, HTMLCanvasElement), {
    type: "bar",
    data: { labels, datasets },
    options: {
      animation: false,
      maintainAspectRatio: false,
      indexAxis: opts.horizontal ? "y" : "x",
      scales: opts.horizontal ? { x: axis, y: { stacked: opts.stacked ?? false } } : { x: { stacked: opts.stacked ?? false }, y: axis },
      plugins: { legend: { display: datasets.length > 1 } },
    },
  });
}

function drawCharts(data: DashboardData): void {
  for (const box of Array.from(document.querySelectorAll<HTMLElement>(".chart[data-bars]"))) {
    box.style.height = `${Number(box.dataset.bars) * BAR_PX + CHART_PAD_PX}px`;
  }
  for (const h of data.histograms) {
    bars(h.canvas, h.bins.map(binLabel), [{ label: h.label, data: h.bins.map((b) => b.count), backgroundColor: "#1565c0" }], {});
  }
  const tests = data.passRates.map((p) => p.test);
  bars(
    "chart-pass-rates",
    tests,
    [
      { label: "public cases", data: data.passRates.map((p) => Math.round(p.publicRate * 1000) / 10), backgroundColor: "#90caf9" },
      { label: "hidden cases too", data: data.passRates.map((p) => Math.round(p.hiddenRate * 1000) / 10), backgroundColor: "#1565c0" },
    ],
    { horizontal: true, percent: true },
  );
  if (data.timeouts.length > 0) {
    bars(
      "chart-timeouts",
      data.timeouts.map((t) => t.test),
      [
        { label: "timeout", data: data.timeouts.map((t) => t.timeout), backgroundColor: "#1565c0" },
        { label: "crashed", data: data.timeouts.map((t) => t.crashed), backgroundColor: "#4e342e" },
      ],
      { horizontal: true, stacked: true },
    );
  }
  bars(
    "chart-kinds",
    data.kinds.tests,
    data.kinds.labels.map((label, i) => ({ label, data: data.kinds.counts[i], backgroundColor: KIND_COLOURS[OUTCOME_KINDS.findIndex((k) => k === label)] })),
    { horizontal: true, stacked: true },
  );
}

/** Shows the students' rows that every filter admits, and says how many. */
function setUpFilters(): void {
  const name = element("filter-name", HTMLInputElement);
  const status = element("filter-status", HTMLSelectElement);
  const test = element("filter-test", HTMLSelectElement);
  const min = element("filter-min", HTMLInputElement);
  const max = element("filter-max", HTMLInputElement);
  const shown = element("shown-count", HTMLElement);
  const rows = Array.from(element("students", HTMLTableElement).tBodies[0].rows);
  const apply = () => {
    const text = name.value.trim().toLowerCase();
    const lo = min.value === "" ? -Infinity : Number(min.value);
    const hi = max.value === "" ? Infinity : Number(max.value);
    let count = 0;
    for (const row of rows) {
      const d = row.dataset;
      const total = Number(d.total);
      const ok =
        (text === "" || (d.name ?? "").toLowerCase().includes(text)) &&
        (status.value === "" || d.status === status.value) &&
        (test.value === "" || (d.failed ?? "").split(" ").includes(test.value)) &&
        total >= lo &&
        total <= hi;
      row.hidden = !ok;
      if (ok) count++;
    }
    shown.textContent = `${count} of ${rows.length} students shown`;
  };
  for (const input of [name, status, test, min, max]) input.addEventListener("input", apply);
  apply();
}

const source = element(DATA_ELEMENT, HTMLScriptElement).textContent ?? "null";
const parsed: DashboardData = JSON.parse(source);
drawCharts(parsed);
setUpFilters();
