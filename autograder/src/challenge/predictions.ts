/**
 * Reading a student's predictions file (spec.ts's format). The file is data the grader
 * reads, never code it runs, and a student may hand in anything under that name: it is
 * refused unread when it is not a regular file or is over PREDICTIONS_MAX_BYTES, and every
 * way it can be wrong (not CSV, another header, a short or long file, a repeated, missing or
 * non-integer id, a prediction of the wrong form) is one line naming the line of the file,
 * so the student can fix it; the challenge then scores 0. A byte-order mark and CRLF line
 * ends (what spreadsheets write) are accepted, and blank lines and spaces around fields ignored.
 */
import { closeSync, fstatSync, lstatSync, openSync, readSync } from "node:fs";
import { CsvError } from "csv-parse";
import { parse } from "csv-parse/sync";
import { plainText } from "../reports/plain-text.js";
import { PREDICTIONS_FILE, PREDICTIONS_HEADER, type ChallengeHomework } from "./spec.js";

/** Largest predictions file read: a few thousand short rows need a few tens of KiB. */
export const PREDICTIONS_MAX_BYTES = 2 * 2 ** 20;
/** Longest prediction of a digit string (hw3's strings have a handful of digits). */
export const MAX_PREDICTION_LENGTH = 100;
/** Characters of the student's own text quoted in a reason. */
const QUOTED = 40;

export type Predictions = { ok: true; predictions: string[] } | { ok: false; reason: string };

/** The form of one prediction: a digit (classification) or a string of digits, possibly empty (hw3). */
function predictionProblem(hw: ChallengeHomework, p: string): string | undefined {
  if (hw === "hw3") {
    if (p.length > MAX_PREDICTION_LENGTH) return `a prediction of ${p.length} characters (at most ${MAX_PREDICTION_LENGTH} digits)`;
    return /^[0-9]*$/.test(p) ? undefined : `prediction ${quote(p)} is not a string of digits 0-9`;
  }
  return /^[0-9]$/.test(p) ? undefined : `prediction ${quote(p)} is not one digit 0-9`;
}

/** Student text inside a reason: plain, on one line, cut short, quoted. */
function quote(text: string): string {
  const plain = plainText(text).replace(/\s+/g, " ");
  return JSON.stringify(plain.length > QUOTED ? `${plain.slice(0, QUOTED)}…` : plain);
}

function fail(reason: string): Predictions {
  return { ok: false, reason: `${PREDICTIONS_FILE}: ${reason}` };
}

/** The records of `text` with the line each starts on; a one-line reason when it is not CSV. */
function records(text: Buffer): { rows: string[][]; lines: number[] } | { error: string } {
  const lines: number[] = [];
  try {
    const rows = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      on_record: (record: string[], context) => {
        lines.push(context.lines);
        return record;
      },
    });
    return { rows, lines };
  } catch (e) {
    if (e instanceof CsvError) return { error: `not readable as CSV (${plainText(e.message).replace(/\s+/g, " ").slice(0, 200)})` };
    throw e;
  }
}

/**
 * The predictions in `text` for a test set of `count` inputs, indexed by id; or the first
 * problem, naming its line.
 */
export function parsePredictions(text: Buffer, hw: ChallengeHomework, count: number): Predictions {
  if (text.length > PREDICTIONS_MAX_BYTES) return fail(`${text.length} bytes, over the ${PREDICTIONS_MAX_BYTES / 2 ** 20} MiB a predictions file may have`);
  const read = records(text);
  if ("error" in read) return fail(read.error);
  const { rows, lines } = read;
  if (rows.length === 0) return fail(`empty; it must start with the header line ${PREDICTIONS_HEADER.join(",")}`);
  const header = rows[0];
  if (header.length !== 2 || header[0] !== PREDICTIONS_HEADER[0] || header[1] !== PREDICTIONS_HEADER[1]) {
    return fail(`line ${lines[0]}: the header is ${quote(header.join(","))}; it must be exactly ${PREDICTIONS_HEADER.join(",")}`);
  }
  const predictions: string[] = new Array<string>(count);
  const seenOn = new Map<number, number>();
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    const at = `line ${lines[r]}`;
    if (row.length !== 2) return fail(`${at}: ${row.length} field${row.length === 1 ? "" : "s"}, but a row is id,prediction`);
    const [idText, prediction] = row;
    if (!/^[0-9]+$/.test(idText)) return fail(`${at}: id ${quote(idText)} is not a whole number`);
    const id = Number(idText);
    if (id >= count) return fail(`${at}: id ${id} is out of range: the test set has ids 0 to ${count - 1}`);
    const first = seenOn.get(id);
    if (first !== undefined) return fail(`${at}: id ${id} appears again (first on line ${first})`);
    seenOn.set(id, lines[r]);
    const problem = predictionProblem(hw, prediction);
    if (problem !== undefined) return fail(`${at}: ${problem}`);
    predictions[id] = prediction;
  }
  if (seenOn.size < count) {
    let missing = 0;
    while (seenOn.has(missing)) missing++;
    const more = count - seenOn.size - 1;
    return fail(`${seenOn.size} rows for ${count} test inputs: id ${missing} is missing${more > 0 ? ` (and ${more} more)` : ""}`);
  }
  return { ok: true, predictions };
}

/**
 * Reads `file` without trusting it: a link or anything but a regular file is refused, and
 * no more than the cap (plus one byte, to tell a file over it) is read.
 */
export function readPredictionsFile(file: string, hw: ChallengeHomework, count: number): Predictions {
  const link = lstatSync(file, { throwIfNoEntry: false });
  if (link === undefined) return fail("not found");
  if (!link.isFile()) return fail("not a regular file (a link or a folder); hand in the file itself");
  const fd = openSync(file, "r");
  try {
    const size = fstatSync(fd).size;
    if (size > PREDICTIONS_MAX_BYTES) return fail(`${size} bytes, over the ${PREDICTIONS_MAX_BYTES / 2 ** 20} MiB a predictions file may have`);
    const buf = Buffer.alloc(Math.min(size, PREDICTIONS_MAX_BYTES) + 1);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return parsePredictions(buf.subarray(0, n), hw, count);
  } finally {
    closeSync(fd);
  }
}
