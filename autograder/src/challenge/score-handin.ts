/**
 * Part 2 of a grading run: the homework folder's predictions file scored against the
 * hidden labels, apart from Part 1's tests. What a run reports depends on what it has:
 *
 * - labels and a predictions file: the metric and its points ("scored"), or 0 and the
 *   file's first problem ("invalid");
 * - labels, no predictions file, and a handin (Autolab, Gradescope, a class run, `--handin`):
 *   0, saying so ("missing");
 * - no labels (a student's handout), or a folder graded locally without a predictions file:
 *   a note only ("elsewhere", "not-yet"), and Part 2 counts nowhere;
 * - labels that cannot be had here (the checkout lacks the module that makes them): a note
 *   saying why ("unavailable").
 *
 * A student may name themselves for the class leaderboard in `hwN/nickname.txt`: its first
 * line, as plain text, at most NICKNAME_MAX characters. Autolab's scoreboard shows the
 * nickname of the student's Autolab account instead, and Gradescope's the pseudonym a
 * student gives when submitting.
 */
import { closeSync, lstatSync, openSync, readSync } from "node:fs";
import { join } from "node:path";
import { KitError } from "#ndarray";
import { plainText } from "../reports/plain-text.js";
import { challengeOf, cutoffText, metricName, percent } from "./config.js";
import { readPredictionsFile } from "./predictions.js";
import { challengePoints, metricValue } from "./score.js";
import { checkoutLabels, readLabelsFile, type LabelSource } from "./score-labels.js";
import { PREDICTIONS_FILE, type ChallengeConfig, type ChallengeHomework, type ChallengeLabels } from "./spec.js";

export type ChallengeStatus = "scored" | "invalid" | "missing" | "elsewhere" | "not-yet" | "unavailable";

/** Part 2 of a report. */
export interface ChallengeResult {
  hw: ChallengeHomework;
  metric: ChallengeConfig["metric"];
  status: ChallengeStatus;
  /** The metric on the test set, when scored. */
  value?: number;
  points: number;
  max: number;
  low: number;
  high: number;
  /** One line for people: the metric and points, or why there are none. */
  message: string;
  /** From the handin's nickname.txt, for the class leaderboard. */
  nickname?: string;
}

/** The file a student names themselves in for the class leaderboard, beside the predictions. */
export const NICKNAME_FILE = "nickname.txt";
export const NICKNAME_MAX = 32;

/** Whether Part 2's points count: the grader had the labels and the handin's predictions file (or its absence) to judge. */
export function challengeCounts(r: ChallengeResult): boolean {
  return r.status === "scored" || r.status === "invalid" || r.status === "missing";
}

/** The handin's nickname, read as untrusted text: a regular file, its first line, plain, capped; undefined when none. */
export function readNickname(hwDir: string): string | undefined {
  const file = join(hwDir, NICKNAME_FILE);
  if (lstatSync(file, { throwIfNoEntry: false })?.isFile() !== true) return undefined;
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.alloc(4 * NICKNAME_MAX);
    const text = buf.subarray(0, readSync(fd, buf, 0, buf.length, 0)).toString("utf8");
    const line = plainText(text.replace(/^\uFEFF/, "").split(/\r?\n/)[0]).replace(/[\s\uFFFD]+/g, " ").trim();
    const name = [...line].slice(0, NICKNAME_MAX).join("").trim();
    return name === "" ? undefined : name;
  } finally {
    closeSync(fd);
  }
}

export interface ChallengeRun {
  /** Where the labels come from (score-labels.ts). */
  source: LabelSource;
  /** A handin is being graded, so a missing predictions file scores 0 rather than a reminder. */
  handin: boolean;
}

/** Part 2 of grading `hwDir` for `hw`; undefined for a homework without a challenge. */
export async function gradeChallenge(hw: string, hwDir: string, run: ChallengeRun): Promise<ChallengeResult | undefined> {
  const config = challengeOf(hw);
  if (config === undefined) return undefined;
  const base = { hw: config.hw, metric: config.metric, points: 0, max: config.points, low: config.low, high: config.high, nickname: readNickname(hwDir) };
  const file = join(hwDir, PREDICTIONS_FILE);
  const present = lstatSync(file, { throwIfNoEntry: false }) !== undefined;
  const where = `${hw}/${PREDICTIONS_FILE}`;
  if (run.source.kind === "none") {
    const note = present ? `${where} is scored by the course autograder, on test labels this copy does not have` : `no ${where} yet; the course autograder scores it`;
    return { ...base, status: "elsewhere", message: `${note} (${cutoffText(config)})` };
  }
  if (!present && !(run.handin || run.source.kind === "file")) {
    return { ...base, status: "not-yet", message: `no ${where} yet: \`npm run challenge ${hw} -- --predict\` writes it (${cutoffText(config)})` };
  }
  if (!present) return { ...base, status: "missing", message: `0 points: the handin has no ${where} (\`npm run challenge ${hw} -- --predict\` writes it before \`npm run submit ${hw}\`)` };
  let labels: ChallengeLabels;
  try {
    labels = run.source.kind === "file" ? readLabelsFile(run.source.file, config.hw) : await checkoutLabels(config.hw);
  } catch (e) {
    if (!(e instanceof KitError)) throw e;
    return { ...base, status: "unavailable", message: `not scored here: ${e.message}` };
  }
  const read = readPredictionsFile(file, config.hw, labels.labels.length);
  if (!read.ok) return { ...base, status: "invalid", message: `0 points: ${read.reason}` };
  const value = metricValue(config, read.predictions, labels.labels);
  const points = challengePoints(config, value);
  return { ...base, status: "scored", value, points, message: `${metricName(config)} ${percent(value)} on the test set: ${points}/${config.points} (${cutoffText(config)})` };
}
