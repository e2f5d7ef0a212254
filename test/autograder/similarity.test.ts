/**
 * The similarity check. Its parts first (tokens, winnowing, scores), then a generated
 * class of 31 hw1 handins (test/autograder/similarity-class.ts): the reference, the same
 * with renamed locals and reversed classes and methods, a partial copy, the untouched
 * stubs, and 27 independent students, one with a name that is an HTML tag, three as folders.
 * The copied pairs must rank first and score at least the threshold, every independent pair
 * below it, and the stubs 0 against everyone; `npm run similarity` writes the ranking as
 * CSV and HTML, and the page, opened in headless Chromium, must show the CSV's numbers,
 * run nothing injected, load nothing, and link each pair to its shared code.
 */
import { mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classSimilarity, DEFAULT_THRESHOLD, type ClassSimilarity } from "../../autograder/src/similarity/class-similarity.js";
import { fingerprint, templateHashes } from "../../autograder/src/similarity/fingerprints.js";
import { sharedFragments } from "../../autograder/src/similarity/fragments.js";
import { rankPairs } from "../../autograder/src/similarity/rank.js";
import { tokenize } from "../../autograder/src/similarity/tokens.js";
import { K, W, winnow } from "../../autograder/src/similarity/winnow.js";
import { artifactsDir, launchChromium, noBrowser, openFile, type PageProblems } from "./browser.js";
import { runKit } from "./kit-cli.js";
import { ORIGINAL, PARTIAL, PARTIAL_FILES, RENAMED, STUB, writeSimilarityClass } from "./similarity-class.js";

const work = mkdtempSync(join(tmpdir(), "kit-similarity-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
if (noBrowser) console.warn(`similarity.test.ts: browser tests ${noBrowser}`);

const XSS = "<img src=x onerror=alert(1)>";
const kinds = (text: string) => tokenize(text).map((t) => t.kind);

describe("tokens", () => {
  it("are the same for code with other names and constants, and differ for other structure", () => {
    const a = "const total = weights.matmul(x).add(1.5); // sum\nreturn `n=${total}`;";
    const b = "const s = W.matmul(input).add(2); /* other */\nreturn `value ${s} here`;";
    expect(kinds(a)).toEqual(kinds(b));
    expect(kinds(a)).not.toEqual(kinds("const total = weights.matmul(x).sub(1.5);\nreturn total;").concat());
  });

  it("read template literals and regular expressions as the compiler does", () => {
    const text = "const t = `a${ {b: 1}.b }c${d}e`; const r = /x\\/y/g.test(t); const q = t / 2;";
    const tokens = tokenize(text).map((t) => text.slice(t.start, t.end));
    expect(tokens).toContain("}c${");
    expect(tokens).toContain("}e`");
    expect(tokens).toContain("/x\\/y/g");
    expect(tokens).toContain("/");
  });
});

describe("winnowing", () => {
  const statement = (i: number) => `const v${i} = a${i}.matmul(b${i}).add(c${i} * ${i});`;
  const own = (seed: string) => Array.from({ length: 30 }, (_, i) => `if (x ${seed} ${i}) { y.push(${i}); } else { while (q) { z--; } }`).join("\n");

  it("finds every shared run of K + W − 1 tokens, wherever it sits in each file", () => {
    const shared = Array.from({ length: 3 }, (_, i) => statement(i)).join("\n");
    expect(tokenize(shared).length).toBeGreaterThanOrEqual(K + W - 1);
    const a = new Set(winnow([tokenize(`${own("<")}\n${shared}`)]).map((p) => p.hash));
    const b = winnow([tokenize(`${shared}\n${own(">")}`)]).map((p) => p.hash);
    expect(b.some((h) => a.has(h))).toBe(true);
  });

  it("finds nothing shared between code with no run of K tokens in common", () => {
    const a = new Set(winnow([tokenize(own("<"))]).map((p) => p.hash));
    expect(winnow([tokenize("let k = 0; for (;;) { k++; break; }")]).filter((p) => a.has(p.hash))).toEqual([]);
  });
});

describe("scores", () => {
  const stub = [{ path: "a.ts", text: "export class A {\n  f(x: number): number {\n    throw new NotImplementedError(\"A.f\");\n  }\n}\n" }];
  const body = (n: number) => Array.from({ length: 8 }, (_, i) => `    const v${i} = x.mul(${i}).add(y${n}.sum(${i}, true)).exp();`).join("\n");
  const solution = (n: number) => [{ path: "a.ts", text: stub[0].text.replace('    throw new NotImplementedError("A.f");', `${body(n)}\n    return v7;`) }];

  it("is 1 for the same code, 0 for the template and for code sharing nothing", () => {
    const template = templateHashes(stub);
    const subs = [
      { student: "a", files: solution(1) },
      { student: "b", files: solution(2) },
      { student: "stub", files: stub },
      { student: "other", files: [{ path: "a.ts", text: "switch (q) { case 1: while (z) { z--; } break; default: return [p, q] as const; }" }] },
    ].map((s) => fingerprint(s, template));
    expect(subs[2].prints.size).toBe(0);
    const pairs = rankPairs(subs);
    expect(pairs[0]).toMatchObject({ a: 0, b: 1, score: 1 });
    expect(pairs.slice(1).map((p) => p.score)).toEqual([0, 0, 0, 0, 0]);
    const fragments = sharedFragments(subs[0], subs[1]);
    expect(fragments).toHaveLength(1);
  });
});

describe("a generated class of 31", () => {
  const dir = join(work, "class");
  let result: ClassSimilarity;
  let independents: string[];

  beforeAll(async () => {
    independents = writeSimilarityClass(dir, 27, 3);
    renameSync(join(dir, `${independents[5]}.tar`), join(dir, `${XSS}.tar`));
    independents[5] = XSS;
    result = await classSimilarity("hw1", dir);
  }, 120_000);

  const names = (p: { a: number; b: number }) => [result.subs[p.a].student, result.subs[p.b].student].sort();

  it("reads every handin, tars and folders", () => {
    expect(result.unread).toEqual([]);
    expect(result.subs.map((s) => s.student).sort()).toEqual([ORIGINAL, PARTIAL, RENAMED, STUB, ...independents].sort());
  });

  it("ranks the copied pairs first, the renamed and reordered copy highest, all at or above the threshold", () => {
    expect(result.pairs.slice(0, 3).map(names)).toEqual([[ORIGINAL, RENAMED].sort(), [ORIGINAL, PARTIAL].sort(), [PARTIAL, RENAMED].sort()]);
    expect(result.pairs[0].score).toBeGreaterThan(0.6);
    for (const p of result.pairs.slice(0, 3)) expect(p.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
  });

  it("scores every pair with an independent student below the threshold, and the stubs 0 against everyone", () => {
    const rest = result.pairs.slice(3);
    expect(rest.length).toBe((31 * 30) / 2 - 3);
    for (const p of rest) expect(p.score, names(p).join(" and ")).toBeLessThan(DEFAULT_THRESHOLD);
    const stubPairs = result.pairs.filter((p) => names(p).includes(STUB));
    expect(stubPairs).toHaveLength(30);
    for (const p of stubPairs) expect([p.shared, p.score]).toEqual([0, 0]);
  });

  it("finds the partial copy's shared code in the files it copied", () => {
    const ia = result.subs.findIndex((s) => s.student === ORIGINAL);
    const ib = result.subs.findIndex((s) => s.student === PARTIAL);
    const matches = new Map<string, number>();
    for (const f of sharedFragments(result.subs[ia], result.subs[ib])) {
      const path = result.subs[ib].files[f.b.file].path;
      matches.set(path, (matches.get(path) ?? 0) + f.matches);
    }
    // Every copied file is found; a chance match of a few tokens elsewhere in random code may
    // happen, but the copied files hold nearly all of what is shared.
    expect(PARTIAL_FILES.filter((f) => !matches.has(f))).toEqual([]);
    const inCopied = PARTIAL_FILES.reduce((a, f) => a + (matches.get(f) ?? 0), 0);
    const all = [...matches.values()].reduce((a, m) => a + m, 0);
    expect(inCopied / all).toBeGreaterThan(0.97);
  });
});

type CsvRecord = Record<string, string>;

describe("npm run similarity", () => {
  const dir = join(work, "class");
  const out = join(work, "similarity");
  let csv: CsvRecord[];

  beforeAll(() => {
    const run = runKit("similarity/similarity-cli.ts", ["hw1", dir, "--out", out]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^similarity: 31 submissions, 465 pairs, 3 at or above 0\.1, in [\d.]+ s; wrote /);
    csv = parse(readFileSync(join(out, "similarity.csv"), "utf8"), { columns: true });
  }, 120_000);

  it("writes every pair to similarity.csv, ranked, the copies flagged", () => {
    expect(csv).toHaveLength(465);
    expect(csv.slice(0, 3).map((r) => r.flagged)).toEqual(["yes", "yes", "yes"]);
    expect(csv.filter((r) => r.flagged === "yes")).toHaveLength(3);
    const scores = csv.map((r) => Number(r.score));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it("refuses a bad --top and an unknown homework in one line", () => {
    const top = runKit("similarity/similarity-cli.ts", ["hw1", dir, "--top", "0"]);
    expect([top.status, top.stderr.trim()]).toEqual([1, 'similarity: --top must be a positive whole number, got "0"']);
    const hw = runKit("similarity/similarity-cli.ts", ["hw9", dir]);
    expect(hw.status).toBe(1);
    expect(hw.stderr.trim()).toMatch(/^similarity: no suite for "hw9"/);
  }, 60_000);

  describe.skipIf(noBrowser !== undefined)("similarity.html in Chromium", () => {
    let browser: Browser;
    let page: Page;
    let problems: PageProblems;
    let shots: string;

    beforeAll(async () => {
      shots = artifactsDir("similarity");
      browser = await launchChromium();
      ({ page, problems } = await openFile(browser, join(out, "similarity.html")));
      await page.screenshot({ path: join(shots, "similarity.png") });
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
    });

    it("loads nothing, logs no error and runs no injected script; the tag-named handin shows as text", async () => {
      expect(problems).toEqual({ consoleErrors: [], pageErrors: [], dialogs: [], requests: [] });
      expect(await page.locator("img").count()).toBe(0);
      const cells = await page.$$eval("#pairs tbody td", (tds) => tds.map((td) => td.textContent));
      expect(cells).toContain(XSS);
    });

    it("shows the first 50 pairs with the CSV's names and numbers", async () => {
      const rows = await page.$$eval("#pairs tbody tr", (trs) => trs.map((tr) => Array.from(tr.children, (c) => c.textContent ?? "").slice(0, 7)));
      expect(rows).toEqual(
        csv.slice(0, 50).map((r) => [r.rank, r.student_a, r.student_b, r.score, r.shared, r.fingerprints_a, r.fingerprints_b]),
      );
    });

    it("links a pair to its shared code, side by side", async () => {
      await page.click("#pairs tbody tr:nth-child(2) a");
      expect(new URL(page.url()).hash).toBe("#pair-2");
      const section = page.locator("#pair-2");
      await expect.poll(() => section.isVisible()).toBe(true);
      expect(await section.locator("h3").textContent()).toContain(`${csv[1].student_a} and ${csv[1].student_b}`);
      const sides = await section.locator(".fragment").first().locator(".where").allTextContents();
      expect(sides.slice(1).every((s) => /\.ts, lines \d+–\d+$/.test(s))).toBe(true);
      await page.screenshot({ path: join(shots, "similarity-pair-2.png") });
    });
  });
});
