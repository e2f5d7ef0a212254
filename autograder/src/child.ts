/**
 * The sandboxed side of grading. This file is bundled with the suite and the student's
 * code into one script that a child Node process runs under the permission model (see
 * sandbox.ts). It loads the student's module, then answers the grader's requests on fd 3
 * (channel.ts): each case runs through run-case.ts (the outputs, or what was thrown and whose
 * fault it is), and goes back with what the code printed. It never sees an expected value
 * and never decides a score.
 *
 * `run` is synchronous, so an exception or a rejection that reaches the process handlers
 * comes from something a case (or the module, while loading) left behind: a timer, a
 * promise. The child reports it as a late error, naming the case that started it, and
 * exits; the grader blames that case, not the one it happens to be running next.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { Socket } from "node:net";
import { decodeRequest, encodeFrame, FrameReader, type ChildMessage, type LateErrorKind, type Request } from "./channel.js";
import { describeThrown, runCase, StudentModule } from "./run-case.js";
import type { Suite } from "./suite.js";

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

  const answer = (student: StudentModule, payload: Buffer): ChildMessage => {
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
      const reply = running.run(req.caseId, () => runCase(suite, student, req));
      return { ...reply, output: capture.take() };
    } finally {
      inFlight = false;
    }
  };
  load().then(
    (module) => {
      const student = new StudentModule(suite.hw, module);
      const reader = new FrameReader(REQUEST_CAP_BYTES, (payload) => send(answer(student, payload)), () => process.exit(1));
      channel.on("data", (chunk: Buffer) => reader.push(chunk));
      send({ type: "ready" });
    },
    (err: unknown) => send({ type: "load-error", error: describeThrown(err), output: capture.take() }),
  );
}
