/**
 * One case on the code under test, wherever that code runs: in the sandboxed child
 * (child.ts) or, for `--debug`, in the grader's own process (debug.ts). It rebuilds the
 * inputs, calls the case's `run`, and returns the outputs or what was thrown. It checks the
 * one rule every case shares (inputs are read, never written) and says whose an error is:
 *
 * - a frame of its stack lies in the student's files: the student's code threw;
 * - no frame does, but the suite had already read from the student's module: the suite
 *   failed on what the student's code gave back (a function that returned undefined, an
 *   array of the wrong shape), which is still the student's to fix;
 * - neither: the grader's own code failed before the student's code was reached.
 *
 * The student's files are every file outside the kit's own code (autograder/, ndarray/,
 * node_modules/): a handin is unpacked anywhere, and `--reference` grades reference/hwN.
 * A suite reads an export only to call it, so reading one is reaching the student's code.
 * The verdict travels as the error's code (GRADER_ERROR, UNUSABLE_RESULT), as
 * E_NOT_IMPLEMENTED marks an untouched stub.
 */
import { dirname, join } from "node:path";
import { deviceByName, KitError, setDefaultDevice, type NDArray } from "#ndarray";
import { capStack, LIMITS, type RunRequest, type ThrownError } from "./channel.js";
import { BROKEN_RULE, MODIFIED_INPUTS, RuleBroken } from "./rules.js";
import { isInside, stackFrames, type Frame } from "./stack-frames.js";
import type { Suite } from "./suite.js";
import { describe, fromWire, toWire, type WireValue } from "./wire.js";

/** The code of an error the grader's own code threw before the student's code was reached. */
export const GRADER_ERROR = "E_GRADER";
/** The code of an error the suite threw on what the student's code returned. */
export const UNUSABLE_RESULT = "E_UNUSABLE_RESULT";
const MISSING_EXPORT = "E_MISSING_EXPORT";
/** Frames kept while a case runs: enough to reach the student's call below a deep library stack. */
const STACK_DEPTH = 64;

export type CaseReply = { type: "result"; outputs: Record<string, WireValue> } | { type: "error"; error: ThrownError };

/** This file as stack traces name it: source-mapped in the sandbox's bundle, the real path under tsx. */
const OWN_FILE = stackFrames(new Error().stack ?? "")[0]?.file;

/** The kit's own code folders, found from this file's place. */
const KIT_CODE = OWN_FILE === undefined ? [] : ["autograder", "ndarray", "node_modules"].map((d) => join(dirname(dirname(dirname(OWN_FILE))), d));

/** Whether a frame lies in the code under test: not the kit's, and not the running script itself (a bundle's unmapped helpers). */
function isStudentFrame(f: Frame): boolean {
  return f.file !== process.argv[1] && !KIT_CODE.some((d) => isInside(f.file, d));
}

/** What `err` was, within the channel's limits (an error's fields are the student's and may be anything). */
export function describeThrown(err: unknown): ThrownError {
  try {
    if (err instanceof Error) {
      const code = (err as { code?: unknown }).code;
      const frames = (err.stack ?? "").split("\n").filter((l) => /^\s+at /.test(l));
      return {
        name: String(err.name).slice(0, LIMITS.nameChars),
        message: String(err.message).slice(0, LIMITS.messageChars),
        code: typeof code === "string" ? code.slice(0, LIMITS.nameChars) : undefined,
        stack: capStack(frames.join("\n")),
      };
    }
    return { name: "non-Error", message: `threw ${describe(err)} instead of an Error: ${String(err).slice(0, 200)}` };
  } catch {
    return { name: "non-Error", message: "threw a value that cannot even be printed" };
  }
}

/** The student's module as a suite sees it: reading a name it does not export says so, and every read is noted. */
export class StudentModule {
  /** Whether the suite has read from the module since the case began. */
  reached = false;
  readonly exports: object;

  constructor(hwName: string, module: object) {
    const handler: ProxyHandler<object> = {
      get: (target, name, receiver) => {
        if (typeof name === "string") this.reached = true;
        if (typeof name === "string" && !(name in target)) {
          const missing = new KitError(MISSING_EXPORT, `your ${hwName}/index.ts does not export "${name}"`);
          // The stack starts where the suite asked for the name, not in this trap.
          Error.captureStackTrace(missing, handler.get);
          throw missing;
        }
        return Reflect.get(target, name, receiver);
      },
    };
    this.exports = new Proxy(module, handler);
  }
}

/**
 * Whose `err` is (see the file comment); anything unusual about it is the student's. Only the
 * frames above runCase count: below it are whoever called it (the child, or a debug script).
 */
function blame(err: unknown, reached: boolean): "student" | "result" | "grader" {
  try {
    if (!(err instanceof Error) || (err instanceof KitError && err.code === MISSING_EXPORT)) return "student";
    const frames = stackFrames(err.stack ?? "");
    const caller = frames.findIndex((f) => f.file === OWN_FILE);
    if (frames.slice(0, caller < 0 ? frames.length : caller).some(isStudentFrame)) return "student";
    return reached ? "result" : "grader";
  } catch {
    return "student";
  }
}

/** `thrown` with the verdict in its code; a student's error never keeps a code that names another verdict. */
function withBlame(thrown: ThrownError, who: ReturnType<typeof blame>): ThrownError {
  if (who === "grader") return { ...thrown, code: GRADER_ERROR };
  if (who === "result") return { ...thrown, code: UNUSABLE_RESULT };
  return thrown.code === GRADER_ERROR || thrown.code === UNUSABLE_RESULT ? { ...thrown, code: undefined } : thrown;
}

/** The bytes of every input before the call: the rules say an input is read, never written. */
function snapshot(inputs: Readonly<Record<string, NDArray>>): Map<string, { shape: string; bytes: Buffer }> {
  const bytesOf = (a: NDArray) => {
    const data = a.toTypedArray();
    return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  };
  return new Map(Object.entries(inputs).map(([name, a]) => [name, { shape: a.shape.join(","), bytes: bytesOf(a) }]));
}

/**
 * The inputs whose shape or bytes differ from their snapshot. A case that lets the code
 * update an array in place (an optimiser's weights) hands it a copy, never the input.
 */
function changedInputs(inputs: Readonly<Record<string, NDArray>>, before: ReturnType<typeof snapshot>): string[] {
  return [...before].flatMap(([name, was]) => {
    const now = snapshot({ [name]: inputs[name] }).get(name);
    return now !== undefined && now.shape === was.shape && now.bytes.equals(was.bytes) ? [] : [name];
  });
}

/** Runs the case `req` names on `student`; never throws. */
export function runCase(suite: Suite, student: StudentModule, req: RunRequest): CaseReply {
  student.reached = false;
  const depth = Error.stackTraceLimit;
  Error.stackTraceLimit = STACK_DEPTH;
  try {
    const c = suite.cases.find((x) => x.id === req.caseId);
    if (c === undefined) throw new Error(`the grader asked for case ${req.caseId}, which this suite does not have`);
    const device = deviceByName(req.device);
    setDefaultDevice(device);
    const inputs: Record<string, NDArray> = {};
    for (const [name, value] of Object.entries(req.inputs)) inputs[name] = fromWire(value, device);
    const before = snapshot(inputs);
    const outputs: Record<string, WireValue> = {};
    try {
      const returned = c.run({ hw: student.exports, inputs, size: req.size });
      for (const [name, value] of Object.entries(returned)) outputs[name] = toWire(value);
    } catch (err) {
      if (!(err instanceof RuleBroken)) throw err;
      outputs[BROKEN_RULE] = { kind: "other", description: err.rule };
    }
    const modified = changedInputs(inputs, before);
    if (modified.length > 0) outputs[MODIFIED_INPUTS] = { kind: "other", description: modified.join(",") };
    return { type: "result", outputs };
  } catch (err) {
    return { type: "error", error: withBlame(describeThrown(err), blame(err, student.reached)) };
  } finally {
    Error.stackTraceLimit = depth;
  }
}
