/**
 * A lab's `hwN.yml` in Autolab's assessment format, and a checker that reads one the way
 * Autolab's importer does (Assessment#load_yaml, then the models' validations):
 *
 * - `general:` must exist ("General section missing in yaml"); its keys go straight into
 *   the Assessment record, so a key that is not a column fails the import. Without
 *   `handin_filename` Autolab names every handin `handin.c`, and the job grades nothing.
 * - `problems:` are the only keys a score line may carry: Autolab refuses the whole line
 *   when one names no problem.
 * - `autograder:` is what makes Autolab send handins to Tango at all: the image the job
 *   runs in (at most 64 characters) and its wall-clock limit (10 to 900 seconds).
 * - `scoreboard:` (a homework with a challenge) is the Scoreboard record: a `banner` and the
 *   `colspec`, JSON text that Autolab's validation wants as `{"scoreboard": [{"hdr": …}]}`
 *   with no key but hdr, asc and img; each score line's `scoreboard` array has one value
 *   per column (challenge/leaderboard.ts).
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { KitError } from "#ndarray";
import { challengeOf } from "../challenge/config.js";
import { autolabColspec } from "../challenge/leaderboard.js";
import { labProblems } from "../reports/autolab.js";
import type { Suite } from "../suite.js";
import { blockYaml, parseBlockYaml, type YamlMap, type YamlValue } from "./yaml-block.js";

export interface AutolabSettings {
  /** Tango's wall-clock limit for one job, in seconds; grading stops a margin before it. */
  timeoutS: number;
  /** The Docker image Tango runs the job in: Tango's autograding image with Node ≥ 20 (Dockerfile). */
  image: string;
}

export const DEFAULT_AUTOLAB_SETTINGS: AutolabSettings = { timeoutS: 600, image: "autograding_node20" };

/** What `npm run submit` writes, and so what the job expects Autolab to deliver. */
export const HANDIN_FILENAME = "handin.tar";
/** Autolab's upload limit in MB; a handin is source code, and the grader unpacks at most 20 MiB. */
const MAX_SIZE_MB = 20;

export const AUTOLAB_TIMEOUT_RANGE = { min: 10, max: 900 } as const;
export const AUTOLAB_IMAGE_MAX_LENGTH = 64;

export interface AutolabGeneral {
  name: string;
  display_name: string;
  description: string;
  category_name: string;
  handin_filename: string;
  handin_directory: string;
  max_size: number;
  max_submissions: number;
}

export interface AutolabProblemEntry {
  name: string;
  description: string;
  max_score: number;
  optional: boolean;
}

export interface AutolabAutograder {
  autograde_timeout: number;
  autograde_image: string;
  release_score: boolean;
}

export interface AutolabScoreboard {
  banner: string;
  /** JSON text: `{"scoreboard": [{"hdr": "…", "asc": 1}, …]}`. */
  colspec: string;
}

export interface AutolabAssessment {
  general: AutolabGeneral;
  problems: AutolabProblemEntry[];
  autograder: AutolabAutograder;
  scoreboard?: AutolabScoreboard;
}

function scoreboardOf(hw: string): { scoreboard?: AutolabScoreboard } {
  const c = challengeOf(hw);
  if (c === undefined) return {};
  return { scoreboard: { banner: `Part 2 of ${hw}: the challenge, ranked by ${c.metric === "cer" ? "CER (lower is better)" : "accuracy"} on the hidden test set`, colspec: autolabColspec(c) } };
}

export function autolabAssessment(suite: Suite, settings: AutolabSettings): AutolabAssessment {
  return {
    general: {
      name: suite.hw,
      display_name: suite.title,
      description: `${suite.title}, graded by the course kit's autograder`,
      category_name: "Homework",
      handin_filename: HANDIN_FILENAME,
      handin_directory: "handin",
      max_size: MAX_SIZE_MB,
      max_submissions: -1,
    },
    problems: labProblems(suite.hw, suite.sections, suite.cases).map((p) => ({ name: p.name, description: p.description, max_score: p.maxScore, optional: p.optional })),
    autograder: { autograde_timeout: settings.timeoutS, autograde_image: settings.image, release_score: true },
    ...scoreboardOf(suite.hw),
  };
}

export function autolabYml(a: AutolabAssessment): string {
  const problems: YamlValue[] = a.problems.map((p) => ({ ...p }));
  const doc: YamlMap = { general: { ...a.general }, problems, autograder: { ...a.autograder } };
  if (a.scoreboard !== undefined) doc.scoreboard = { ...a.scoreboard };
  return blockYaml(doc, [
    `Autolab lab file for ${a.general.name}, written by \`npm run package:autolab\`.`,
    "The problem names are exactly the keys of the score line the job prints last.",
  ]);
}

/** Assessment columns `general:` may set (Autolab's schema), and the old names its importer renames. */
const GENERAL_KEYS = new Set(
  [
    "name description display_name handin_filename handin_directory max_grace_days handout writeup allow_unofficial",
    "max_submissions disable_handins exam max_size version_threshold quiz quizData remote_handin_path category_name",
    "group_size embedded_quiz_form_data embedded_quiz github_submission_enabled allow_student_assign_group",
    "is_positive_grading disable_network due_at end_at start_at late_penalty_id version_penalty_id",
    "category handout_filename writeup_filename has_autograde has_scoreboard has_svn",
  ].flatMap((l) => l.split(" ")),
);
const PROBLEM_KEYS = new Set(["name", "description", "max_score", "optional", "starred"]);
const AUTOGRADER_KEYS = new Set(["autograde_timeout", "autograde_image", "release_score"]);
const SCOREBOARD_KEYS = new Set(["banner", "colspec"]);
const COLUMN_KEYS = new Set(["hdr", "asc", "img"]);
const VALID_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

function isMap(v: YamlValue | undefined): v is YamlMap {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const text = (v: YamlValue | undefined): v is string => typeof v === "string" && v.trim() !== "";

const num = (v: YamlValue | undefined, fallback: number): number => (typeof v === "number" ? v : fallback);

/** What Autolab's Scoreboard validation (colspec_is_well_formed) refuses in a column spec; [] for a blank one. */
export function colspecErrors(colspec: string): string[] {
  if (colspec.trim() === "") return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(colspec);
  } catch (e) {
    return [`scoreboard.colspec: not JSON (${e instanceof Error ? e.message : String(e)})`];
  }
  const columns = typeof parsed === "object" && parsed !== null && "scoreboard" in parsed ? parsed.scoreboard : undefined;
  if (columns === undefined) return ["scoreboard.colspec: missing 'scoreboard' array object"];
  if (!Array.isArray(columns) || columns.length === 0) return ["scoreboard.colspec: the 'scoreboard' object must be a non-empty array of hashes"];
  return columns.flatMap((col: unknown, i) => {
    if (typeof col !== "object" || col === null || Array.isArray(col)) return [`scoreboard.colspec: scoreboard[${i}] is not a hash object`];
    const keys = Object.keys(col);
    return [
      ...("hdr" in col ? [] : [`scoreboard.colspec: scoreboard[${i}] hash is missing a 'hdr' object`]),
      ...keys.filter((k) => !COLUMN_KEYS.has(k)).map((k) => `scoreboard.colspec: unknown key('${k}') in scoreboard[${i}]`),
    ];
  });
}

/** The number of columns of a well-formed column spec. */
export function colspecColumns(colspec: string): number {
  const parsed: unknown = JSON.parse(colspec);
  return typeof parsed === "object" && parsed !== null && "scoreboard" in parsed && Array.isArray(parsed.scoreboard) ? parsed.scoreboard.length : 0;
}
const str = (v: YamlValue | undefined, fallback: string): string => (text(v) ? v : fallback);

/**
 * Checks a lab file as Autolab's importer would for the lab `name` (its folder). Returns
 * the assessment as Autolab would hold it (its defaults filled in) when it imports and
 * autogrades, and every problem found otherwise.
 */
export function checkAutolabYml(source: string, name: string, file = `${name}.yml`): { assessment?: AutolabAssessment; errors: string[] } {
  let doc: YamlValue;
  try {
    doc = parseBlockYaml(source, file);
  } catch (e) {
    if (e instanceof KitError) return { errors: [e.message] };
    throw e;
  }
  if (!isMap(doc)) return { errors: ["the file is not a mapping of sections (general:, problems:, autograder:)"] };
  const errors: string[] = [];
  const general = isMap(doc.general) ? doc.general : undefined;
  if (general === undefined) errors.push("General section missing in yaml");
  else {
    for (const k of Object.keys(general)) if (!GENERAL_KEYS.has(k)) errors.push(`general.${k}: not an attribute of an Autolab assessment (the import fails)`);
    if (general.name !== name) errors.push(`general.name is ${JSON.stringify(general.name ?? null)}, but the lab's folder is ${name}: Autolab renames it`);
    if (!VALID_NAME.test(name)) errors.push(`${name}: an Autolab assessment name starts with a letter and holds only letters, digits, _ and -`);
    if (general.disable_handins !== true && !text(general.handin_filename)) errors.push("general.handin_filename: missing, so Autolab names every handin handin.c");
    for (const k of ["max_size", "max_submissions", "max_grace_days", "group_size", "version_threshold"]) {
      if (general[k] !== undefined && typeof general[k] !== "number") errors.push(`general.${k}: not a number`);
    }
  }
  const problems: AutolabProblemEntry[] = [];
  if (!Array.isArray(doc.problems) || doc.problems.length === 0) errors.push("problems: missing, so no score can be recorded");
  else {
    doc.problems.forEach((p, i) => {
      if (!isMap(p)) return errors.push(`problems[${i}]: not a mapping`);
      for (const k of Object.keys(p)) if (!PROBLEM_KEYS.has(k)) errors.push(`problems[${i}].${k}: not an attribute of an Autolab problem`);
      const pname = p.name;
      if (!text(pname)) return errors.push(`problems[${i}].name: missing`);
      if (problems.some((q) => q.name.toLowerCase() === pname.toLowerCase())) errors.push(`problems: "${pname}" appears twice (Autolab compares names without case)`);
      if (typeof p.max_score !== "number") errors.push(`problems[${i}] (${pname}).max_score: missing or not a number`);
      if (p.optional !== undefined && typeof p.optional !== "boolean") errors.push(`problems[${i}] (${pname}).optional: not true or false`);
      problems.push({ name: pname, description: str(p.description, ""), max_score: num(p.max_score, 0), optional: p.optional === true });
    });
  }
  const ag = isMap(doc.autograder) ? doc.autograder : isMap(doc.autograding_setup) ? doc.autograding_setup : undefined;
  if (ag === undefined) errors.push("autograder: missing, so Autolab never sends a handin to Tango");
  else {
    for (const k of Object.keys(ag)) if (!AUTOGRADER_KEYS.has(k)) errors.push(`autograder.${k}: not an attribute of Autolab's autograder`);
    const image = ag.autograde_image;
    if (!text(image)) errors.push("autograder.autograde_image: missing");
    else if (image.trim().length > AUTOLAB_IMAGE_MAX_LENGTH) {
      errors.push(`autograder.autograde_image: ${image.trim().length} characters, over Autolab's ${AUTOLAB_IMAGE_MAX_LENGTH}`);
    }
    const t = ag.autograde_timeout;
    const { min, max } = AUTOLAB_TIMEOUT_RANGE;
    if (typeof t !== "number" || t < min || t > max) errors.push(`autograder.autograde_timeout: ${JSON.stringify(t ?? null)}, but Autolab takes ${min} to ${max} seconds`);
    if (ag.release_score !== undefined && typeof ag.release_score !== "boolean") errors.push("autograder.release_score: not true or false");
  }
  let scoreboard: AutolabScoreboard | undefined;
  if (doc.scoreboard !== undefined) {
    const sb = doc.scoreboard;
    if (!isMap(sb)) errors.push("scoreboard: not a mapping (banner:, colspec:)");
    else {
      for (const k of Object.keys(sb)) if (!SCOREBOARD_KEYS.has(k)) errors.push(`scoreboard.${k}: not an attribute of an Autolab scoreboard`);
      if (sb.colspec !== undefined && typeof sb.colspec !== "string") errors.push("scoreboard.colspec: not text");
      const colspec = typeof sb.colspec === "string" ? sb.colspec : "";
      errors.push(...colspecErrors(colspec));
      scoreboard = { banner: typeof sb.banner === "string" ? sb.banner : "", colspec };
    }
  }
  if (errors.length > 0 || general === undefined || ag === undefined) return { errors };
  return {
    errors,
    assessment: {
      general: {
        name,
        display_name: str(general.display_name, name),
        description: str(general.description, ""),
        category_name: str(general.category_name ?? general.category, "General"),
        handin_filename: str(general.handin_filename, ""),
        handin_directory: str(general.handin_directory, "handin"),
        max_size: num(general.max_size, 2),
        max_submissions: num(general.max_submissions, -1),
      },
      problems,
      autograder: { autograde_timeout: num(ag.autograde_timeout, 0), autograde_image: str(ag.autograde_image, "").trim(), release_score: ag.release_score === true },
      ...(scoreboard === undefined ? {} : { scoreboard }),
    },
  };
}

/** Reads and checks a lab file; a KitError listing what Autolab would refuse. */
export function readAutolabYml(path: string, name: string): AutolabAssessment {
  const { assessment, errors } = checkAutolabYml(readFileSync(path, "utf8"), name, basename(path));
  if (assessment === undefined) throw new KitError("E_AUTOLAB_YML", `${path}: ${errors.join("; ")}`);
  return assessment;
}

/**
 * What Autolab would refuse in a score line for `assessment`: keys that name no problem,
 * values that are not numbers; and, for a lab with a custom scoreboard, a `scoreboard` that
 * is missing, not an array or of another length than the column spec (Autolab shows such a
 * row as "-" or breaks the scoreboard page).
 */
export function scoreLineErrors(scores: Record<string, unknown>, assessment: AutolabAssessment, scoreboard?: unknown): string[] {
  const names = new Set(assessment.problems.map((p) => p.name));
  const errors = Object.entries(scores).flatMap(([k, v]) => [
    ...(names.has(k) ? [] : [`"${k}" is not a problem of ${assessment.general.name}.yml`]),
    ...(typeof v === "number" ? [] : [`"${k}" is not a number`]),
  ]);
  const colspec = assessment.scoreboard?.colspec ?? "";
  if (colspec.trim() !== "" && colspecErrors(colspec).length === 0) {
    const columns = colspecColumns(colspec);
    if (!Array.isArray(scoreboard)) errors.push(`no "scoreboard" array for the lab's ${columns} scoreboard columns`);
    else if (scoreboard.length !== columns) errors.push(`"scoreboard" has ${scoreboard.length} values for the lab's ${columns} columns`);
  }
  return errors;
}
