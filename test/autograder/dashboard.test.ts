/**
 * The class dashboard. Its figures are computed from synthetic rows first; then a class of
 * 30 hw1 handins (copies of the reference with planted bugs of every kind, one with a name
 * that is an HTML tag, one empty) is graded on the linear tests by `npm run grade:class`,
 * and report.html is opened in headless Chromium: it must load nothing, log no error, run
 * no injected script, and show exactly the numbers of grades.csv and grades-tests.csv;
 * its filters and links must work.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClassRow, TestOutcome } from "../../autograder/src/class-grading.js";
import { histogram, testStats, type TestInfo } from "../../autograder/src/dashboard/class-stats.js";
import { escapeHtml, jsonForScript, relativeHref } from "../../autograder/src/dashboard/html.js";
import { outcomeKind } from "../../autograder/src/dashboard/outcomes.js";
import { dashboardHtml } from "../../autograder/src/dashboard/page.js";
import { testsCsv } from "../../autograder/src/dashboard/tests-csv.js";
import { artifactsDir, launchChromium, noBrowser, openFile, type PageProblems } from "./browser.js";
import { writeHandin, type HandinCase } from "./handins.js";
import { runKit } from "./kit-cli.js";
import type { Edit } from "./submission.js";

const work = mkdtempSync(join(tmpdir(), "kit-dashboard-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
if (noBrowser) console.warn(`dashboard.test.ts: browser tests ${noBrowser}`);

const XSS = "<img src=x onerror=alert(1)>";

describe("class statistics", () => {
  const tests: TestInfo[] = [
    { id: "a.one", section: "a", title: "one", points: 2 },
    { id: "a.two", section: "a", title: "two", points: 3 },
    { id: "b.bonus", section: "b", title: "bonus", points: 1, bonus: true },
  ];
  const row = (student: string, total: number, outcomes?: TestOutcome[]): ClassRow => ({
    student,
    status: outcomes ? "graded" : "no handin: empty",
    scores: {},
    total,
    max: 6,
    feedback: join(work, "fb", `${student}.txt`),
    tests: outcomes,
  });
  const rows = [
    row("p", 6, [{ id: "a.one", status: "passed" }, { id: "a.two", status: "passed" }, { id: "b.bonus", status: "passed" }]),
    row("h", 3, [{ id: "a.one", status: "failed", failedOn: "hidden", failedBy: "values" }, { id: "a.two", status: "passed" }, { id: "b.bonus", status: "timeout", failedOn: "public" }]),
    row("s", 0, [{ id: "a.one", status: "failed", failedOn: "public", failedBy: "shape" }, { id: "a.two", status: "error", failedOn: "public" }, { id: "b.bonus", status: "not-attempted", failedOn: "public" }]),
    row("n", 0),
  ];

  it("counts per test the graded students, those past the public cases, and those past the hidden ones too", () => {
    const stats = testStats(tests, rows);
    expect(stats.map((s) => [s.id, s.graded, s.publicPassed, s.passed])).toEqual([
      ["a.one", 3, 2, 1],
      ["a.two", 3, 2, 2],
      ["b.bonus", 3, 1, 1],
    ]);
    expect(Object.fromEntries(stats[0].kinds)).toMatchObject({ passed: 1, "wrong values": 1, "wrong shape": 1, threw: 0 });
    expect(Object.fromEntries(stats[2].kinds)).toMatchObject({ passed: 1, timeout: 1, "not attempted": 1 });
  });

  it("names each outcome kind from the status and, for a failed comparison, its first failed check", () => {
    const kinds = (["values", "shape", "type", "dtype", "rule"] as const).map((failedBy) => outcomeKind({ id: "x", status: "failed", failedBy }));
    expect(kinds).toEqual(["wrong values", "wrong shape", "wrong type", "wrong type", "broken rule"]);
    expect(outcomeKind({ id: "x", status: "crashed" })).toBe("crashed");
    expect(outcomeKind({ id: "x", status: "compile-error" })).toBe("does not compile");
  });

  it("bins scores one point per bin up to 20 bins, and in 20 wider bins beyond, every score in exactly one", () => {
    expect(histogram([0, 1, 1, 13, 14], 13).map((b) => [b.from, b.to, b.count])).toEqual([
      [0, 0, 1],
      [1, 1, 2],
      ...Array.from({ length: 11 }, (_, i) => [i + 2, i + 2, 0]),
      [13, 13, 2],
    ]);
    const wide = histogram([0, 5, 6, 60, 124, 125], 125);
    expect(wide).toHaveLength(20);
    expect([wide[0].from, wide.at(-1)!.to]).toEqual([0, 125]);
    for (let i = 1; i < wide.length; i++) expect(wide[i].from).toBe(wide[i - 1].to + 1);
    expect(wide.reduce((a, b) => a + b.count, 0)).toBe(6);
  });

  it("writes one per-test CSV row per graded student and test, names that look like formulas as text", () => {
    const lines = testsCsv([{ ...rows[1], student: "=cmd()" }, rows[3]]).trimEnd().split("\n");
    expect(lines).toEqual([
      "student,test,status,failed_on,failed_by,outcome",
      "'=cmd(),a.one,failed,hidden,values,wrong values",
      "'=cmd(),a.two,passed,,,passed",
      "'=cmd(),b.bonus,timeout,public,,timeout",
    ]);
  });

  it("escapes text for HTML and JSON in a script element, and percent-encodes links", () => {
    expect(escapeHtml(`${XSS}"'&`)).toBe("&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;");
    expect(jsonForScript({ s: "</script><script>alert(1)</script>" })).not.toContain("<");
    expect(relativeHref("/a", "/a/feedback/x #?%.txt")).toBe("feedback/x%20%23%3F%25.txt");
  });

  it("puts no student's name into the page as markup", () => {
    const html = dashboardHtml({ hw: "hw1", sections: [{ id: "a", number: "1", title: "A" }, { id: "b", number: "2", title: "B" }], tests, rows: [{ ...rows[0], student: XSS }], dir: work });
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });
});

const FORWARD = "return A.matmul(this.W.transpose()).add(this.b);";
const BIAS = "this.dLdb = dLdZ.sum(0);";
const BACKWARD = "return dLdZ.matmul(this.W);";
const INIT = "const k = 1 / Math.sqrt(inFeatures);";
const IMPORTS = 'import { ShapeError, ValueError, zeros, type Device, type DType, type Generator, type NDArray } from "#ndarray";';

/** Planted bugs in hw1/linear.ts, each ending the linear tests a different way. */
const BUGS: Record<string, Edit[]> = {
  values: [{ file: "linear.ts", find: FORWARD, replace: FORWARD.replace(".add(", ".sub(") }],
  shape: [{ file: "linear.ts", find: BIAS, replace: "this.dLdb = dLdZ.sum(0, true);" }],
  threw: [{ file: "linear.ts", find: BACKWARD, replace: "return dLdZ.matmul(this.W.transpose());" }],
  hidden: [{ file: "linear.ts", find: FORWARD, replace: `if (A.shape[0] === 1) return A.matmul(this.W.transpose());\n    ${FORWARD}` }],
  timeout: [{ file: "linear.ts", find: BACKWARD, replace: `for (;;);\n    ${BACKWARD}` }],
  crash: [{ file: "linear.ts", find: BACKWARD, replace: "process.exit(3);" }],
  stub: [
    { file: "linear.ts", find: IMPORTS, replace: IMPORTS.replace("ShapeError,", "NotImplementedError, ShapeError,") },
    { file: "linear.ts", find: FORWARD, replace: 'throw new NotImplementedError("Linear.forward");' },
  ],
  init: [{ file: "linear.ts", find: INIT, replace: "const k = 1 / inFeatures;" }],
  compile: [{ file: "linear.ts", find: FORWARD, replace: FORWARD.slice(0, -2) }],
};

/** 28 numbered students (every third honest, the others with the bugs in turn), the tag-named one, and an empty handin. */
function classHandins(): HandinCase[] {
  const names = Object.keys(BUGS);
  const numbered = Array.from({ length: 28 }, (_, i) => {
    const bug = i % 3 === 0 ? undefined : names[(i - 1 - Math.floor(i / 3)) % names.length];
    return { name: `student-${String(i + 1).padStart(2, "0")}${bug ? `-${bug}` : ""}`, edits: bug ? BUGS[bug] : [], total: 0 };
  });
  return [...numbered, { name: XSS, edits: [], total: 0 }, { name: "empty", edits: [], kind: "empty", total: 0 }];
}

type CsvRecord = Record<string, string>;

function readCsv(file: string): CsvRecord[] {
  return parse(readFileSync(file, "utf8"), { columns: true });
}

/** A student's name as grades.csv writes it: a leading quote before formula-like text. */
function csvName(student: string): string {
  return /^[=+\-@\t\r]/.test(student) ? `'${student}` : student;
}

/** The rows of a table as text cells. */
function tableText(page: Page, selector: string): Promise<string[][]> {
  return page.$$eval(`${selector} tbody tr`, (trs) => trs.map((tr) => Array.from(tr.children, (c) => (c.textContent ?? "").trim())));
}

/** The students whose rows the filters leave visible. */
function shownStudents(page: Page): Promise<string[]> {
  return page.$$eval("#students tbody tr:not([hidden]) td.name a", (as) => as.map((a) => a.textContent ?? ""));
}

/** Counts per histogram bin, from the labels "a" or "a–b", of the given scores. */
function binCounts(rows: string[][], scores: number[]): [string, number][] {
  return rows.map(([label]) => {
    const [from, to] = label.split("–").map(Number);
    return [label, scores.filter((s) => s >= from && s <= (to ?? from)).length];
  });
}

describe.skipIf(noBrowser !== undefined)("report.html in Chromium, for a graded class of 30", () => {
  const classDir = join(work, "class");
  const outDir = join(work, "out");
  const csvPath = join(outDir, "grades.csv");
  let browser: Browser;
  let page: Page;
  let problems: PageProblems;
  let grades: CsvRecord[];
  let outcomes: CsvRecord[];
  let shots: string;

  beforeAll(async () => {
    mkdirSync(classDir);
    mkdirSync(outDir);
    for (const h of classHandins()) writeHandin(h, classDir);
    const run = runKit("grade-class-cli.ts", ["hw1", classDir, "--out", csvPath, "--only", "linear", "--jobs", "2", "--timeout", "1500", "--memory", "512"]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(join(outDir, "report.html"));
    grades = readCsv(csvPath);
    outcomes = readCsv(join(outDir, "grades-tests.csv"));
    shots = artifactsDir("dashboard");
    browser = await launchChromium();
    ({ page, problems } = await openFile(browser, join(outDir, "report.html")));
    await page.screenshot({ path: join(shots, "report.png"), fullPage: true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("grades every handin, with outcomes of every kind the bugs plant", () => {
    expect(grades).toHaveLength(30);
    const kinds = new Set(outcomes.map((o) => o.outcome));
    for (const k of ["passed", "wrong values", "wrong shape", "threw", "timeout", "crashed", "not attempted", "does not compile"]) expect(kinds, k).toContain(k);
    expect(outcomes.some((o) => o.failed_on === "hidden")).toBe(true);
  });

  it("loads nothing from the network, logs no error and runs no injected script; the tag-named handin shows as text", async () => {
    expect(problems).toEqual({ consoleErrors: [], pageErrors: [], dialogs: [], requests: [] });
    expect(await page.locator("#students img").count()).toBe(0);
    expect(await shownStudents(page)).toContain(XSS);
  });

  it("draws every chart", async () => {
    const drawn = await page.$$eval("canvas", (cs) =>
      cs.map((c) => {
        const { data } = c.getContext("2d")!.getImageData(0, 0, c.width, c.height);
        return { id: c.id, painted: data.some((v, i) => i % 4 === 3 && v > 0) };
      }),
    );
    expect(drawn.map((d) => d.id).sort()).toEqual(["chart-kinds", "chart-pass-rates", "chart-section-linear", "chart-timeouts", "chart-total"]);
    for (const d of drawn) expect(d.painted, d.id).toBe(true);
  });

  it("shows each student's status, section score, total and maximum as grades.csv has them", async () => {
    const table = await tableText(page, "#students");
    expect(table.map((r) => csvName(r[0]))).toEqual(grades.map((g) => g.student));
    expect(table.map((r) => r.slice(1, 5))).toEqual(grades.map((g) => [g.status, g.linear, g.total, g.max]));
  });

  it("shows histograms whose counts are grades.csv's totals and section scores, binned", async () => {
    const totals = await tableText(page, "#chart-total-figures");
    expect(totals.map(([label, count]) => [label, Number(count)])).toEqual(binCounts(totals, grades.map((g) => Number(g.total))));
    const linear = await tableText(page, "#chart-section-linear-figures");
    expect(linear.map(([label, count]) => [label, Number(count)])).toEqual(binCounts(linear, grades.map((g) => Number(g.linear))));
    expect(totals.reduce((a, r) => a + Number(r[1]), 0)).toBe(30);
  });

  it("shows per-test pass rates, public and hidden, equal to those computed from grades-tests.csv, hardest first", async () => {
    const table = await tableText(page, "#pass-rates");
    const pct = (n: number, of: number) => `${n} (${((100 * n) / of).toFixed(1)} %)`;
    const expected = [...new Set(outcomes.map((o) => o.test))].map((test) => {
      const mine = outcomes.filter((o) => o.test === test);
      const pub = mine.filter((o) => o.status === "passed" || o.failed_on === "hidden").length;
      const passed = mine.filter((o) => o.status === "passed").length;
      return { test, row: [test, "linear", String(mine.length), pct(pub, mine.length), pct(passed, mine.length), String(pub - passed)], rate: passed / mine.length };
    });
    expect(table.map((r) => r[0]).sort()).toEqual(expected.map((e) => e.test).sort());
    for (const r of table) expect(r).toEqual(expected.find((e) => e.test === r[0])!.row);
    const rates = table.map((r) => expected.find((e) => e.test === r[0])!.rate);
    expect(rates).toEqual([...rates].sort((a, b) => a - b));
    expect(new Set(rates).size).toBeGreaterThan(1);
  });

  it("counts timeouts, crashes and each kind of outcome per test as grades-tests.csv has them", async () => {
    const count = (test: string, field: "status" | "outcome", value: string) => outcomes.filter((o) => o.test === test && o[field] === value).length;
    const timeouts = await tableText(page, "#timeouts");
    expect(timeouts.length).toBeGreaterThan(0);
    for (const [test, timeout, crashed] of timeouts) expect([Number(timeout), Number(crashed)]).toEqual([count(test, "status", "timeout"), count(test, "status", "crashed")]);
    const head = await page.$$eval("#kinds thead th", (ths) => ths.map((th) => th.textContent ?? ""));
    for (const row of await tableText(page, "#kinds")) {
      expect(row.slice(1).map(Number)).toEqual(head.slice(1).map((kind) => count(row[0], "outcome", kind)));
    }
  });

  it("filters students by name, status, a test not passed and total, and says how many are shown", async () => {
    await page.fill("#filter-name", "timeout");
    expect(await shownStudents(page)).toEqual(grades.filter((g) => g.student.includes("timeout")).map((g) => g.student));
    await page.fill("#filter-name", "");
    await page.selectOption("#filter-status", "no handin");
    expect(await shownStudents(page)).toEqual(["empty"]);
    await page.selectOption("#filter-status", "");
    await page.selectOption("#filter-test", "linear.forward");
    const failedForward = new Set(outcomes.filter((o) => o.test === "linear.forward" && o.status !== "passed").map((o) => o.student));
    expect(await shownStudents(page)).toEqual(grades.filter((g) => failedForward.has(g.student)).map((g) => g.student));
    await page.screenshot({ path: join(shots, "report-filtered.png"), fullPage: true });
    await page.selectOption("#filter-test", "");
    await page.fill("#filter-min", "13");
    const full = grades.filter((g) => Number(g.total) >= 13);
    expect(await shownStudents(page)).toEqual(full.map((g) => g.student));
    expect(await page.textContent("#shown-count")).toBe(`${full.length} of 30 students shown`);
    await page.fill("#filter-min", "");
  });

  it("links each student to their feedback file, the tag-named one too", async () => {
    const hrefs = await page.$$eval("#students td.name a", (as) => as.map((a) => (a instanceof HTMLAnchorElement ? a.href : "")));
    expect(hrefs.map((h) => fileURLToPath(h))).toEqual(grades.map((g) => join(outDir, g.feedback)));
    await page.click(`#students td.name a >> text="${XSS}"`);
    await page.waitForURL(/feedback/);
    expect(fileURLToPath(page.url())).toBe(join(outDir, "feedback", `${XSS}.txt`));
    expect((await page.textContent("body"))?.trim()).toBe(readFileSync(join(outDir, "feedback", `${XSS}.txt`), "utf8").trim());
    await page.goBack();
  });
});

describe.skipIf(noBrowser !== undefined)("report.html in Chromium, for the whole hw1 suite and 100 synthetic students", () => {
  it("draws a section histogram per section and the bonus, with no error", async () => {
    const { loadSuite } = await import("../../autograder/suites/index.js");
    const suite = await loadSuite("hw1");
    const statuses: TestOutcome["status"][] = ["passed", "passed", "passed", "failed", "error", "timeout", "not-attempted", "crashed"];
    const rows: ClassRow[] = Array.from({ length: 100 }, (_, i) => {
      const tests = suite.cases.map((c, j) => ({ id: c.id, status: statuses[(i * 7 + j * 3) % statuses.length], failedOn: "public" as const, failedBy: "values" as const }));
      const passed = new Set(tests.filter((t) => t.status === "passed").map((t) => t.id));
      const scores: Record<string, number> = {};
      for (const c of suite.cases) if (passed.has(c.id)) scores[c.bonus ? "bonus" : c.section] = (scores[c.bonus ? "bonus" : c.section] ?? 0) + c.points;
      const total = Object.values(scores).reduce((a, b) => a + b, 0);
      return { student: `s${i}`, status: "graded", scores, total, max: 125, feedback: join(work, "feedback", `s${i}.txt`), tests };
    });
    const file = join(work, "synthetic", "report.html");
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, dashboardHtml({ hw: "hw1", sections: suite.sections, tests: suite.cases, rows, dir: dirname(file) }));
    const browser = await launchChromium();
    try {
      const { page, problems } = await openFile(browser, file);
      expect(problems).toEqual({ consoleErrors: [], pageErrors: [], dialogs: [], requests: [] });
      const canvases = await page.$$eval("canvas[id^=chart-section-]", (cs) => cs.map((c) => c.id));
      expect(canvases).toEqual([...new Set(suite.cases.filter((c) => !c.bonus).map((c) => c.section))].map((s) => `chart-section-${s}`).concat("chart-section-bonus"));
      expect(await page.$$eval("#pass-rates tbody tr", (trs) => trs.length)).toBe(suite.cases.length);
      // A whole-page capture of a page this tall (over 8192 px) repeats tiles in headless Chromium: the first screen only.
      await page.screenshot({ path: join(artifactsDir("dashboard"), "report-hw1-synthetic.png") });
    } finally {
      await browser.close();
    }
  });
});
