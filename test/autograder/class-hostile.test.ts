/**
 * A class run with attackers seated between honest classmates: every honest student keeps
 * exactly full marks, every student has a CSV row, and each attacker loses exactly the
 * points of its own tests (hostile-catalog.ts; totals computed from the suite). The
 * attacks chosen are those that could reach past their own sandbox: signals (only where
 * the sandbox has its own PID namespace), the channel, time, memory and files.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gradeClass, type ClassRow } from "../../autograder/src/class-grading.js";
import { isolation } from "../../autograder/src/isolation.js";
import { classCsv } from "../../autograder/src/reports/csv.js";
import { ATTACKS, type Attack } from "./hostile-catalog.js";
import { HW1_MAX, hw1TotalWithout, writeHandin } from "./handins.js";

const CLASS_ATTACKS = ["stops-the-grader", "kills-everyone", "garbage-on-the-channel", "huge-frame", "forged-result", "infinite-loop", "huge-allocation", "process-exit", "error-after-return", "trace-events"];

const work = mkdtempSync(join(tmpdir(), "kit-class-hostile-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const attackers: Attack[] = ATTACKS.filter((a) => CLASS_ATTACKS.includes(a.name) && (!a.needsPidNamespace || isolation().pid));
let rows: ClassRow[] = [];

/** Seat i: honest on even seats, the attackers in between. */
function seat(i: number, name: string): string {
  return `${String(i).padStart(2, "0")}-${name}`;
}

beforeAll(async () => {
  const handins = join(work, "handins");
  mkdirSync(handins);
  attackers.forEach((a, i) => {
    writeHandin({ name: seat(2 * i, "honest"), edits: [], total: HW1_MAX }, handins);
    writeHandin({ name: seat(2 * i + 1, a.name), edits: a.edits, total: hw1TotalWithout(a.loses) }, handins);
  });
  writeHandin({ name: seat(2 * attackers.length, "honest"), edits: [], total: HW1_MAX }, handins);
  rows = await gradeClass({ hw: "hw1", dir: handins, feedbackDir: join(work, "feedback"), jobs: 2, timeoutMs: 2000, memoryLimitBytes: 512 * 2 ** 20 });
}, 600_000);

describe(`a class with ${CLASS_ATTACKS.length} attackers between honest classmates (${isolation().description})`, () => {
  it("has a row for every student, honest or not", () => {
    expect(rows.length).toBe(2 * attackers.length + 1);
    const csv = classCsv(rows, Object.keys(rows[0].scores), work);
    for (const r of rows) expect(csv).toContain(r.student);
  });

  it("leaves every honest student exactly full marks", () => {
    const honest = rows.filter((r) => r.student.endsWith("-honest"));
    expect(honest.map((r) => [r.student, r.status, r.total])).toEqual(honest.map((r) => [r.student, "graded", HW1_MAX]));
  });

  it.each(attackers.map((a) => [a.name, a] as const))("costs %s exactly its own tests", (name, a) => {
    const row = rows.find((r) => r.student.endsWith(`-${name}`))!;
    expect(row.total, readFileSync(row.feedback, "utf8").slice(-3000)).toBe(hw1TotalWithout(a.loses));
  });
});
