/**
 * Element-wise kernels in WebAssembly for float32 and float64: add, sub, mul, div,
 * maximum, minimum and the six comparisons (array and scalar forms), and neg, abs, sqrt,
 * exp, log, tanh and erf, each reading its inputs through their views (ndarray/wasm/ewise.ts).
 * The rest — pow, sign, sin, cos, where, and any int32 or bool op — are the cpu-js kernels,
 * after the views are compacted (fallback.ts), as is a call whose buffers cannot be staged.
 */
import { BINARY_OPS, COMPARE_OPS, UNARY_OPS, type BinaryOp, type CompareOp, type DeviceBuffer, type InputView, type UnaryOp } from "../../device.js";
import { ewiseKernels as js } from "../cpu-js/ewise.js";
import { withCompact } from "./fallback.js";
import { writeView } from "./layout.js";
import { wasm } from "./module.js";
import { spanOf, staged, whole, type Span } from "./stage.js";

const BINARY_CODE: Partial<Record<BinaryOp | CompareOp, number>> = { Add: 0, Sub: 1, Mul: 2, Div: 3, Maximum: 4, Minimum: 5 };
const COMPARE_CODE: Partial<Record<BinaryOp | CompareOp, number>> = { Eq: 0, Ne: 1, Lt: 2, Le: 3, Gt: 4, Ge: 5 };
const UNARY_CODE: Partial<Record<UnaryOp, number>> = { Neg: 0, Abs: 1, Sqrt: 2, Exp: 3, Log: 4, Tanh: 5, Erf: 6 };

const floatBuffers = (...bufs: DeviceBuffer[]): boolean =>
  bufs.every((b) => (b.dtype === "float32" || b.dtype === "float64") && b.dtype === bufs[0].dtype);

/** The kernel for a float op: arithmetic into `out` of the inputs' dtype, or a comparison into a bool `out`. */
function floatKernel(op: BinaryOp | CompareOp, inputs: DeviceBuffer[], out: DeviceBuffer): { code: number; compare: boolean } | undefined {
  const compare = COMPARE_CODE[op];
  if (compare !== undefined) return out.dtype === "bool" && floatBuffers(...inputs) ? { code: compare, compare: true } : undefined;
  const code = BINARY_CODE[op];
  return code !== undefined && floatBuffers(...inputs, out) ? { code, compare: false } : undefined;
}

const flat = (buf: DeviceBuffer): InputView => ({ shape: [buf.size], strides: [1], offset: 0 });
const span = (buf: DeviceBuffer, v: InputView): Span => spanOf(buf, v.shape, v.strides, v.offset);

type Binary = (a: DeviceBuffer, b: DeviceBuffer, out: DeviceBuffer, views?: readonly [InputView, InputView]) => void;
type Scalar = (a: DeviceBuffer, value: number, out: DeviceBuffer, view?: InputView) => void;
type Unary = (a: DeviceBuffer, out: DeviceBuffer, view?: InputView) => void;

function binary(op: BinaryOp | CompareOp): Binary {
  const fallback = js[`ewise${op}`];
  return (a, b, out, views) => {
    if (out.size === 0) return;
    const kernel = floatKernel(op, [a, b], out);
    if (kernel !== undefined) {
      const [va, vb] = views ?? [flat(a), flat(b)];
      const nd = writeView(va.shape, [va.strides, vb.strides], 1);
      const f32 = a.dtype === "float32";
      const run = kernel.compare ? (f32 ? wasm.compareF32 : wasm.compareF64) : f32 ? wasm.binaryF32 : wasm.binaryF64;
      if (nd > 0 && staged([span(a, va), span(b, vb)], whole(out), (at) => run(kernel.code, at(a, va.offset), at(b, vb.offset), at(out, 0), nd))) return;
    }
    withCompact(a, views?.[0], (x) => withCompact(b, views?.[1], (y) => fallback(x, y, out)));
  };
}

function scalar(op: BinaryOp | CompareOp): Scalar {
  const fallback = js[`scalar${op}`];
  return (a, value, out, view) => {
    if (out.size === 0) return;
    const kernel = floatKernel(op, [a], out);
    if (kernel !== undefined) {
      const va = view ?? flat(a);
      const nd = writeView(va.shape, [va.strides], 1);
      const f32 = a.dtype === "float32";
      const run = kernel.compare ? (f32 ? wasm.compareScalarF32 : wasm.compareScalarF64) : f32 ? wasm.scalarF32 : wasm.scalarF64;
      if (nd > 0 && staged([span(a, va)], whole(out), (at) => run(kernel.code, at(a, va.offset), value, at(out, 0), nd))) return;
    }
    withCompact(a, view, (x) => fallback(x, value, out));
  };
}

function unary(op: UnaryOp): Unary {
  const code = UNARY_CODE[op];
  const fallback = js[`ewise${op}`];
  return (a, out, view) => {
    if (out.size === 0) return;
    if (code !== undefined && floatBuffers(a, out)) {
      const va = view ?? flat(a);
      const nd = writeView(va.shape, [va.strides], 1);
      const run = out.dtype === "float32" ? wasm.unaryF32 : wasm.unaryF64;
      if (nd > 0 && staged([span(a, va)], whole(out), (at) => run(code, at(a, va.offset), at(out, 0), nd))) return;
    }
    withCompact(a, view, (x) => fallback(x, out));
  };
}

const entries = <P extends string, K extends string, F>(prefix: P, keys: readonly K[], make: (k: K) => F) =>
  Object.fromEntries(keys.map((k) => [prefix + k, make(k)])) as Record<`${P}${K}`, F>;

export const ewiseKernels = {
  ...entries("ewise", [...BINARY_OPS, ...COMPARE_OPS], binary),
  ...entries("scalar", [...BINARY_OPS, ...COMPARE_OPS], scalar),
  ...entries("ewise", UNARY_OPS, unary),
};
