/**
 * Proof that each homework's tests bite, and bite where a student can see it: every planted
 * bug (test/mutants/) must fail each test it names on a PUBLIC variant, by a check of what
 * came back (values, shape, dtype, a rule), and its own test's message must name the
 * mistake. Dying only by an exception (the grader's or the reference's own code crashing on
 * the bug), or only on hidden variants (full marks locally), fails the build unless the
 * mutant is marked as such with the reason. Only the named tests are graded, which keeps
 * this file fast; per homework it prints how many mutants die on public variants by a check.
 */
import { afterAll, describe, expect, it } from "vitest";
import { grade, type CaseResult, type GradeReport } from "../../autograder/src/grade.js";
import { suiteFile } from "../../autograder/src/target.js";
import { homeworks } from "../../autograder/suites/index.js";
import { MUTANTS } from "../mutants/index.js";
import type { MarkedDeath, Mutant } from "../mutants/mutant.js";
import { inTurns, makeGrader, type Grader } from "./grading.js";
import { makeSubmission, removeSubmission } from "./submission.js";

type Death = "check" | MarkedDeath | "survived" | "broken";

/** How one case of a mutant went. */
function deathOf(t: CaseResult): Death {
  if (t.status === "passed") return "survived";
  if (t.status === "compile-error" || t.status === "not-run" || t.status === "not-attempted") return "broken";
  if (t.failedOn === "hidden") return "hidden";
  return t.status === "failed" ? "check" : "exception";
}

function resultOf(report: GradeReport, id: string): CaseResult {
  const result = report.tests.find((t) => t.id === id);
  if (result === undefined) throw new Error(`the report has no result for ${id}`);
  return result;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach(removeSubmission));

/** Mutants graded at once: a mutant's time is mostly its sandbox starting, which overlaps well with another's grading. */
const inTurn = inTurns(3);

describe.each(homeworks())("%s mutants", (hw) => {
  const mutants = MUTANTS[hw] ?? [];
  const deaths = new Map<string, Death>();
  /** For mutants that die by a check: the kind of the check (values, shape, type, dtype, rule). */
  const checks = new Map<string, string>();
  let grader: Promise<Grader> | undefined;
  const graderFor = () => (grader ??= makeGrader(hw));

  afterAll(() => {
    const byCheck = mutants.filter((m) => deaths.get(m.id) === "check");
    const kinds = new Map<string, number>();
    for (const m of byCheck) kinds.set(checks.get(m.id) ?? "?", (kinds.get(checks.get(m.id) ?? "?") ?? 0) + 1);
    const kindText = [...kinds].map(([k, n]) => `${k} ${n}`).join(", ");
    const marked = mutants.filter((m) => m.dies !== undefined).map((m) => `${m.id} (${m.dies?.how})`);
    const share = mutants.length === 0 ? 0 : (100 * byCheck.length) / mutants.length;
    console.log(
      `${hw}: ${byCheck.length} of ${mutants.length} mutants die on a public variant by a check of what came back (${share.toFixed(0)} %: ${kindText})` +
        (marked.length ? `; marked as dying otherwise (each with its reason in test/mutants/${hw}.ts): ${marked.join(", ")}` : ""),
    );
  });

  it("number at least 8, each named once, each naming tests of the suite", async () => {
    const g = await graderFor();
    expect(mutants.length).toBeGreaterThanOrEqual(8);
    expect(new Set(mutants.map((m) => m.id)).size).toBe(mutants.length);
    const unknown = mutants.flatMap((m) => m.loses.filter((id) => !g.suite.cases.some((c) => c.id === id)).map((id) => `${m.id}: ${id}`));
    expect(unknown).toEqual([]);
  });

  it.concurrent.each(mutants.map((m) => [m.id, m] as const))("%s fails its tests on a public variant, saying why", async (_id, mutant: Mutant) => {
    const g = await graderFor();
    const dir = makeSubmission(hw, mutant.edits);
    dirs.push(dir);
    const cases = g.suite.cases.filter((c) => mutant.loses.includes(c.id));
    const report = await inTurn(() =>
      grade({
        suite: g.suite,
        cases,
        fixtures: g.fixtures.filter((f) => mutant.loses.includes(f.caseId)),
        hwDir: dir,
        suiteFile: suiteFile(hw),
        device: "cpu",
        // No mutant loops: a generous limit keeps a loaded machine from turning a value check into a timeout.
        timeoutMs: 30_000,
        memoryLimitBytes: 2 ** 31,
      }),
    );
    const results = mutant.loses.map((id) => resultOf(report, id));
    const how = results.map((t) => `${t.id}: ${deathOf(t)}`);
    const expected = mutant.dies?.how ?? "check";
    deaths.set(mutant.id, deathOf(results[0]));
    checks.set(mutant.id, results[0].failedBy ?? "");
    expect(how, `${mutant.what}\n${results.map((t) => `${t.id} (${t.status}): ${t.message}`).join("\n")}`).toEqual(mutant.loses.map((id) => `${id}: ${expected}`));
    if (expected === "check") expect(results[0].message, mutant.what).toMatch(mutant.says);
  }, 300_000);
});
