/** Suites are checked where they are defined; the hw1 suite keeps the totals. */
import { describe, expect, it } from "vitest";
import { zeros } from "#ndarray";
import { defineCase, defineSuite, selectCases, suitePoints, type CaseSpec } from "../../autograder/src/suite.js";
import { rubricTable, withRubric, RUBRIC_BEGIN, RUBRIC_END } from "../../autograder/src/rubric.js";
import { homeworks, loadSuite } from "../../autograder/suites/index.js";

function makeCase(over: Partial<CaseSpec<unknown>> = {}): CaseSpec<unknown> {
  return defineCase({
    id: "a.one",
    number: "1.1",
    section: "a",
    title: "one",
    points: 1,
    sizes: { public: [{ N: 1 }], hidden: [] },
    inputs: () => ({ x: zeros([1]) }),
    run: ({ inputs }) => ({ y: inputs.x }),
    ...over,
  });
}

const sections = [{ id: "a", number: "1", title: "A" }];

describe("defineSuite", () => {
  it.each([
    ["a duplicate id", [makeCase(), makeCase({ number: "1.2" })], 'case id "a.one" is used twice'],
    ["a duplicate number", [makeCase(), makeCase({ id: "a.two" })], "rubric number 1.1 is used twice (second: a.two)"],
    ["an unknown section", [makeCase({ section: "b" })], 'names section "b"'],
    ["a bad id", [makeCase({ id: "One" })], 'case id "One" must look like'],
    ["zero points", [makeCase({ points: 0 })], "more than 0 points"],
    ["no public variant", [makeCase({ sizes: { public: [], hidden: [{}] } })], "at least one public variant"],
  ])("rejects %s", (_what, cases, message) => {
    expect(() => defineSuite({ hw: "hwx", title: "x", sections, cases })).toThrow(message);
  });

  it("selects by exact id or by dotted prefix, never by a bare string prefix", () => {
    const suite = defineSuite({ hw: "hwx", title: "x", sections, cases: [makeCase(), makeCase({ id: "a.one_more", number: "1.2" })] });
    expect(selectCases(suite, "a").map((c) => c.id)).toEqual(["a.one", "a.one_more"]);
    expect(selectCases(suite, "a.one").map((c) => c.id)).toEqual(["a.one"]);
    expect(selectCases(suite, "a.on")).toEqual([]);
  });
});

describe.each(homeworks())("suite %s", (hw) => {
  it("is worth 100 regular points, and every case has hidden variants", async () => {
    const suite = await loadSuite(hw);
    expect(suitePoints(suite).regular).toBe(100);
    for (const c of suite.cases) expect(c.sizes.hidden.length, c.id).toBeGreaterThan(0);
  });

  it("has a rubric listing every case with its points", async () => {
    const suite = await loadSuite(hw);
    const table = rubricTable(suite);
    for (const c of suite.cases) expect(table).toContain(`| ${c.number} | \`${c.id}\` | ${c.title} | ${c.points}`);
    const doc = withRubric(`intro\n${RUBRIC_BEGIN}\nold\n${RUBRIC_END}\nend`, suite, "x.md");
    expect(doc).toBe(`intro\n${RUBRIC_BEGIN}\n${table}\n${RUBRIC_END}\nend`);
  });
});
