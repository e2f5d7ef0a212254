/**
 * Grading Part 2, the challenge: the cutoff config and its arithmetic at the edges, the
 * metrics, every way a predictions file can be wrong (one line naming the line, 0 points,
 * never a crash), what a run reports with and without labels or a predictions file, and
 * the challenge in each report: the console's own section and total line, the JSON, Autolab's
 * score line against its lab's scoreboard column spec, Gradescope's test and leaderboard.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { challengeConfig, challengeOf, challengeRubricRows, checkedConfig, configProblem } from "../../autograder/src/challenge/config.js";
import { autolabScoreboardColumns, gradescopeLeaderboard } from "../../autograder/src/challenge/leaderboard.js";
import { parsePredictions, PREDICTIONS_MAX_BYTES, readPredictionsFile } from "../../autograder/src/challenge/predictions.js";
import { accuracy, challengePoints, characterErrorRate, editDistance } from "../../autograder/src/challenge/score.js";
import { gradeChallenge, NICKNAME_MAX, type ChallengeResult } from "../../autograder/src/challenge/score-handin.js";
import { labelSource, writeLabelsFile } from "../../autograder/src/challenge/score-labels.js";
import type { ChallengeConfig, ChallengeHomework } from "../../autograder/src/challenge/spec.js";
import type { CaseResult, GradeReport } from "../../autograder/src/grade.js";
import { parseAutoresult } from "../../autograder/src/package/autolab-job.js";
import { autolabAssessment, autolabYml, checkAutolabYml, colspecErrors, DEFAULT_AUTOLAB_SETTINGS, scoreLineErrors } from "../../autograder/src/package/autolab-yml.js";
import { autolabLine, autolabZeroLine } from "../../autograder/src/reports/autolab.js";
import { consoleReport } from "../../autograder/src/reports/console.js";
import { gradescopeResults } from "../../autograder/src/reports/gradescope.js";
import { jsonReport } from "../../autograder/src/reports/json.js";
import { loadSuite } from "../../autograder/suites/index.js";

const work = mkdtempSync(join(tmpdir(), "kit-challenge-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const HW1: ChallengeConfig = { hw: "hw1", metric: "accuracy", points: 20, low: 0.5, high: 0.9 };
const HW3: ChallengeConfig = { hw: "hw3", metric: "cer", points: 20, low: 0.6, high: 0.15 };

describe("the cutoff config", () => {
  it("has a usable config for hw1-hw3 and none for hw0 and hw4", () => {
    for (const hw of ["hw1", "hw2", "hw3"] as const) expect(configProblem(challengeConfig(hw))).toBeUndefined();
    expect([challengeOf("hw0"), challengeOf("hw4")]).toEqual([undefined, undefined]);
  });

  it("refuses equal cutoffs and cutoffs the wrong way round for the metric, in one line naming the homework", () => {
    expect(() => checkedConfig({ ...HW1, low: 0.7, high: 0.7 })).toThrow(/^challenge config of hw1 \(autograder\/src\/challenge\/config\.ts\): the low and high cutoffs are equal \(0\.7\)/);
    expect(() => checkedConfig({ ...HW1, low: 0.9, high: 0.5 })).toThrow(/accuracy is better when higher/);
    expect(() => checkedConfig({ ...HW3, low: 0.15, high: 0.6 })).toThrow(/CER is better when lower/);
    expect(() => checkedConfig({ ...HW1, points: 0 })).toThrow(/points \(0\) must be a positive number/);
    expect(() => challengePoints({ ...HW3, high: 0.6 }, 0.3)).toThrow(/cutoffs are equal/);
  });

  it("gives the handout's rubric one Part 2 row quoting the cutoffs, and none without a challenge", () => {
    expect(challengeRubricRows("hw3")).toEqual(["| **P2** | **Part 2: challenge** (`challenge`) | CER on the hidden test labels: 0 points at 60 % or more, all 20 at 13.5 % or less, linear in between | **20** |"]);
    expect(challengeRubricRows("hw4")).toEqual([]);
  });
});

describe("points between the cutoffs", () => {
  it("accuracy: 0 at the low cutoff and below, all at the high cutoff and above, linear between", () => {
    expect([0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 1].map((v) => challengePoints(HW1, v))).toEqual([0, 0, 0, 10, 15, 20, 20, 20]);
  });

  it("CER: 0 at the low cutoff and above, all at the high cutoff and below, linear between", () => {
    expect([2, 1, 0.6, 0.375, 0.15, 0.1, 0].map((v) => challengePoints(HW3, v))).toEqual([0, 0, 0, 10, 20, 20, 20]);
  });

  it("rounds to a hundredth of a point", () => {
    expect(challengePoints(HW1, 0.6)).toBe(5);
    expect(challengePoints(HW1, 0.5 + 0.4 / 3)).toBe(6.67);
  });
});

describe("the metrics", () => {
  it("accuracy is the share of exact matches", () => {
    expect(accuracy(["1", "2", "3", "4"], ["1", "2", "0", "4"])).toBe(0.75);
  });

  it("edit distance counts insertions, deletions and substitutions", () => {
    expect([editDistance("", ""), editDistance("123", "123"), editDistance("", "123"), editDistance("1234", "124"), editDistance("129", "123"), editDistance("21", "12")]).toEqual([0, 0, 3, 1, 1, 2]);
  });

  it("CER is the summed edit distance over the summed label length; predicting nothing gives 1", () => {
    expect(characterErrorRate(["12", "3456"], ["12", "3406"])).toBeCloseTo(1 / 6);
    expect(characterErrorRate(["", "", ""], ["1", "23", "456"])).toBe(1);
    expect(() => characterErrorRate(["1"], ["1", "2"])).toThrow(/1 predictions against 2 labels/);
  });
});

/** The reason parsePredictions gives for `text` as hw's file for a test set of `count`. */
function reason(text: string | Buffer, hw: ChallengeHomework = "hw1", count = 3): string {
  const read = parsePredictions(Buffer.isBuffer(text) ? text : Buffer.from(text), hw, count);
  if (read.ok) throw new Error(`accepted: ${JSON.stringify(read.predictions)}`);
  return read.reason;
}

describe("a predictions file", () => {
  it("is read in any id order, with a byte-order mark, CRLF line ends, spaces and blank lines", () => {
    const read = parsePredictions(Buffer.from("\uFEFFid,prediction\r\n2, 7\r\n0,3\r\n\r\n1,1\r\n\r\n"), "hw1", 3);
    expect(read).toEqual({ ok: true, predictions: ["3", "1", "7"] });
    expect(parsePredictions(Buffer.from('id,prediction\n0,"12"\n1,\n'), "hw3", 2)).toEqual({ ok: true, predictions: ["12", ""] });
  });

  const cases: [string, string | Buffer, RegExp, ChallengeHomework?][] = [
    ["empty", "", /^predictions\.csv: empty; it must start with the header line id,prediction$/],
    ["only blank lines", "\n\r\n\n", /empty/],
    ["another header", "id,label\n0,1\n", /^predictions\.csv: line 1: the header is "id,label"; it must be exactly id,prediction$/],
    ["a header with a third column", "id,prediction,p\n", /line 1: the header is "id,prediction,p"/],
    ["no header", "0,1\n1,2\n2,3\n", /line 1: the header is "0,1"/],
    ["short", "id,prediction\n0,1\n2,1\n", /^predictions\.csv: 2 rows for 3 test inputs: id 1 is missing$/],
    ["much too short", "id,prediction\n", /0 rows for 3 test inputs: id 0 is missing \(and 2 more\)/],
    ["long", "id,prediction\n0,1\n1,1\n2,1\n3,1\n", /^predictions\.csv: line 5: id 3 is out of range: the test set has ids 0 to 2$/],
    ["a duplicate id", "id,prediction\n0,1\n1,1\n0,2\n", /^predictions\.csv: line 4: id 0 appears again \(first on line 2\)$/],
    ["a fractional id", "id,prediction\n0.5,1\n", /line 2: id "0\.5" is not a whole number/],
    ["a negative id", "id,prediction\n-1,1\n", /line 2: id "-1" is not a whole number/],
    ["a word for an id", "id,prediction\nfirst,1\n", /line 2: id "first" is not a whole number/],
    ["a letter for a digit", "id,prediction\n0,7\n1,x\n", /^predictions\.csv: line 3: prediction "x" is not one digit 0-9$/],
    ["two digits for a class", "id,prediction\n0,10\n", /line 2: prediction "10" is not one digit 0-9/],
    ["an empty class", "id,prediction\n0,\n", /line 2: prediction "" is not one digit/],
    ["a letter in a digit string", "id,prediction\n0,12a\n", /line 2: prediction "12a" is not a string of digits 0-9/, "hw3"],
    ["an endless digit string", `id,prediction\n0,${"1".repeat(101)}\n`, /line 2: a prediction of 101 characters \(at most 100 digits\)/, "hw3"],
    ["a row of three fields", "id,prediction\n0,1,2\n", /^predictions\.csv: line 2: 3 fields, but a row is id,prediction$/],
    ["a row of one field", "id,prediction\n0\n", /line 2: 1 field, but a row is id,prediction/],
    ["an unclosed quote", 'id,prediction\n0,"1\n1,2\n', /^predictions\.csv: not readable as CSV \(/],
    ["escape sequences", "id,prediction\n0,\u001b[31mred\n", /^predictions\.csv: line 2: prediction "red" is not one digit 0-9$/],
    ["a file over the cap", Buffer.alloc(PREDICTIONS_MAX_BYTES + 1, 0x30), /over the 2 MiB a predictions file may have/],
  ];

  it.each(cases)("%s: 0 points, with one line naming the problem", (_name, text, why, hw) => {
    const r = reason(text, hw);
    expect(r).toMatch(why);
    expect(r).not.toContain("\n");
  });

  it("is refused unread when it is a link, or over the cap on disk", () => {
    const dir = join(work, "links");
    mkdirSync(dir);
    symlinkSync("/etc/passwd", join(dir, "predictions.csv"));
    expect(readPredictionsFile(join(dir, "predictions.csv"), "hw1", 3)).toEqual({ ok: false, reason: "predictions.csv: not a regular file (a link or a folder); hand in the file itself" });
    writeFileSync(join(dir, "big.csv"), Buffer.alloc(PREDICTIONS_MAX_BYTES + 10, 0x31));
    expect(readPredictionsFile(join(dir, "big.csv"), "hw1", 3)).toMatchObject({ ok: false, reason: expect.stringMatching(/2097162 bytes, over the 2 MiB/) });
  });
});

/** A homework folder holding `files`. */
function hwFolder(name: string, files: Record<string, string>): string {
  const dir = join(work, name, "hw1");
  mkdirSync(dir, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  return dir;
}

describe("Part 2 of a grading run", () => {
  const fixtures = join(work, "fixtures");
  mkdirSync(fixtures);
  writeLabelsFile(fixtures, { hw: "hw1", labels: ["3", "1", "4", "1", "5", "9", "2", "6", "5", "3"] });
  const file = labelSource("hw1", fixtures);
  const csv = (preds: string[]) => `id,prediction\n${preds.map((p, i) => `${i},${p}`).join("\n")}\n`;

  it("finds the labels file beside the fixtures, and otherwise the checkout's labels", () => {
    expect(file).toEqual({ kind: "file", file: join(fixtures, "challenge-labels.json") });
    expect(labelSource("hw1", work)).toEqual({ kind: "checkout" });
  });

  it("scores the predictions with the labels: the metric, the points, the cutoffs", async () => {
    const dir = hwFolder("scored", { "predictions.csv": csv(["3", "1", "4", "1", "5", "9", "2", "6", "0", "0"]) });
    const r = await gradeChallenge("hw1", dir, { source: file, handin: true });
    // The kit's hw1 config: 0 points at 50 %, all 20 at 86 %, so 80 % earns 20 · 0.30 / 0.36.
    expect(r).toMatchObject({ status: "scored", value: 0.8, points: 16.67, max: 20 });
    expect(r?.message).toBe("accuracy 80 % on the test set: 16.67/20 (accuracy on the hidden test labels: 0 points at 50 % or less, all 20 at 86 % or more, linear in between)");
  });

  it("gives 0 with the file's problem, and 0 for a handin without the file", async () => {
    const bad = await gradeChallenge("hw1", hwFolder("invalid", { "predictions.csv": csv(["3", "1"]) }), { source: file, handin: true });
    expect(bad).toMatchObject({ status: "invalid", points: 0, message: "0 points: predictions.csv: 2 rows for 10 test inputs: id 2 is missing (and 7 more)" });
    const none = await gradeChallenge("hw1", hwFolder("missing", {}), { source: file, handin: false });
    expect(none).toMatchObject({ status: "missing", points: 0, message: expect.stringMatching(/^0 points: the handin has no hw1\/predictions\.csv/) });
  });

  it("without labels says the course autograder scores it; locally, without a file, says how to write one", async () => {
    const elsewhere = await gradeChallenge("hw1", hwFolder("handout", { "predictions.csv": csv(["1"]) }), { source: { kind: "none" }, handin: false });
    expect(elsewhere).toMatchObject({ status: "elsewhere", message: expect.stringMatching(/^hw1\/predictions\.csv is scored by the course autograder/) });
    const local = await gradeChallenge("hw1", hwFolder("local", {}), { source: { kind: "checkout" }, handin: false });
    expect(local).toMatchObject({ status: "not-yet", message: expect.stringMatching(/^no hw1\/predictions\.csv yet: `npm run challenge hw1 -- --predict` writes it/) });
  });

  it("says why it cannot score when the labels file is broken, and counts nothing", async () => {
    const broken = join(work, "broken-labels.json");
    writeFileSync(broken, '{"hw": "hw2", "labels": ["1"]}');
    const r = await gradeChallenge("hw1", hwFolder("unlabelled", { "predictions.csv": csv(["1"]) }), { source: { kind: "file", file: broken }, handin: true });
    expect(r).toMatchObject({ status: "unavailable", points: 0, message: `not scored here: ${broken}: not hw1's test labels ({"hw": "hw1", "labels": [strings]})` });
  });

  it("has nothing for a homework without a challenge", async () => {
    expect(await gradeChallenge("hw4", hwFolder("hw4", {}), { source: file, handin: true })).toBeUndefined();
  });

  it("reads a nickname as plain text on one line, capped", async () => {
    const dir = hwFolder("nick", { "nickname.txt": `\u001b]0;x\u0007 Ada\tL.  ${"x".repeat(60)}\nsecond line` });
    const r = await gradeChallenge("hw1", dir, { source: file, handin: true });
    expect(r?.nickname).toBe(`Ada L. ${"x".repeat(NICKNAME_MAX - 7)}`);
  });
});

function caseResult(section: string, points: number, score: number): CaseResult {
  return { id: `${section}.t`, number: "1.1", section, title: "t", points, bonus: false, score, status: score > 0 ? "passed" : "failed", message: "", output: "", visibility: "visible", variants: { public: 1, hidden: 0 } };
}

/** A report of hw's suite with every test passed, and Part 2 as `challenge` says. */
async function fullReport(hw: string, challenge?: Partial<ChallengeResult>): Promise<GradeReport> {
  const suite = await loadSuite(hw);
  const tests = suite.cases.map((c) => ({ ...caseResult(c.section, c.points, c.points), id: c.id, bonus: c.bonus ?? false }));
  const bonus = tests.filter((t) => t.bonus).reduce((a, t) => a + t.points, 0);
  const max = tests.reduce((a, t) => a + t.points, 0);
  const c = challengeOf(hw);
  const part2: ChallengeResult | undefined =
    c === undefined ? undefined : { hw: c.hw, metric: c.metric, status: "scored", value: 0.8, points: 14, max: c.points, low: c.low, high: c.high, message: "accuracy 80 % on the test set: 14/20", ...challenge };
  const sections = suite.sections.map((s) => ({ id: s.id, number: s.number, title: s.title, score: 0, max: 0 }));
  return { hw, device: "cpu", isolation: "none", score: max, max, bonus: { score: bonus, max: bonus }, sections, tests, seconds: 1, ...(part2 ? { challenge: part2 } : {}) };
}

describe("the challenge in the reports", () => {
  it("console: Part 2's own section after Part 1, and its points on the total line only when they count", async () => {
    const text = consoleReport(await fullReport("hw1"));
    const lines = text.split("\n");
    expect(lines.at(-1)).toMatch(/^hw1: 100\/100, bonus \d+\/\d+, challenge 14\/20 \(cpu, 1\.0 s\)$/);
    expect(text).toContain("Part 2: challenge (14/20)\n  accuracy 80 % on the test set: 14/20");
    expect(text.indexOf("Part 2")).toBeGreaterThan(text.lastIndexOf("Total"));
    const handout = consoleReport(await fullReport("hw1", { status: "elsewhere", points: 0, message: "scored by the course autograder" }));
    expect(handout.split("\n").at(-1)).toMatch(/^hw1: 100\/100, bonus \d+\/\d+ \(cpu, 1\.0 s\)$/);
    expect(handout).toContain("Part 2: challenge (–/20)\n  scored by the course autograder");
    const { challenge: _none, ...part1 } = await fullReport("hw1");
    expect(consoleReport(part1)).not.toContain("Part 2");
  });

  it("JSON: Part 2 as its own field, apart from Part 1's score and max", async () => {
    const parsed = JSON.parse(jsonReport(await fullReport("hw1"))) as GradeReport;
    expect(parsed.score).toBe(parsed.max);
    expect(parsed.challenge).toMatchObject({ status: "scored", points: 14, max: 20 });
  });

  it.each(["hw0", "hw1", "hw2", "hw3", "hw4"])("Autolab, %s: the score line's keys and scoreboard match the lab's problems and column spec", async (hw) => {
    const suite = await loadSuite(hw);
    const { assessment: lab, errors } = checkAutolabYml(autolabYml(autolabAssessment(suite, DEFAULT_AUTOLAB_SETTINGS)), hw);
    expect(errors).toEqual([]);
    const c = challengeOf(hw);
    for (const line of [autolabLine(await fullReport(hw)), autolabZeroLine(suite)]) {
      const parsed = parseAutoresult(`Autodriver: Job exited with status 0\n${line}\n`);
      expect(Object.keys(parsed.scores!)).toEqual(lab!.problems.map((p) => p.name));
      expect(scoreLineErrors(parsed.scores!, lab!, parsed.scoreboard)).toEqual([]);
      if (c === undefined) expect(parsed.scoreboard).toBeUndefined();
    }
    if (c === undefined) return expect(lab!.scoreboard).toBeUndefined();
    expect(JSON.parse(lab!.scoreboard!.colspec)).toEqual({ scoreboard: autolabScoreboardColumns(c) });
    expect(JSON.parse(autolabLine(await fullReport(hw)))).toMatchObject({ scores: { challenge: 14 }, scoreboard: [80, 14, suite.cases.reduce((a, x) => a + x.points, 0)] });
    expect(scoreLineErrors({ challenge: 0 }, lab!, [1, 2])).toEqual(['"scoreboard" has 2 values for the lab\'s 3 columns']);
    expect(scoreLineErrors({ challenge: 0 }, lab!)).toEqual(['no "scoreboard" array for the lab\'s 3 scoreboard columns']);
  });

  it("Autolab: CER sorts ascending; a column spec Autolab's validation refuses is refused here too", () => {
    expect(autolabScoreboardColumns(HW3)[0]).toEqual({ hdr: "CER (%)", asc: 1 });
    expect(autolabScoreboardColumns(HW1)[0]).toEqual({ hdr: "Accuracy (%)" });
    expect(colspecErrors('{"scoreboard":[{"hdr":"A","sort":1}]}')).toEqual(["scoreboard.colspec: unknown key('sort') in scoreboard[0]"]);
    expect(colspecErrors('{"scoreboard":[{"asc":1}]}')).toEqual(["scoreboard.colspec: scoreboard[0] hash is missing a 'hdr' object"]);
    expect(colspecErrors('{"columns":[]}')).toEqual(["scoreboard.colspec: missing 'scoreboard' array object"]);
  });

  it("Gradescope: a visible Part 2 test counted in the score, and a leaderboard of name, value and order", async () => {
    const results = gradescopeResults(await fullReport("hw3", { metric: "cer", value: 0.2, points: 17.78 }));
    const part1 = (await fullReport("hw3")).score;
    expect(results.score).toBe(part1 + 17.78);
    expect(results.tests.at(-1)).toEqual({ name: "challenge: Part 2, CER on the hidden test set", score: 17.78, max_score: 20, status: "passed", output: "accuracy 80 % on the test set: 14/20", visibility: "visible" });
    expect(results.leaderboard).toEqual(gradescopeLeaderboard(HW3, { ...(await fullReport("hw3")).challenge!, value: 0.2, points: 17.78 }, part1));
    for (const entry of results.leaderboard!) {
      expect(Object.keys(entry).every((k) => ["name", "value", "order"].includes(k))).toBe(true);
      expect(typeof entry.name).toBe("string");
      expect(["number", "string"]).toContain(typeof entry.value);
      if (entry.order !== undefined) expect(["asc", "desc"]).toContain(entry.order);
    }
    expect(results.leaderboard![0]).toEqual({ name: "CER (%)", value: 20, order: "asc" });
    const handout = gradescopeResults(await fullReport("hw3", { status: "elsewhere" }));
    expect(handout.leaderboard).toBeUndefined();
    expect(handout.tests.some((t) => t.name.startsWith("challenge"))).toBe(false);
  });
});
