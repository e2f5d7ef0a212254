/**
 * Where a handout asks for worked examples: the line pairs
 * `<!-- BEGIN EXAMPLE <case-id> <size-json> -->` … `<!-- END EXAMPLE -->`, whose inside
 * `npm run handouts` writes. A writer's slip (a case the suite lacks, a size that is not
 * JSON, an end marker forgotten) stops the build with one line naming the file and line.
 */
import { KitError } from "#ndarray";
import type { Case, Size, Suite } from "./suite.js";

export const EXAMPLE_END = "<!-- END EXAMPLE -->";
const BEGIN = /^<!-- BEGIN EXAMPLE(?:\s+(\S+)(?:\s+(.*?))?)?\s*-->$/;

/** A line that opens or closes a worked example. */
export function isExampleMarker(line: string): boolean {
  return line.startsWith("<!-- BEGIN EXAMPLE") || line.trimEnd() === EXAMPLE_END;
}

/** A worked example in a handout that cannot be built or read: names the file, its line and the reason. */
export class ExampleError extends KitError {
  constructor(file: string, line: number, detail: string) {
    super("E_EXAMPLE", `${file}:${line}: ${detail}`);
  }
}

/** One worked example of a handout. Lines are 0-based indexes into the file's lines. */
export interface ExampleMarker {
  case: Case;
  size: Size;
  /** The BEGIN line. */
  begin: number;
  /** The END line. */
  end: number;
}

function parseSize(json: string | undefined, fail: (detail: string) => never): Size {
  if (json === undefined) return fail(`the size after the case id is missing: write {} when the case reads none`);
  let size: unknown;
  try {
    size = JSON.parse(json);
  } catch (e) {
    return fail(`its size is not JSON (${(e as Error).message}): ${json}`);
  }
  if (typeof size !== "object" || size === null || Array.isArray(size)) return fail(`its size must be a JSON object, got ${json}`);
  for (const [k, v] of Object.entries(size)) {
    if (!["number", "boolean", "string"].includes(typeof v)) return fail(`its size's "${k}" must be a number, boolean or string`);
  }
  return size as Size;
}

/** The worked examples `markdown` (the text of `file`) asks for, in order. */
export function findExamples(markdown: string, file: string, suite: Suite): ExampleMarker[] {
  const lines = markdown.split("\n");
  const found: ExampleMarker[] = [];
  let open: { line: number; case: Case; size: Size } | undefined;
  lines.forEach((text, i) => {
    const fail = (detail: string): never => {
      throw new ExampleError(file, i + 1, detail);
    };
    if (text.startsWith("<!-- BEGIN EXAMPLE")) {
      if (open !== undefined) throw new ExampleError(file, open.line + 1, `example ${open.case.id} has no ${EXAMPLE_END} line before the next example`);
      const m = BEGIN.exec(text.trimEnd());
      if (m === null || m[1] === undefined) return fail(`a worked example's first line reads <!-- BEGIN EXAMPLE <case-id> <size-json> -->`);
      const c = suite.cases.find((k) => k.id === m[1]) ?? fail(`example "${m[1]}": suite ${suite.hw} has no such case (its ids are in autograder/suites/${suite.hw}/)`);
      open = { line: i, case: c, size: parseSize(m[2], (d) => fail(`example ${c.id}: ${d}`)) };
    } else if (text.trimEnd() === EXAMPLE_END) {
      if (open === undefined) fail(`${EXAMPLE_END} without a <!-- BEGIN EXAMPLE … --> line before it`);
      else found.push({ case: open.case, size: open.size, begin: open.line, end: i });
      open = undefined;
    }
  });
  if (open !== undefined) throw new ExampleError(file, open.line + 1, `example ${open.case.id} has no ${EXAMPLE_END} line after it`);
  return found;
}
