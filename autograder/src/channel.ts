/**
 * The grader's own channel to the sandboxed child: length-prefixed frames over a pipe the
 * grader created (the child's fd 3), instead of Node's IPC. Node's IPC decodes whatever the
 * child writes inside Node itself (v8.deserialize, handle passing), where a forged frame
 * crashes or stalls the grader before any check of ours could run.
 *
 * A frame is a u32 LE byte length, then the payload: a u32 LE JSON length, the UTF-8 JSON
 * header, and the raw bytes of the typed arrays, each referenced in the header by
 * `{kind, byteOffset, byteLength}`. JSON cannot carry a BigInt, a function, a symbol or a
 * sparse array, and non-finite numbers travel as the strings "NaN", "Infinity", "-Infinity".
 *
 * The grader reads the child's frames with `FrameReader` (a frame over the cap is refused
 * from its first four bytes, before any of it is buffered) and `decodeChildMessage`, which
 * checks the schema before anything else looks at the data and never throws.
 */
import { typedArrayFor, type DType, type TypedArray } from "#ndarray";
import { DTYPES, type WireArray, type WireValue } from "./wire.js";
import type { Size } from "./suite.js";

/** What the code under test threw, as plain data. */
export interface ThrownError {
  name: string;
  message: string;
  /** The KitError code, when it had one (E_NOT_IMPLEMENTED marks an untouched stub). */
  code?: string;
  /** The first stack frames, when it was an Error. */
  stack?: string;
}

export type RunRequest = { type: "run"; caseId: string; size: Size; inputs: Record<string, WireArray>; device: string };

/** Answered at once by a child whose event loop is free: a loop started in the background (a setInterval) shows up here. */
export type PingRequest = { type: "ping" };

export type Request = RunRequest | PingRequest;

export type LateErrorKind = "exception" | "rejection";

export type ChildMessage =
  /** Sent before the submission is loaded: a child that exits without it never ran the student's code. */
  | { type: "hello" }
  | { type: "ready" }
  | { type: "pong" }
  | { type: "load-error"; error: ThrownError; output: string }
  | { type: "result"; outputs: Record<string, WireValue>; output: string }
  | { type: "error"; error: ThrownError; output: string }
  /** An exception or rejection that no case was running to catch: `caseId` is the case that started it, or absent during loading. */
  | { type: "late-error"; caseId?: string; kind: LateErrorKind; error: ThrownError };

/** The grader refuses a frame from the child longer than this, unless told otherwise. */
export const DEFAULT_MESSAGE_CAP_BYTES = 64 * 2 ** 20;

/** Limits of what a child may send; the child cuts its own messages to the same sizes. */
export const LIMITS = {
  /** The JSON header (outputs' metadata, printed output, errors) is small; the bulk travels as raw bytes. */
  headerBytes: 2 ** 20,
  outputs: 64,
  rank: 32,
  nameChars: 200,
  /** What the code printed: the child's capture keeps 4000 characters plus a note. */
  outputChars: 8000,
  descriptionChars: 200,
  messageChars: 2000,
  stackFrames: 4,
  stackChars: 1000,
} as const;

/** Raised by the schema checks; `decodeChildMessage` turns it into a "malformed" detail. */
class Malformed extends Error {}

function malformed(detail: string): never {
  throw new Malformed(detail);
}

function typedKind(value: ArrayBufferView): DType | undefined {
  if (value instanceof Float32Array) return "float32";
  if (value instanceof Float64Array) return "float64";
  if (value instanceof Int32Array) return "int32";
  if (value instanceof Uint8Array) return "bool";
  return undefined;
}

/** One whole frame (length prefix included) carrying `message`; throws on a typed array of another kind or a frame over 4 GiB. */
export function encodeFrame(message: ChildMessage | Request): Buffer {
  const blobs: Uint8Array[] = [];
  let bodyBytes = 0;
  const json = JSON.stringify(message, (_key, value: unknown) => {
    if (ArrayBuffer.isView(value)) {
      const kind = typedKind(value);
      if (kind === undefined) throw new TypeError(`cannot send a ${value.constructor.name}`);
      const ref = { kind, byteOffset: bodyBytes, byteLength: value.byteLength };
      blobs.push(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      bodyBytes += value.byteLength;
      return ref;
    }
    return typeof value === "number" && !Number.isFinite(value) ? String(value) : value;
  });
  const header = Buffer.from(json, "utf8");
  const payloadBytes = 4 + header.length + bodyBytes;
  if (payloadBytes > 0xffffffff) throw new RangeError(`a message of ${payloadBytes} bytes is too large to send`);
  const frame = Buffer.allocUnsafe(4 + payloadBytes);
  frame.writeUInt32LE(payloadBytes, 0);
  frame.writeUInt32LE(header.length, 4);
  header.copy(frame, 8);
  let at = 8 + header.length;
  for (const blob of blobs) {
    frame.set(blob, at);
    at += blob.length;
  }
  return frame;
}

/**
 * Cuts a byte stream into frame payloads. A declared length over `capBytes` stops the reader
 * at once (it buffers nothing more) and reports it; so does `stop()`.
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** The payload length being waited for, once its prefix has arrived. */
  private need: number | undefined;
  private stopped = false;

  constructor(
    private readonly capBytes: number,
    private readonly onFrame: (payload: Buffer) => void,
    private readonly onOversize: (detail: string) => void,
  ) {}

  push(chunk: Buffer): void {
    if (this.stopped) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    while (!this.stopped) {
      if (this.need === undefined) {
        if (this.buffered < 4) return;
        const declared = this.take(4).readUInt32LE(0);
        if (declared > this.capBytes) {
          this.stop();
          this.onOversize(`it announced a ${declared}-byte message; the limit is ${this.capBytes} bytes`);
          return;
        }
        this.need = declared;
      }
      if (this.buffered < this.need) return;
      const payload = this.take(this.need);
      this.need = undefined;
      this.onFrame(payload);
    }
  }

  stop(): void {
    this.stopped = true;
    this.chunks = [];
    this.buffered = 0;
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    const rest = all.subarray(n);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return all.subarray(0, n);
  }
}

/** The JSON header and the bytes after it. */
function splitPayload(payload: Buffer): { header: unknown; body: Buffer } {
  if (payload.length < 4) malformed(`a ${payload.length}-byte frame is too short to hold a message`);
  const headerBytes = payload.readUInt32LE(0);
  if (headerBytes > payload.length - 4) malformed(`its header claims ${headerBytes} bytes, more than the frame holds`);
  if (headerBytes > LIMITS.headerBytes) malformed(`its header is ${headerBytes} bytes; the limit is ${LIMITS.headerBytes}`);
  let header: unknown;
  try {
    header = JSON.parse(payload.toString("utf8", 4, 4 + headerBytes));
  } catch {
    malformed("its header is not valid JSON");
  }
  return { header, body: payload.subarray(4 + headerBytes) };
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) malformed(`${what} is not an object`);
  return value as Record<string, unknown>;
}

function text(value: unknown, what: string, cap: number): string {
  if (typeof value !== "string") malformed(`${what} is not a string`);
  return value.length > cap ? `${value.slice(0, cap)}…` : value;
}

function optionalText(value: unknown, what: string, cap: number): string | undefined {
  return value === undefined ? undefined : text(value, what, cap);
}

function thrown(value: unknown): ThrownError {
  const e = record(value, "the error");
  const stack = optionalText(e.stack, "the error's stack", Infinity);
  return {
    name: text(e.name, "the error's name", LIMITS.nameChars),
    message: text(e.message, "the error's message", LIMITS.messageChars),
    code: optionalText(e.code, "the error's code", LIMITS.nameChars),
    stack: stack === undefined ? undefined : capStack(stack),
  };
}

/** The first LIMITS.stackFrames lines of a stack, at most LIMITS.stackChars characters. */
export function capStack(stack: string): string {
  return stack.split("\n", LIMITS.stackFrames).join("\n").slice(0, LIMITS.stackChars);
}

const NON_FINITE: Readonly<Record<string, number>> = { NaN: Number.NaN, Infinity: Number.POSITIVE_INFINITY, "-Infinity": Number.NEGATIVE_INFINITY };

function finiteOrNot(value: unknown, what: string): number {
  if (typeof value === "number") return value;
  if (typeof value === "string" && Object.hasOwn(NON_FINITE, value)) return NON_FINITE[value];
  return malformed(`${what} is not a number`);
}

function shapeOf(value: unknown, what: string, maxElements: number): { shape: number[]; size: number } {
  if (!Array.isArray(value)) malformed(`${what}'s shape is not an array`);
  if (value.length > LIMITS.rank) malformed(`${what}'s shape has ${value.length} axes; at most ${LIMITS.rank} are allowed`);
  const shape: number[] = [];
  let size = 1;
  for (let i = 0; i < value.length; i++) {
    const d: unknown = value[i];
    if (typeof d !== "number" || !Number.isSafeInteger(d) || d < 0) malformed(`${what}'s shape holds something other than a size`);
    size *= d;
    if (size > maxElements) malformed(`${what}'s shape asks for more elements than the message carries`);
    shape.push(d);
  }
  return { shape, size };
}

const BYTES: Readonly<Record<DType, number>> = { float32: 4, float64: 8, int32: 4, bool: 1 };

/** Copies the referenced bytes out of `body` into a fresh typed array of `dtype` with `size` elements. */
function typedData(value: unknown, what: string, dtype: DType, size: number, body: Uint8Array): TypedArray {
  const ref = record(value, `${what}'s data`);
  if (ref.kind !== dtype) malformed(`${what}'s data is not ${dtype} data`);
  const { byteOffset, byteLength } = ref;
  if (byteLength !== size * BYTES[dtype]) malformed(`${what}'s data does not hold ${size} elements`);
  if (typeof byteOffset !== "number" || !Number.isSafeInteger(byteOffset) || byteOffset < 0 || byteOffset + byteLength > body.length) {
    malformed(`${what}'s data lies outside the message`);
  }
  const out = typedArrayFor(dtype, size);
  new Uint8Array(out.buffer).set(body.subarray(byteOffset, byteOffset + byteLength));
  return out;
}

function wireArray(v: Record<string, unknown>, what: string, body: Uint8Array): WireArray {
  const dtype = v.dtype;
  if (typeof dtype !== "string" || !(DTYPES as readonly string[]).includes(dtype)) malformed(`${what} has an unknown dtype`);
  const d = dtype as DType;
  const { shape, size } = shapeOf(v.shape, what, body.length);
  return { kind: "array", dtype: d, shape, data: typedData(v.data, what, d, size, body) };
}

/** An array, a number or a description, checked and copied out of the message. */
export function readWireValue(value: unknown, what: string, body: Uint8Array): WireValue {
  const v = record(value, what);
  switch (v.kind) {
    case "array":
      return wireArray(v, what, body);
    case "number":
      return { kind: "number", value: finiteOrNot(v.value, what) };
    case "other":
      return { kind: "other", description: text(v.description, `${what}'s description`, LIMITS.descriptionChars) };
    default:
      return malformed(`${what} is neither an array, a number nor a description`);
  }
}

function outputsOf(value: unknown, body: Uint8Array): Record<string, WireValue> {
  const names = Object.keys(record(value, "the outputs"));
  if (names.length > LIMITS.outputs) malformed(`it has ${names.length} outputs; at most ${LIMITS.outputs} are allowed`);
  const v = value as Record<string, unknown>;
  return Object.fromEntries(
    names.map((name) => {
      if (name.length > LIMITS.nameChars) malformed(`an output name is longer than ${LIMITS.nameChars} characters`);
      return [name, readWireValue(v[name], `output ${name}`, body)];
    }),
  );
}

function childMessage(header: unknown, body: Uint8Array): ChildMessage {
  const m = record(header, "the message");
  const output = () => text(m.output, "the printed output", LIMITS.outputChars);
  switch (m.type) {
    case "hello":
    case "ready":
    case "pong":
      return { type: m.type };
    case "load-error":
    case "error":
      return { type: m.type, error: thrown(m.error), output: output() };
    case "result":
      return { type: "result", outputs: outputsOf(m.outputs, body), output: output() };
    case "late-error": {
      if (m.kind !== "exception" && m.kind !== "rejection") malformed("a late error is neither an exception nor a rejection");
      return { type: "late-error", caseId: optionalText(m.caseId, "the case id", LIMITS.nameChars), kind: m.kind, error: thrown(m.error) };
    }
    default:
      return malformed("its type is not one the grader knows");
  }
}

/** The child's message in `payload`, or why it is malformed; never throws. */
export function decodeChildMessage(payload: Buffer): { message: ChildMessage } | { malformed: string } {
  try {
    const { header, body } = splitPayload(payload);
    return { message: childMessage(header, body) };
  } catch (err) {
    return { malformed: err instanceof Malformed ? err.message : "it could not be decoded" };
  }
}

function sizeValue(value: unknown, name: string): Size[string] {
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "string") return value;
  return malformed(`size ${name} is not a number, a boolean or a string`);
}

/** The grader's request in `payload` (read by the child, which trusts its grader but still checks the arrays). */
export function decodeRequest(payload: Buffer): Request {
  const { header, body } = splitPayload(payload);
  const m = record(header, "the request");
  if (m.type === "ping") return { type: "ping" };
  if (m.type !== "run") malformed("the request is neither a run nor a ping");
  const inputs: Record<string, WireArray> = {};
  for (const [name, value] of Object.entries(record(m.inputs, "the inputs"))) inputs[name] = wireArray(record(value, `input ${name}`), `input ${name}`, body);
  return {
    type: "run",
    caseId: text(m.caseId, "the case id", Infinity),
    size: Object.fromEntries(Object.entries(record(m.size, "the size")).map(([name, v]) => [name, sizeValue(v, name)])),
    inputs,
    device: text(m.device, "the device", Infinity),
  };
}
