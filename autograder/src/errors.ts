/** Typed errors of the autograder and its instructor tools (see ndarray/errors.ts for the pattern). */
import { KitError } from "#ndarray";

/** A reference file whose solution markers are unmatched, nested or misplaced; names file:line. */
export class StubMarkerError extends KitError {
  constructor(file: string, line: number, detail: string) {
    super("E_STUB_MARKER", `${file}:${line}: ${detail}`);
  }
}

/** A suite whose ids, sections or points do not add up; found where the suite is defined. */
export class SuiteDefinitionError extends KitError {
  constructor(hw: string, detail: string) {
    super("E_SUITE_DEFINITION", `suite ${hw}: ${detail}`);
  }
}

/** A homework name the grader has no suite for, or a folder it cannot grade. */
export class UnknownHomeworkError extends KitError {
  constructor(hw: string, known: readonly string[]) {
    super("E_UNKNOWN_HOMEWORK", `no suite for "${hw}"; the homeworks with suites are: ${known.join(", ")}`);
  }
}

/** A fixture file or manifest that is missing, unreadable or does not match the suite. */
export class FixtureError extends KitError {
  constructor(file: string, detail: string) {
    super("E_FIXTURE", `${file}: ${detail}`);
  }
}

/** Submitted code that does not compile, or that imports files outside its homework folder. */
export class SubmissionCompileError extends KitError {
  constructor(detail: string) {
    super("E_SUBMISSION_COMPILE", detail);
  }
}

/** A handin archive that cannot be graded: missing, unreadable, empty, or for another homework. */
export class HandinError extends KitError {
  constructor(file: string, detail: string) {
    super("E_HANDIN", `${file}: ${detail}`);
  }
}
