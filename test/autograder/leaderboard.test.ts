/**
 * The class leaderboard: who is on it (only handins whose predictions were scored), the
 * order (accuracy descending, CER ascending; equal metrics share a rank, ties by name),
 * names (the nickname, else the handin's name), and its CSV, safe to open in a spreadsheet.
 */
import { describe, expect, it } from "vitest";
import { classLeaderboard, leaderboardCsv } from "../../autograder/src/challenge/leaderboard-class.js";
import type { ChallengeResult } from "../../autograder/src/challenge/score-handin.js";
import type { ChallengeConfig } from "../../autograder/src/challenge/spec.js";
import { classChallenge, type ClassRow } from "../../autograder/src/class-grading.js";

const ACCURACY: ChallengeConfig = { hw: "hw1", metric: "accuracy", points: 20, low: 0.5, high: 0.9 };
const CER: ChallengeConfig = { hw: "hw3", metric: "cer", points: 20, low: 0.6, high: 0.15 };

function row(student: string, challenge?: Partial<ChallengeResult>): ClassRow {
  const base: ChallengeResult = { hw: "hw1", metric: "accuracy", status: "scored", points: 0, max: 20, low: 0.5, high: 0.9, message: "" };
  return { student, status: "graded", scores: {}, total: 0, max: 120, feedback: `${student}.txt`, ...(challenge ? { challenge: { ...base, ...challenge } } : {}) };
}

const ROWS = [
  row("carol", { value: 0.8, points: 15 }),
  row("dave", { status: "invalid", message: "0 points: …" }),
  row("alice", { value: 0.95, points: 20, nickname: "Ada" }),
  row("bob", { value: 0.8, points: 15, nickname: "=SUM(A1)" }),
  row("erin", { status: "missing" }),
  row("frank"),
  row("gina", { value: 0.6, points: 5 }),
];

describe("the class leaderboard", () => {
  it("ranks scored handins best first by accuracy, equal ones sharing a rank, under nicknames", () => {
    expect(classLeaderboard(ROWS, ACCURACY).map((r) => [r.rank, r.name, r.value])).toEqual([
      [1, "Ada", 0.95],
      [2, "=SUM(A1)", 0.8],
      [2, "carol", 0.8],
      [4, "gina", 0.6],
    ]);
  });

  it("ranks by CER lowest first", () => {
    expect(classLeaderboard(ROWS, CER).map((r) => r.name)).toEqual(["gina", "=SUM(A1)", "carol", "Ada"]);
  });

  it("writes a CSV whose formula-like names stay text", () => {
    expect(leaderboardCsv(classLeaderboard(ROWS, ACCURACY), ACCURACY).trimEnd().split("\n")).toEqual([
      "rank,name,accuracy_percent,challenge_points",
      "1,Ada,95,20",
      "2,'=SUM(A1),80,15",
      "2,carol,80,15",
      "4,gina,60,5",
    ]);
  });

  it("is graded only by a class run of every test of a homework with a challenge", () => {
    expect([classChallenge("hw1", undefined)?.hw, classChallenge("hw1", "linear"), classChallenge("hw4", undefined)]).toEqual(["hw1", undefined, undefined]);
  });
});
