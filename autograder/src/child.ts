/**
 * The sandboxed side of grading. This file is bundled with the suite and the student's
 * code into one script that a child Node process runs under the permission model (see
 * sandbox.ts). It loads the student's module, then answers the grader's requests on fd 3
 * (channel.ts): it rebuilds the inputs, calls the case's `run`, and sends back the outputs,
 * what the code printed, or what it threw. It never sees an expected value and never
 * decides a score. It does check one rule every case shares: the code under test reads its
 * inputs and never writes them (the names of those it changed go back with the outputs).
 *
 * `run` is synchronous, so an exception or a rejection that reaches the process handlers
 * comes from something a case (or the module, while loading) left behind: a timer, a
 * promise. The child reports it as a late error, naming the case that started it, and
 * exits; the grader blames that case, not the one it happens to be running next.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { Socket } from "node:net";
import { deviceByName, KitError, setDefaultDevice, type NDArray } from "#ndarray";
import { capStack, decodeRequest, encodeFrame, FrameReader, LIMITS, type ChildMessage, type LateErrorKind, type Request, type RunRequest, type ThrownError } from "./channel.js";
import { BROKEN_RULE, MODIFIED_INPUTS, RuleBroken } from "./rules.js";
import type { Suite } from "./suite.js";
import { describe, fromWire, toWire, type WireValue } from "./wire.js";

export type { ChildMessage, PingRequest, RunRequest, ThrownError } from "./channel.js";

const OUTPUT_CAP = 4000;
/** The child's fd that the grader made for the channel. */
const CHANNEL_FD = 3;
/** The grader's requests are trusted: any length a frame can declare. */
const REQUEST_CAP_BYTES = 0xffffffff;

/** Everything the student's code prints between two replies, cut at OUTPUT_CAP characters. */
class Capture {
  private text = "";
  private dropped = 0;

  install(): void {
    const stderrWrite = process.stderr.write.bind(process.stderr);
    // A process.exit() mid-case would lose the buffer: hand it to the pipe the grader also reads
    // (pipe writes are synchronous on Linux, so this lands before the process ends).
    process.on("exit", () => {
      const rest = this.take();
      if (rest) stderrWrite(rest);
    });
    for (const stream of [process.stdout, process.stderr]) {
      stream.write = ((chunk: unknown) => {
        this.add(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
        return true;
      }) as typeof stream.write;
    }
  }

  add(s: string): void {
    const room = OUTPUT_CAP - this.text.length;
    if (room > 0) this.text += s.slice(0, room);
    this.dropped += Math.max(0, s.length - Math.max(room, 0));
  }

  take(): string {
    const out = this.dropped > 0 ? `${this.text}\n… (${this.dropped} more characters cut)` : this.text;
    this.text = "";
    this.dropped = 0;
    return out;
  }
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

/** The student's module, where reading a name it does not export says so instead of giving undefined. */
function exportsOf(hwName: string, module: object): object {
  const handler: ProxyHandler<object> = {
    get(target, name, receiver) {
      if (typeof name === "string" && !(name in target)) {
        const missing = new KitError("E_MISSING_EXPORT", `your ${hwName}/index.ts does not export "${name}"`);
        // The stack starts where the suite asked for the name, not in this trap.
        Error.captureStackTrace(missing, handler.get);
        throw missing;
      }
      return Reflect.get(target, name, receiver);
    },
  };
  return new Proxy(module, handler);
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

function handle(suite: Suite, hw: object, req: RunRequest, capture: Capture): ChildMessage {
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
      const returned = c.run({ hw, inputs, size: req.size });
      for (const [name, value] of Object.entries(returned)) outputs[name] = toWire(value);
    } catch (err) {
      if (!(err instanceof RuleBroken)) throw err;
      outputs[BROKEN_RULE] = { kind: "other", description: err.rule };
    }
    const modified = changedInputs(inputs, before);
    if (modified.length > 0) outputs[MODIFIED_INPUTS] = { kind: "other", description: modified.join(",") };
    return { type: "result", outputs, output: capture.take() };
  } catch (err) {
    return { type: "error", error: describeThrown(err), output: capture.take() };
  }
}

/** Entry point of the bundled child: load the homework, then serve requests until the grader closes the channel. */
export function serve(suite: Suite, load: () => Promise<object>): void {
  const capture = new Capture();
  capture.install();
  const channel = new Socket({ fd: CHANNEL_FD, readable: true, writable: true });
  channel.on("close", () => process.exit(0));
  channel.on("error", () => process.exit(0));
  const send = (message: ChildMessage, then?: () => void) => {
    let frame: Buffer;
    try {
      frame = encodeFrame(message);
    } catch (err) {
      frame = encodeFrame({ type: "error", error: describeThrown(err), output: "" });
    }
    channel.write(frame, then);
  };
  send({ type: "hello" });

  const running = new AsyncLocalStorage<string>();
  let inFlight = false;
  let lastCaseId: string | undefined;
  let dying = false;
  const onLate = (kind: LateErrorKind) => (err: unknown) => {
    if (inFlight || dying) return;
    dying = true;
    send({ type: "late-error", caseId: running.getStore() ?? lastCaseId, kind, error: describeThrown(err) }, () => process.exit(1));
  };
  process.on("uncaughtException", onLate("exception"));
  process.on("unhandledRejection", onLate("rejection"));

  const answer = (hw: object, payload: Buffer): ChildMessage => {
    let req: Request;
    try {
      req = decodeRequest(payload);
    } catch (err) {
      return { type: "error", error: describeThrown(err), output: "" };
    }
    if (req.type === "ping") return { type: "pong" };
    lastCaseId = req.caseId;
    inFlight = true;
    try {
      return running.run(req.caseId, () => handle(suite, hw, req, capture));
    } finally {
      inFlight = false;
    }
  };
  load().then(
    (module) => {
      const hw = exportsOf(suite.hw, module);
      const reader = new FrameReader(REQUEST_CAP_BYTES, (payload) => send(answer(hw, payload)), () => process.exit(1));
      channel.on("data", (chunk: Buffer) => reader.push(chunk));
      send({ type: "ready" });
    },
    (err: unknown) => send({ type: "load-error", error: describeThrown(err), output: capture.take() }),
  );
}
