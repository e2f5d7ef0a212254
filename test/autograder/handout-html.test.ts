/**
 * The write-ups as the HTML pages a student's handout holds (treeFiles' `handouts/hwN.html`
 * and `ndarray/NDARRAY.html`), written to a temporary folder in the handout's layout and
 * opened from file: URLs in headless Chromium: each loads nothing, logs no error, has every
 * `#…` link land on an element, every link to a sibling page land on a page the handout
 * has, every figure loaded and drawn with a size, every formula typeset (KaTeX's fonts
 * loaded, no `.katex-error`), a table of contents naming every `##` heading, and (for a
 * homework) the rubric as a table, row for row. The first screen of each is saved to
 * build/handout-screens/.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderHandoutHtml } from "../../autograder/src/handout-html.js";
import { treeFiles, type TreeFile } from "../../autograder/src/package/tree.js";
import { KIT_ROOT } from "../../autograder/src/paths.js";
import { RUBRIC_BEGIN, RUBRIC_END } from "../../autograder/src/rubric.js";
import { homeworks } from "../../autograder/suites/index.js";
import { launchChromium, noBrowser, openFile } from "./browser.js";

const work = mkdtempSync(join(tmpdir(), "kit-handout-html-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
if (noBrowser) console.warn(`handout-html.test.ts: browser tests ${noBrowser}`);

const SCREENS = join(KIT_ROOT, "build/handout-screens");

/**
 * The contents' top entries for `markdown`, as a page shows them (no backticks or emphasis
 * marks): its `##` headings outside fenced code, and any `###` before the first of them,
 * which has no `##` to sit under.
 */
function topHeadings(markdown: string): string[] {
  let fenced = false;
  const headings: string[] = [];
  let seenLevel2 = false;
  for (const line of markdown.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    else if (!fenced && (line.startsWith("## ") || (!seenLevel2 && line.startsWith("### ")))) {
      seenLevel2 ||= line.startsWith("## ");
      headings.push(line.replace(/^#+ /, "").replace(/[`*]/g, "").trim());
    }
  }
  return headings;
}

/** The rubric's rows in the Markdown: the table lines between the markers, less its header and rule. */
function rubricRows(markdown: string): number {
  const lines = markdown.split("\n");
  return lines.slice(lines.indexOf(RUBRIC_BEGIN) + 1, lines.indexOf(RUBRIC_END)).filter((l) => l.startsWith("|")).length - 2;
}

/** The figures `markdown` shows: its image links to files under figures/. */
function figureLinks(markdown: string): number {
  return [...markdown.matchAll(/!\[[^\]]*\]\(figures\//g)].length;
}

const textOf = (f: TreeFile): string => ("text" in f ? f.text : readFileSync(f.from, "utf8"));

describe("renderHandoutHtml", () => {
  const page = renderHandoutHtml(
    ["# T", "", "## A `b` c", "", "### Sub", "", "## A `b` c", "", "[guide](../ndarray/NDARRAY.md#x) [web](https://example.org/a.md) [here](#a-b-c)", "", "<script>alert(1)</script>", "", "| a | b |", "|---|--:|", "| 1 | 2 |"].join("\n"),
    "T <x>",
    { file: "t.md", dir: work },
  );

  it("puts a ### that comes before any ## at the top of the contents", () => {
    const intro = renderHandoutHtml(["# T", "", "### One", "", "### Two", "", "## A", "", "### Three"].join("\n"), "T", { file: "t.md", dir: work });
    expect(intro).toContain('<ul><li><a href="#one">One</a></li><li><a href="#two">Two</a></li><li><a href="#a">A</a><ul><li><a href="#three">Three</a></li></ul></li></ul></nav>');
  });

  it("gives headings GitHub's anchors, numbering repeats, and lists ## and ### in the contents", () => {
    expect(page).toContain('<h2 id="a-b-c">A <code>b</code> c</h2>');
    expect(page).toContain('<h2 id="a-b-c-1">');
    expect(page).toContain('<nav class="toc" aria-label="Contents"><p class="toc-title">Contents</p><ul><li><a href="#a-b-c">A b c</a><ul><li><a href="#sub">Sub</a></li></ul></li><li><a href="#a-b-c-1">A b c</a></li></ul></nav>');
  });

  it("points relative .md links at the .html pages and leaves other links alone", () => {
    expect(page).toContain('href="../ndarray/NDARRAY.html#x"');
    expect(page).toContain('href="https://example.org/a.md"');
    expect(page).toContain('href="#a-b-c"');
  });

  it("aligns a table column by a class, never a style attribute the page's policy would block", () => {
    expect(page).toContain('<th class="align-right">b</th>');
    expect(page).toContain('<td class="align-right">2</td>');
    expect(page).not.toMatch(/ style=/);
  });

  it("typesets $…$ and $$…$$ with KaTeX, with no style attribute and the fonts inline", () => {
    const math = renderHandoutHtml(["# M", "", "Inline $x^2$ and", "", "$$", "\\frac{\\partial L}{\\partial W}", "$$"].join("\n"), "M", { file: "m.md", dir: work });
    expect(math).toMatch(/<span class="katex">.*<annotation encoding="application\/x-tex">x\^2<\/annotation>/s);
    expect(math).toContain('<p class="katex-block">');
    expect(math).not.toMatch(/ style=/);
    expect(math).toMatch(/\.ks0\{[^}]*!important/);
    expect(math).toContain("src:url(data:font/woff2;base64,");
    expect(math).not.toContain("katex-error");
  });

  it("a formula KaTeX cannot typeset stops the build, naming file, line and formula", () => {
    expect(() => renderHandoutHtml(["# M", "", "fine $x$", "broken $\\frac{a$ here"].join("\n"), "M", { file: "handouts/m.md", dir: work })).toThrow(
      /^handouts\/m\.md:4: cannot typeset \$\\frac\{a\$: KaTeX parse error/,
    );
  });

  it("inlines a figure as a data: URL and names a missing one", () => {
    mkdirSync(join(work, "figures"), { recursive: true });
    writeFileSync(join(work, "figures/box.svg"), '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    const withFigure = renderHandoutHtml("![a box](figures/box.svg)", "F", { file: "f.md", dir: work });
    expect(withFigure).toContain(`<img src="data:image/svg+xml;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>').toString("base64")}" alt="a box">`);
    expect(() => renderHandoutHtml("![gone](figures/gone.svg)", "F", { file: "f.md", dir: work })).toThrow("f.md: the figure figures/gone.svg does not exist");
  });

  it("keeps raw HTML as text and the title escaped", () => {
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page).toContain("<title>T &lt;x&gt;</title>");
  });
});

describe.skipIf(noBrowser !== undefined)("the handout's HTML pages in Chromium", () => {
  let browser: Browser;
  const markdowns = new Map<string, string>();
  /** Every file each homework's handout has, by its path inside the handout. */
  const shipped = new Map<string, Set<string>>();

  beforeAll(async () => {
    for (const hw of homeworks()) {
      const files = new Map(treeFiles(hw, "handout").map((f) => [f.path, f]));
      shipped.set(hw, new Set(files.keys()));
      for (const path of [`handouts/${hw}.html`, "ndarray/NDARRAY.html"]) {
        const html = files.get(path);
        if (html === undefined) throw new Error(`${hw}'s handout has no ${path}`);
        const file = join(work, hw, path);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, textOf(html));
      }
      markdowns.set(hw, readFileSync(join(KIT_ROOT, "handouts", `${hw}.md`), "utf8"));
    }
    mkdirSync(SCREENS, { recursive: true });
    browser = await launchChromium();
    // Five handout trees and a browser start: seconds alone, far more on a loaded CI machine.
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
  });

  /** Opens `hw`'s handout page `path` and returns what the assertions need, with its first screen saved as `screen`. */
  async function inspect(hw: string, path: string, screen: string) {
    const root = join(work, hw);
    const file = join(root, path);
    const { page, problems } = await openFile(browser, file);
    const seen = await page.evaluate(() => ({
      brokenAnchors: Array.from(document.querySelectorAll('a[href^="#"]'), (a) => a.getAttribute("href") ?? "")
        .filter((h) => document.getElementById(decodeURIComponent(h.slice(1))) === null),
      pageLinks: Array.from(document.querySelectorAll<HTMLAnchorElement>("a[href]"), (a) => a.href).filter((h) => h.startsWith("file:")),
      unloadedImages: Array.from(document.images).filter((i) => !i.complete || i.naturalWidth === 0).map((i) => i.alt),
      invisibleImages: Array.from(document.images).filter((i) => i.getBoundingClientRect().width === 0 || i.getBoundingClientRect().height === 0).map((i) => i.alt),
      images: document.images.length,
      math: document.querySelectorAll(".katex").length,
      mathErrors: Array.from(document.querySelectorAll(".katex-error"), (e) => e.getAttribute("title") ?? e.textContent ?? ""),
      untypeset: (() => {
        const prose = document.querySelector("main")?.cloneNode(true);
        if (!(prose instanceof HTMLElement)) return ["no <main>"];
        prose.querySelectorAll("pre, code, .katex").forEach((e) => e.remove());
        return (prose.textContent ?? "").split("\n").filter((l) => l.includes("$$"));
      })(),
      mathFont: document.fonts.check("16px KaTeX_Main") && document.fonts.check("16px KaTeX_Math"),
      toc: Array.from(document.querySelectorAll("nav.toc > ul > li > a"), (a) => a.textContent ?? ""),
      rubricHeader: Array.from(document.querySelectorAll("table#rubric thead th"), (th) => th.textContent ?? ""),
      rubricRows: document.querySelectorAll("table#rubric tbody tr").length,
    }));
    await page.screenshot({ path: screen });
    await page.close();
    const handout = shipped.get(hw) ?? new Set<string>();
    const missingPages = seen.pageLinks.map((h) => relative(root, fileURLToPath(h.split("#")[0]))).filter((p) => !handout.has(p));
    return { ...seen, problems, missingPages };
  }

  // The pages are independent: Chromium lays them out side by side, each in its own renderer.
  it.concurrent.for(homeworks())("%s: loads nothing, every link lands, figures and formulas show, the contents list every ## heading, the rubric is a table", async (hw, { expect }) => {
    const markdown = markdowns.get(hw) ?? "";
    const seen = await inspect(hw, `handouts/${hw}.html`, join(SCREENS, `${hw}.png`));
    expect(seen.problems).toEqual({ consoleErrors: [], pageErrors: [], dialogs: [], requests: [] });
    expect(seen.brokenAnchors).toEqual([]);
    expect(seen.missingPages).toEqual([]);
    expect(seen.pageLinks.some((h) => h.includes("/ndarray/NDARRAY.html"))).toBe(true);
    expect(seen.unloadedImages).toEqual([]);
    expect(seen.invisibleImages).toEqual([]);
    expect(seen.images).toBe(figureLinks(markdown));
    expect(seen.mathErrors).toEqual([]);
    expect(seen.untypeset).toEqual([]);
    if (seen.math > 0) expect(seen.mathFont).toBe(true);
    expect(seen.toc).toEqual(topHeadings(markdown));
    expect(seen.rubricHeader).toEqual(["#", "Test", "What it checks", "Points"]);
    expect(seen.rubricRows).toBe(rubricRows(markdown));
    expect(seen.rubricRows).toBeGreaterThan(0);
  });

  it.concurrent("the NDArray guide: loads nothing, its #… links land", async ({ expect }) => {
    const seen = await inspect(homeworks()[0], "ndarray/NDARRAY.html", join(SCREENS, "NDARRAY.png"));
    expect(seen.problems).toEqual({ consoleErrors: [], pageErrors: [], dialogs: [], requests: [] });
    expect(seen.brokenAnchors).toEqual([]);
    expect(seen.missingPages).toEqual([]);
    expect(seen.toc.length).toBeGreaterThan(5);
    expect(seen.mathErrors).toEqual([]);
    expect(seen.unloadedImages).toEqual([]);
  });
});
