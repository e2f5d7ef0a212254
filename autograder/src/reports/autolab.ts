/**
 * `--autolab`: Autolab reads the LAST line of the job's output as `{"scores": {...}}`,
 * one key per problem. Problems are the suite's sections, so the lab's problem names
 * are the section ids. Nothing the submission prints can come after this line: the
 * grader prints it itself, last, after the child has been stopped.
 */
import type { GradeReport } from "../grade.js";

export function autolabScores(report: GradeReport): Record<string, number> {
  return Object.fromEntries(report.sections.map((s) => [s.id, s.score]));
}

export function autolabLine(report: GradeReport): string {
  return JSON.stringify({ scores: autolabScores(report) });
}
