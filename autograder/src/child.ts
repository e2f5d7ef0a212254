/**
 * The sandboxed side of grading. This file is bundled with the suite and the student's
 * code into one script that a child Node process runs under the permission model (see
 * sandbox.ts). It loads the student's module, then answers "run" requests: it rebuilds
 * the inputs, calls the case's `run`, and sends back the outputs, what the code printed,
 * or what it threw. It never sees an expected value and never decides a score.
 */
import { deviceByName, setDefaultDevice, type NDArray } from "#ndarray";
import type { Suite } from "./suite.js";
import { checkWireArray, describe, fromWire, toWire, type WireValue } from "./wire.js";

/** What the code under test threw, as plain data. */
export interface ThrownError {
  name: string;
  message: string;
  /** The KitError code, when it had one (E_NOT_IMPLEMENTED marks an untouched stub). */
  code?: string;
  /** The first stack frames, when it was an Error. */
  stack?: string;
}

export type RunRequest = { type: "run"; caseId: string; size: Record<string, unknown>; inputs: Record<string, unknown>; device: string };

/** Answered at once by a child whose event loop is free: a loop started in the background (a setInterval) shows up here. */
export type PingRequest = { type: "ping" };

export type ChildMessage =
  | { type: "ready" }
  | { type: "pong" }
  | { type: "load-error"; error: ThrownError; output: string }
  | { type: "result"; outputs: Record<string, WireValue>; output: string }
  | { type: "error"; error: ThrownError; output: string };

const OUTPUT_CAP = 4000;

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

export function describeThrown(err: unknown): ThrownError {
  try {
    if (err instanceof Error) {
      const code = (err as { code?: unknown }).code;
      const frames = (err.stack ?? "").split("\n").filter((l) => /^\s+at /.test(l));
      return {
        name: String(err.name),
        message: String(err.message),
        code: typeof code === "string" ? code : undefined,
        stack: frames.slice(0, 4).join("\n"),
      };
    }
    return { name: "non-Error", message: `threw ${describe(err)} instead of an Error: ${String(err).slice(0, 200)}` };
  } catch {
    return { name: "non-Error", message: "threw a value that cannot even be printed" };
  }
}

function send(message: ChildMessage): void {
  process.send?.(message);
}

function handle(suite: Suite, hw: unknown, req: RunRequest, capture: Capture): ChildMessage {
  try {
    const c = suite.cases.find((x) => x.id === req.caseId);
    if (c === undefined) throw new Error(`the grader asked for case ${req.caseId}, which this suite does not have`);
    const device = deviceByName(req.device);
    setDefaultDevice(device);
    const inputs: Record<string, NDArray> = {};
    for (const [name, value] of Object.entries(req.inputs)) {
      const w = checkWireArray(value);
      if (w === undefined) throw new Error(`input ${name} arrived malformed`);
      inputs[name] = fromWire(w, device);
    }
    const returned = c.run({ hw, inputs, size: req.size as Record<string, number> });
    const outputs: Record<string, WireValue> = {};
    for (const [name, value] of Object.entries(returned)) outputs[name] = toWire(value);
    return { type: "result", outputs, output: capture.take() };
  } catch (err) {
    return { type: "error", error: describeThrown(err), output: capture.take() };
  }
}

/** Entry point of the bundled child: load the homework, then serve run requests until disconnected. */
export function serve(suite: Suite, load: () => Promise<unknown>): void {
  const capture = new Capture();
  capture.install();
  process.on("disconnect", () => process.exit(0));
  load().then(
    (hw) => {
      process.on("message", (msg: RunRequest | PingRequest) => send(msg.type === "ping" ? { type: "pong" } : handle(suite, hw, msg, capture)));
      send({ type: "ready" });
    },
    (err: unknown) => send({ type: "load-error", error: describeThrown(err), output: capture.take() }),
  );
}
