/**
 * Every homework's Autolab lab file imports the way Autolab's importer reads it, and every
 * score line the grader can print (a full report, the stubs, a report where only bonus
 * work scored, the zero line when nothing could be graded) carries exactly the lab's
 * problem names (Part 2's `challenge` among them, where there is one) and the scoreboard
 * values its column spec asks for, parsed as Autolab parses the last line. Reports are made
 * directly from the suites, without grading.
 */
import { describe, expect, it } from "vitest";
import { challengeOf } from "../../autograder/src/challenge/config.js";
import type { ChallengeResult } from "../../autograder/src/challenge/score-handin.js";
import type { CaseResult, GradeReport } from "../../autograder/src/grade.js";
import { autodriverFeedback, parseAutoresult } from "../../autograder/src/package/autolab-job.js";
import { autolabMakefile } from "../../autograder/src/package/autolab.js";
import {
  autolabAssessment,
  autolabYml,
  checkAutolabYml,
  DEFAULT_AUTOLAB_SETTINGS,
  scoreLineErrors,
  type AutolabAssessment,
} from "../../autograder/src/package/autolab-yml.js";
import { gradingBudget } from "../../autograder/src/package/budget.js";
import { parseBlockYaml } from "../../autograder/src/package/yaml-block.js";
import { autolabLine, autolabZeroLine } from "../../autograder/src/reports/autolab.js";
import type { Suite } from "../../autograder/src/suite.js";
import { homeworks, loadSuite } from "../../autograder/suites/index.js";

/** A report of the whole suite in which each case scores what `earned` says, and Part 2 (where there is one) `challengePoints`. */
function reportOf(suite: Suite, earned: (c: Suite["cases"][number]) => boolean, challengePoints = 0): GradeReport {
  const tests: CaseResult[] = suite.cases.map((c) => ({
    id: c.id,
    number: c.number,
    section: c.section,
    title: c.title,
    points: c.points,
    bonus: c.bonus ?? false,
    score: earned(c) ? c.points : 0,
    status: earned(c) ? "passed" : "not-attempted",
    message: earned(c) ? "" : `not attempted: ${c.id}`,
    output: "",
    visibility: "visible",
    variants: { public: c.sizes.public.length, hidden: c.sizes.hidden.length },
  }));
  const sum = (ts: CaseResult[], f: (t: CaseResult) => number) => ts.reduce((a, t) => a + f(t), 0);
  const bonus = tests.filter((t) => t.bonus);
  const c = challengeOf(suite.hw);
  const challenge: ChallengeResult | undefined =
    c === undefined ? undefined : { hw: c.hw, metric: c.metric, status: "scored", value: c.high, points: challengePoints, max: c.points, low: c.low, high: c.high, message: "" };
  return {
    hw: suite.hw,
    device: "cpu",
    isolation: "none",
    score: sum(tests, (t) => t.score),
    max: sum(tests, (t) => t.points),
    bonus: { score: sum(bonus, (t) => t.score), max: sum(bonus, (t) => t.points) },
    sections: suite.sections
      .filter((s) => tests.some((t) => t.section === s.id))
      .map((s) => {
        const mine = tests.filter((t) => t.section === s.id);
        return { id: s.id, number: s.number, title: s.title, score: sum(mine, (t) => t.score), max: sum(mine, (t) => t.points) };
      }),
    tests,
    seconds: 1,
    ...(challenge === undefined ? {} : { challenge }),
  };
}

/** The scores Autolab would record from a score line printed last, for the lab `lab`. */
function recorded(line: string, lab: AutolabAssessment): Record<string, number> {
  const { scores, scoreboard, error } = parseAutoresult(`Autodriver: Job exited with status 0\nsome report\n${line}\n`);
  expect(error).toBeUndefined();
  expect(scoreLineErrors(scores!, lab, scoreboard)).toEqual([]);
  return scores!;
}

describe.each(homeworks())("%s's Autolab lab", (hw) => {
  it("imports, and every score line carries exactly its problem names", async () => {
    const suite = await loadSuite(hw);
    const yml = autolabYml(autolabAssessment(suite, DEFAULT_AUTOLAB_SETTINGS));
    const { assessment: lab, errors } = checkAutolabYml(yml, hw);
    expect(errors).toEqual([]);
    expect(lab!.general.handin_filename).toBe("handin.tar");
    const names = lab!.problems.map((p) => p.name);
    const maxOf = Object.fromEntries(lab!.problems.map((p) => [p.name, p.max_score]));

    const part2 = challengeOf(hw)?.points ?? 0;
    const full = recorded(autolabLine(reportOf(suite, () => true, part2)), lab!);
    expect(Object.keys(full)).toEqual(names);
    expect(full).toEqual(maxOf);
    expect(Object.values(full).reduce((a, b) => a + b, 0)).toBe(suite.cases.reduce((a, c) => a + c.points, 0) + part2);

    const stubs = recorded(autolabLine(reportOf(suite, () => false)), lab!);
    expect(Object.keys(stubs)).toEqual(names);
    expect(Object.values(stubs).every((v) => v === 0)).toBe(true);

    // Only the cases of one section that holds nothing but bonus cases (or, without one, the bonus cases) score.
    const bonusOnly = suite.sections.find((s) => suite.cases.every((c) => c.section !== s.id || c.bonus));
    const attempted = recorded(autolabLine(reportOf(suite, (c) => (bonusOnly ? c.section === bonusOnly.id : c.bonus === true))), lab!);
    expect(Object.keys(attempted)).toEqual(names);

    const zero = recorded(autolabZeroLine(suite), lab!);
    expect(zero).toEqual(Object.fromEntries(names.map((n) => [n, 0])));
  });
});

describe("problem names where bonus cases have a section of their own", () => {
  it("hw1's autograd and hw3's lstmcell count under bonus, never as a key of their own", async () => {
    for (const [hw, section] of [["hw1", "autograd"], ["hw3", "lstmcell"]] as const) {
      const suite = await loadSuite(hw);
      const line = JSON.parse(autolabLine(reportOf(suite, (c) => c.section === section))) as { scores: Record<string, number> };
      expect(line.scores).not.toHaveProperty(section);
      expect(line.scores.bonus).toBe(suite.cases.filter((c) => c.section === section).reduce((a, c) => a + c.points, 0));
    }
  });

  it("Autolab refuses a line with a key the lab does not list", async () => {
    const lab = autolabAssessment(HW1, DEFAULT_AUTOLAB_SETTINGS);
    expect(scoreLineErrors({ activations: 23, autograd: 0 }, lab, [0, 0, 0])).toEqual(['"autograd" is not a problem of hw1.yml']);
  });
});

const HW1 = await loadSuite("hw1");
const HW3 = await loadSuite("hw3");
const GOOD = autolabYml(autolabAssessment(HW1, DEFAULT_AUTOLAB_SETTINGS));

describe("the lab-file checker refuses what Autolab refuses", () => {
  const cases: [string, string, RegExp][] = [
    ["no general section", GOOD.replace(/^general:\n(  .*\n)+/m, ""), /General section missing in yaml/],
    ["a general key Autolab has no column for", GOOD.replace("  max_size: 20", "  max_size: 20\n  handin_name: x"), /general\.handin_name: not an attribute/],
    ["no handin_filename", GOOD.replace("  handin_filename: handin.tar\n", ""), /handin_filename: missing, so Autolab names every handin handin\.c/],
    ["no autograder section", GOOD.replace(/^autograder:\n(  .*\n)+/m, ""), /autograder: missing/],
    ["a 5 s timeout", GOOD.replace("autograde_timeout: 600", "autograde_timeout: 5"), /autograde_timeout: 5, but Autolab takes 10 to 900/],
    ["a 901 s timeout", GOOD.replace("autograde_timeout: 600", "autograde_timeout: 901"), /autograde_timeout: 901/],
    ["an image name of 65 characters", GOOD.replace("autograding_node20", "i".repeat(65)), /65 characters, over Autolab's 64/],
    ["a problem without max_score", GOOD.replace("    max_score: 23\n", ""), /\(activations\)\.max_score: missing/],
    ["two problems whose names differ in case only", GOOD.replace("name: linear", "name: Activations"), /"Activations" appears twice/],
    ["another lab's name", GOOD.replace("name: hw1", "name: hw2"), /general\.name is "hw2", but the lab's folder is hw1/],
    ["a tab in the indentation", GOOD.replace("  name: hw1", "\tname: hw1"), /hw1\.yml:4: a tab in the indentation/],
    ["a flow mapping", GOOD.replace("autograde_image: autograding_node20", "autograde_image: {a: 1}"), /flow collections/],
    ["a duplicate key", GOOD.replace("  max_size: 20", "  max_size: 20\n  max_size: 30"), /the key "max_size" appears twice/],
  ];
  it.each(cases)("%s", (_, text, why) => {
    const { assessment, errors } = checkAutolabYml(text, "hw1");
    expect(assessment).toBeUndefined();
    expect(errors.join("\n")).toMatch(why);
  });

  it("reads a lab file as Autolab itself writes one (YAML.dump style), with Autolab's defaults", () => {
    const dumped = [
      "---",
      "general:",
      "  name: hw1",
      "  description: ''",
      "  handin_filename: handin.tar",
      "  max_size: 2",
      "  disable_network: false",
      "problems:",
      "- name: activations",
      "  description: 'It''s 1'",
      "  max_score: 23.0",
      "  optional: false",
      "- name: bonus",
      "  max_score: 25.0",
      "  optional: yes",
      "autograder:",
      "  autograde_image: autograding_node20",
      "  autograde_timeout: 600",
      "  release_score: true",
      "",
    ].join("\n");
    const { assessment, errors } = checkAutolabYml(dumped, "hw1");
    expect(errors).toEqual([]);
    expect(assessment!.general).toMatchObject({ display_name: "hw1", category_name: "General", handin_directory: "handin", max_submissions: -1 });
    expect(assessment!.problems).toEqual([
      { name: "activations", description: "It's 1", max_score: 23, optional: false },
      { name: "bonus", description: "", max_score: 25, optional: true },
    ]);
  });

  it("writes YAML that reads back to what was written", () => {
    const lab = autolabAssessment(HW3, { timeoutS: 300, image: "registry.example.edu/kit:node20" });
    expect(parseBlockYaml(autolabYml(lab), "hw3.yml")).toEqual(lab);
  });
});

describe("the job's Makefile and its time budget", () => {
  const lab = autolabAssessment(HW3, { timeoutS: 300, image: "autograding_node20" });

  it("grades the handin under the lab's handin_filename, within the lab's time limit less a margin", () => {
    const makefile = autolabMakefile(lab, autolabZeroLine(HW3));
    expect(makefile).toContain("BUDGET_S ?= 270");
    expect(makefile).toContain("--handin 'handin.tar'");
    expect(makefile).toContain("--budget $(BUDGET_S)");
    expect(makefile).toContain(`echo '$(ZERO_LINE)'`);
    expect(makefile).toContain(`ZERO_LINE := ${autolabZeroLine(HW3)}`);
    expect(makefile).toMatch(/^\t@tar xf autograde\.tar && node /m);
  });

  it("keeps 10 % of the limit back, at least 20 s, and refuses a limit too short to grade in", () => {
    expect([gradingBudget(60), gradingBudget(600), gradingBudget(900)]).toEqual([40, 540, 810]);
    expect(() => gradingBudget(59)).toThrow(/at least 60 seconds/);
  });
});

describe("the autodriver's view of a job's output", () => {
  it("keeps the first and last halves of the cap around its marker, so the last line survives", () => {
    const output = Buffer.from(`${"a".repeat(2000)}\n${"b".repeat(2000)}\n{"scores": {"x": 1}}\n`);
    const feedback = autodriverFeedback(output, "Autodriver: Job exited with status 0", 1000);
    expect(feedback).toBe(`Autodriver: Job exited with status 0\n${"a".repeat(500)}\n...[excess bytes elided]...\n${output.subarray(output.length - 500).toString()}`);
    expect(parseAutoresult(feedback).scores).toEqual({ x: 1 });
  });

  it("reads the last line as Autolab does, and says why it would record nothing", () => {
    expect(parseAutoresult('x\n{scores: {activations: 3}}\n').scores).toEqual({ activations: 3 });
    expect(parseAutoresult("report\nhw1: 125/125 points\n").error).toMatch(/not JSON/);
    expect(parseAutoresult('{"score": 3}').error).toBe("Missing 'scores' object in the autoresult");
    expect(parseAutoresult('{"scores": {}}').error).toBe("Empty autoresult string");
    expect(parseAutoresult('{"scores": {"a": "3"}}').error).toMatch(/not a number/);
  });
});
