/**
 * Reading V8 stack traces: which file, line and column each frame names. The grader uses it
 * to tell the student's frames from its own (run-case.ts) and the trainer to name the line
 * of the homework where a training run failed. Frames come as plain paths (a bundle run with
 * `--enable-source-maps`) or as `file://` URLs (tsx); both are read as paths.
 */
import { isAbsolute, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

export interface Frame {
  file: string;
  line: number;
  column: number;
}

/** `    at f (/a/b.ts:3:5)`, `    at /a/b.ts:3:5`, `    at async file:///a/b.ts:3:5`. */
const LOCATION = /^\s*at (?:async )?(?:.*\()?(.+?):(\d+):(\d+)\)?$/;

/** The location one stack line names, when it names a file (not `node:internal/…` or `<anonymous>`). */
export function parseFrame(line: string): Frame | undefined {
  const m = LOCATION.exec(line);
  if (m === null) return undefined;
  let file = m[1];
  if (file.startsWith("file://")) {
    try {
      file = fileURLToPath(file);
    } catch {
      return undefined;
    }
  }
  if (!isAbsolute(file)) return undefined;
  return { file, line: Number(m[2]), column: Number(m[3]) };
}

/** Every frame of `stack` that names a file, innermost first. */
export function stackFrames(stack: string): Frame[] {
  return stack.split("\n").flatMap((line) => parseFrame(line) ?? []);
}

/** Whether `file` lies inside folder `dir`. */
export function isInside(file: string, dir: string): boolean {
  const rel = relative(dir, file);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
}

/**
 * The innermost frame of `stack` inside one of `dirs`, written `hw1/models.ts:42:17` (its
 * path relative to `base`, with `/` between folders), or undefined when none is.
 */
export function firstFrameIn(stack: string, dirs: readonly string[], base: string): string | undefined {
  const frame = stackFrames(stack).find((f) => dirs.some((d) => isInside(f.file, d)));
  return frame && `${relative(base, frame.file).split(sep).join("/")}:${frame.line}:${frame.column}`;
}
