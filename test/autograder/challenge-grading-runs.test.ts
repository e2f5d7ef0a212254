/**
 * Part 2 graded for real, on hw3's test labels as this checkout derives them from its
 * secret: the labels are nowhere in a student's handout built by the kit's tree builder
 * (every file searched, compressed ones unpacked, for the labels' bytes in every encoding
 * a file could hold them), a package's labels file holds them, and `grade:class`, reading
 * the labels file beside its fixtures as a package's grader does, scores each handin's
 * predictions and ranks the class on leaderboard.csv and the dashboard. Handins that do
 * not compile keep Part 1 fast: Part 2 is scored whatever Part 1 does.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LEADERBOARD_NAME, writeLeaderboard } from "../../autograder/src/challenge/leaderboard-class.js";
import { checkoutLabels, LABELS_FILE, readLabelsFile, writeLabelsFile, writePackageLabels } from "../../autograder/src/challenge/score-labels.js";
import type { ChallengeLabels } from "../../autograder/src/challenge/spec.js";
import { gradeClass, type ClassRow } from "../../autograder/src/class-grading.js";
import { dashboardHtml } from "../../autograder/src/dashboard/page.js";
import { buildFixtures, writeFixtures } from "../../autograder/src/fixtures.js";
import { writeTree } from "../../autograder/src/package/tree.js";
import { loadSuite } from "../../autograder/suites/index.js";

const work = mkdtempSync(join(tmpdir(), "kit-challenge-runs-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let labels: ChallengeLabels;
const fixtures = join(work, "fixtures");

beforeAll(async () => {
  labels = await checkoutLabels("hw3");
  const suite = await loadSuite("hw3");
  writeFixtures(fixtures, "hw3", buildFixtures(suite, await import("../../reference/hw3/index.js"), { hidden: false }));
  writeLabelsFile(fixtures, labels);
}, 60_000);

/** Every file under `dir`, gzip files also unpacked. */
function contents(dir: string): { file: string; bytes: Buffer }[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => statSync(join(dir, f)).isFile())
    .map((f) => {
      const bytes = readFileSync(join(dir, f));
      return { file: f, bytes: f.endsWith(".gz") ? gunzipSync(bytes) : bytes };
    });
}

/** The ways a file could hold the first labels: as text, joined or in CSV/JSON rows, and (digit by digit) as bytes. */
function patterns(ls: readonly string[]): Buffer[] {
  const head = ls.slice(0, 12);
  return [
    Buffer.from(head.join("")),
    Buffer.from(head.join("\n")),
    Buffer.from(head.join(",")),
    Buffer.from(JSON.stringify(head).slice(1, -1)),
    Buffer.from(head.map((l, i) => `${i},${l}`).join("\n")),
    Buffer.from(head.join("").split("").map(Number)),
  ];
}

describe("hw3's test labels", () => {
  it("are nowhere in a student's handout", async () => {
    const handout = join(work, "handout");
    await writeTree("hw3", handout, "handout");
    const files = contents(handout);
    expect(files.some((f) => f.file.startsWith("challenge/")), "the handout ships the challenge's inputs").toBe(true);
    expect(files.map((f) => f.file)).not.toContain(join("fixtures", "hw3", LABELS_FILE));
    for (const p of patterns(labels.labels)) {
      expect(files.filter((f) => f.bytes.includes(p)).map((f) => f.file), `pattern ${JSON.stringify(p.toString("latin1"))}`).toEqual([]);
    }
  }, 60_000);

  it("are in a grading package's labels file, beside its fixtures", async () => {
    const tree = join(work, "package");
    mkdirSync(join(tree, "fixtures", "hw3"), { recursive: true });
    const file = await writePackageLabels(tree, "hw3");
    expect(file).toBe(join(tree, "fixtures", "hw3", LABELS_FILE));
    expect(readLabelsFile(file!, "hw3")).toEqual(labels);
    expect(await writePackageLabels(tree, "hw4")).toBeUndefined();
  }, 30_000);
});

/** A handin folder for hw3 that does not compile, with these files beside its index.ts. */
function handin(dir: string, name: string, files: Record<string, string>): void {
  const hw = join(dir, name, "hw3");
  mkdirSync(hw, { recursive: true });
  writeFileSync(join(hw, "index.ts"), "export const broken: number = ;\n");
  for (const [f, text] of Object.entries(files)) writeFileSync(join(hw, f), text);
}

/** A predictions file: the labels, with the first `wrong` of them replaced by nothing. */
function predictions(wrong: number): string {
  return `id,prediction\n${labels.labels.map((l, i) => `${i},${i < wrong ? "" : l}`).join("\n")}\n`;
}

describe("grade:class's leaderboard", () => {
  let rows: ClassRow[];
  const dir = join(work, "class");
  const out = join(work, "class-out");

  beforeAll(async () => {
    const chars = labels.labels.reduce((a, l) => a + l.length, 0);
    // Blanking the first labels until 30 % of the characters are gone gives a CER near 0.3, between the cutoffs.
    let blank = 0;
    for (let gone = 0; gone < chars * 0.3; blank++) gone += labels.labels[blank].length;
    handin(dir, "a-student", { "predictions.csv": predictions(blank), "nickname.txt": "=cmd|' /C calc'!A0\n" });
    handin(dir, "b-student", { "predictions.csv": predictions(0), "nickname.txt": "<img src=x onerror=alert(1)>" });
    mkdirSync(out);
    rows = await gradeClass({ hw: "hw3", dir, feedbackDir: join(out, "feedback"), fixturesDir: fixtures, jobs: 2, timeoutMs: 5000, memoryLimitBytes: 512 * 2 ** 20 });
  }, 90_000);

  it("scores each handin's Part 2, counts it in the totals and shows it in the feedback", () => {
    const by = (s: string) => rows.find((r) => r.student === s)!;
    expect(rows.map((r) => [r.student, r.challenge?.status, r.scores.challenge])).toEqual([
      ["a-student", "scored", by("a-student").challenge!.points],
      ["b-student", "scored", 20],
    ]);
    expect(by("b-student")).toMatchObject({ total: 20, max: 130 });
    expect(by("a-student").challenge!.points).toBeGreaterThan(0);
    expect(by("a-student").challenge!.points).toBeLessThan(20);
    expect(readFileSync(by("a-student").feedback, "utf8")).toMatch(/Part 2: challenge \([\d.]+\/20\)\n {2}CER [\d.]+ % on the test set/);
  });

  it("writes leaderboard.csv ranked by CER, under nicknames made inert, and the dashboard shows it", () => {
    const file = writeLeaderboard(out, rows, { hw: "hw3", metric: "cer", points: 20, low: 0.6, high: 0.15 });
    expect(file).toBe(join(out, LEADERBOARD_NAME));
    const a = rows.find((r) => r.student === "a-student")!.challenge!;
    expect(readFileSync(file, "utf8").trimEnd().split("\n")).toEqual([
      "rank,name,cer_percent,challenge_points",
      "1,<img src=x onerror=alert(1)>,0,20",
      `2,'=cmd|' /C calc'!A0,${Math.round(a.value! * 10_000) / 100},${a.points}`,
    ]);
    const suite = { hw: "hw3", sections: [], tests: [], rows, dir: out, challenge: { hw: "hw3" as const, metric: "cer" as const, points: 20, low: 0.6, high: 0.15 } };
    const html = dashboardHtml(suite);
    expect(html).toContain('<td class="name">&lt;img src=x onerror=alert(1)&gt;</td>');
    expect(html).not.toContain("<img src=x");
  });
});
