/** The whole lines of a file that a span of its tokens covers, numbered, for showing a fragment. */
import type { Span } from "./fragments.js";
import type { SourceFile } from "./submissions.js";
import type { Token } from "./tokens.js";

export interface Excerpt {
  path: string;
  /** First and last line, counted from 1. */
  first: number;
  last: number;
  lines: string[];
}

/** The line (from 0) holding offset `at` of a text whose line starts are `starts`. */
function lineOf(starts: readonly number[], at: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function excerpt(files: readonly SourceFile[], tokens: readonly (readonly Token[])[], span: Span): Excerpt {
  const file = files[span.file];
  const toks = tokens[span.file];
  const lines = file.text.split("\n");
  const starts: number[] = [];
  let offset = 0;
  for (const l of lines) {
    starts.push(offset);
    offset += l.length + 1;
  }
  const first = lineOf(starts, toks[span.from].start);
  const last = lineOf(starts, toks[Math.min(span.to, toks.length) - 1].end - 1);
  return { path: file.path, first: first + 1, last: last + 1, lines: lines.slice(first, last + 1) };
}
