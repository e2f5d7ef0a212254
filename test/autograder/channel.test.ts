/**
 * The grader's channel codec: what the child encodes comes back equal, and every forged or
 * broken frame is reported as malformed, without throwing and without buffering a frame
 * over the cap.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeChildMessage, decodeRequest, encodeFrame, FrameReader, LIMITS, type ChildMessage } from "../../autograder/src/channel.js";

/** The payloads a reader with `cap` cuts out of `chunks`, and what it refused. */
function read(chunks: Buffer[], cap = 64 * 2 ** 20): { payloads: Buffer[]; refused: string[] } {
  const payloads: Buffer[] = [];
  const refused: string[] = [];
  const reader = new FrameReader(cap, (p) => payloads.push(p), (d) => refused.push(d));
  for (const c of chunks) reader.push(c);
  return { payloads, refused };
}

/** A frame whose JSON header is `header` (any text) followed by `body`. */
function frame(header: string, body: Uint8Array = new Uint8Array(0)): Buffer {
  const json = Buffer.from(header, "utf8");
  const out = Buffer.alloc(8 + json.length + body.length);
  out.writeUInt32LE(4 + json.length + body.length, 0);
  out.writeUInt32LE(json.length, 4);
  json.copy(out, 8);
  out.set(body, 8 + json.length);
  return out;
}

/** The decoded payload of one whole frame. */
function decode(f: Buffer): ReturnType<typeof decodeChildMessage> {
  const { payloads } = read([f]);
  expect(payloads).toHaveLength(1);
  return decodeChildMessage(payloads[0]);
}

function malformedDetail(f: Buffer): string {
  const d = decode(f);
  if (!("malformed" in d)) throw new Error(`expected a malformed message, got ${JSON.stringify(d.message)}`);
  return d.malformed;
}

const result = (outputs: unknown) => JSON.stringify({ type: "result", outputs, output: "" });
const array = (shape: unknown, data: unknown, dtype = "float32") => ({ y: { kind: "array", dtype, shape, data } });

describe("channel frames", () => {
  const message: ChildMessage = {
    type: "result",
    outputs: {
      f32: { kind: "array", dtype: "float32", shape: [2, 2], data: new Float32Array([1.5, -2, 3, 4]) },
      f64: { kind: "array", dtype: "float64", shape: [3], data: new Float64Array([Math.PI, Number.NaN, -Infinity]) },
      i32: { kind: "array", dtype: "int32", shape: [2], data: new Int32Array([-7, 2 ** 31 - 1]) },
      bool: { kind: "array", dtype: "bool", shape: [3], data: new Uint8Array([1, 0, 1]) },
      empty: { kind: "array", dtype: "float32", shape: [0, 5], data: new Float32Array(0) },
      nan: { kind: "number", value: Number.NaN },
      inf: { kind: "number", value: -Infinity },
      three: { kind: "number", value: 3 },
      what: { kind: "other", description: "undefined" },
    },
    output: "printed ✓",
  };

  it("round-trips a result whole, byte by byte, and several frames in one chunk", () => {
    const f = encodeFrame(message);
    const bytes = [...f].map((b) => Buffer.from([b]));
    for (const chunks of [[f], bytes, [Buffer.concat([f, f])]]) {
      const { payloads, refused } = read(chunks);
      expect(refused).toEqual([]);
      expect(payloads.length).toBeGreaterThan(0);
      for (const p of payloads) expect(decodeChildMessage(p)).toEqual({ message });
    }
  });

  it("round-trips a run request with its input arrays, a view into a larger buffer included", () => {
    const big = new Float64Array([9, 1, 2, 9]);
    const f = encodeFrame({
      type: "run",
      caseId: "linear.forward",
      size: { n: 2, bias: true, mode: "x" },
      inputs: { x: { kind: "array", dtype: "float64", shape: [2], data: big.subarray(1, 3) } },
      device: "cpu",
    });
    const req = decodeRequest(read([f]).payloads[0]);
    expect(req).toEqual({
      type: "run",
      caseId: "linear.forward",
      size: { n: 2, bias: true, mode: "x" },
      inputs: { x: { kind: "array", dtype: "float64", shape: [2], data: new Float64Array([1, 2]) } },
      device: "cpu",
    });
  });

  it("refuses an oversized length prefix from its four bytes, buffering nothing after it", () => {
    const prefix = Buffer.alloc(4);
    prefix.writeUInt32LE(400_000_000, 0);
    const payloads: Buffer[] = [];
    const refused: string[] = [];
    const reader = new FrameReader(64 * 2 ** 20, (p) => payloads.push(p), (d) => refused.push(d));
    reader.push(prefix);
    expect(refused).toEqual([`it announced a 400000000-byte message; the limit is ${64 * 2 ** 20} bytes`]);
    for (let i = 0; i < 10; i++) reader.push(encodeFrame({ type: "pong" }));
    expect(payloads).toEqual([]);
    expect(refused).toHaveLength(1);
  });

  it("caps the printed output and an error's fields, and keeps __proto__ an own output name", () => {
    const err = { name: "E".repeat(500), message: "m".repeat(5000), stack: Array.from({ length: 10 }, (_, i) => `    at f${i} (x.ts:${i})`).join("\n") };
    const d = decode(frame(JSON.stringify({ type: "error", error: err, output: "o".repeat(20_000) })));
    if (!("message" in d) || d.message.type !== "error") throw new Error("expected an error message");
    expect(d.message.error.name.length).toBeLessThanOrEqual(LIMITS.nameChars + 1);
    expect(d.message.error.message.length).toBeLessThanOrEqual(LIMITS.messageChars + 1);
    expect(d.message.error.stack?.split("\n")).toHaveLength(LIMITS.stackFrames);
    expect(d.message.output.length).toBeLessThanOrEqual(LIMITS.outputChars + 1);
    const proto = decode(frame('{"type":"result","output":"","outputs":{"__proto__":{"kind":"number","value":1}}}'));
    if (!("message" in proto) || proto.message.type !== "result") throw new Error("expected a result");
    expect(Object.getPrototypeOf(proto.message.outputs)).toBe(Object.prototype);
    expect(Object.keys(proto.message.outputs)).toEqual(["__proto__"]);
  });
});

describe("malformed frames", () => {
  const f32 = (n: number) => new Uint8Array(new Float32Array(n).buffer);
  const ref = (byteLength: number, kind = "float32", byteOffset = 0) => ({ kind, byteOffset, byteLength });
  const cases: [string, Buffer, RegExp][] = [
    ["truncated JSON", frame('{"type":"result","outputs":{'), /not valid JSON/],
    ["a header longer than the frame", (() => { const f = frame("{}"); f.writeUInt32LE(999, 4); return f; })(), /more than the frame holds/],
    ["a frame too short for a header", Buffer.from([2, 0, 0, 0, 1, 2]), /too short/],
    ["a header over the header cap", frame(`"${"x".repeat(LIMITS.headerBytes)}"`), /header is \d+ bytes/],
    ["an unknown message type", frame('{"type":"NODE_HANDLE"}'), /type is not one/],
    ["a JSON array as message", frame("[1,2]"), /not an object/],
    ["a huge shape", frame(result(array([400_000_000], ref(0)))), /more elements than the message carries/],
    ["a shape with too many axes", frame(result(array(new Array(33).fill(1), ref(4))), f32(1)), /33 axes/],
    ["a negative size", frame(result(array([-1], ref(0)))), /other than a size/],
    ["a fractional size", frame(result(array([1.5], ref(6)))), /other than a size/],
    ["a size as a string", frame(result(array(["4"], ref(16))), f32(4)), /other than a size/],
    ["a shape that is an object", frame(result(array({ length: 4e8 }, ref(0)))), /shape is not an array/],
    ["a shape whose product differs from the data", frame(result(array([3], ref(8))), f32(2)), /does not hold 3 elements/],
    ["data of another kind than the dtype", frame(result(array([2], ref(16, "float32"), "float64")), f32(4)), /not float64 data/],
    ["data of a typed-array kind that does not exist", frame(result(array([1], ref(8, "bigint64"), "float64")), f32(2)), /not float64 data/],
    ["data outside the frame", frame(result(array([4], ref(16, "float32", 8))), f32(4)), /outside the message/],
    ["an unknown dtype", frame(result(array([1], ref(8, "int64"), "int64")), f32(2)), /unknown dtype/],
    ["a BigInt-like number", frame(result({ y: { kind: "number", value: "123n" } })), /not a number/],
    ["a number as an object", frame(result({ y: { kind: "number", value: { valueOf: 1 } } })), /not a number/],
    ["an unknown value kind", frame(result({ y: { kind: "function" } })), /neither an array/],
    ["too many outputs", frame(result(Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`o${i}`, { kind: "number", value: i }])))), /65 outputs/],
    ["an error whose name is not a string", frame(JSON.stringify({ type: "error", output: "", error: { name: 1, message: "x" } })), /name is not a string/],
    ["a result without printed output", frame(JSON.stringify({ type: "result", outputs: {} })), /printed output is not a string/],
    ["a late error of an unknown kind", frame(JSON.stringify({ type: "late-error", kind: "oops", error: { name: "E", message: "m" } })), /neither an exception/],
    ["deeply nested JSON", frame(`${"[".repeat(200_000)}${"]".repeat(200_000)}`), /not valid JSON|not an object/],
  ];

  it.each(cases)("%s is malformed", (_what, f, detail) => {
    expect(malformedDetail(f)).toMatch(detail);
  });

  it("never throws on any payload bytes or any JSON header", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const out = decodeChildMessage(Buffer.from(bytes));
        expect("message" in out || "malformed" in out).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.jsonValue(), fc.uint8Array({ maxLength: 32 }), (json, body) => {
        const { payloads } = read([frame(JSON.stringify(json) ?? "null", body)]);
        const out = decodeChildMessage(payloads[0]);
        expect("message" in out || "malformed" in out).toBe(true);
      }),
    );
  });
});
