/**
 * Element-wise kernels: binary (`ewiseAdd`), scalar (`scalarAdd`), comparison (`ewiseLt`,
 * writing a bool buffer) and unary (`ewiseExp`) ops, plus `ewiseWhere`. Each kernel is one
 * loop over compact buffers built from the scalar function in the tables below, so the
 * table is the single place that says what an op computes.
 */
import {
  BINARY_OPS,
  COMPARE_OPS,
  UNARY_OPS,
  type BinaryOp,
  type CompareOp,
  type DeviceBuffer,
  type UnaryOp,
} from "../../device.js";
import { data } from "./buffer.js";
import { erf } from "./erf.js";

type Fn2 = (x: number, y: number) => number;
type Fn1 = (x: number) => number;

const BINARY: Record<BinaryOp | CompareOp, Fn2> = {
  Add: (x, y) => x + y,
  Sub: (x, y) => x - y,
  Mul: (x, y) => x * y,
  Div: (x, y) => x / y,
  Pow: (x, y) => Math.pow(x, y),
  Maximum: (x, y) => (x > y || Number.isNaN(x) ? x : y),
  Minimum: (x, y) => (x < y || Number.isNaN(x) ? x : y),
  Eq: (x, y) => (x === y ? 1 : 0),
  Ne: (x, y) => (x !== y ? 1 : 0),
  Lt: (x, y) => (x < y ? 1 : 0),
  Le: (x, y) => (x <= y ? 1 : 0),
  Gt: (x, y) => (x > y ? 1 : 0),
  Ge: (x, y) => (x >= y ? 1 : 0),
};

const UNARY: Record<UnaryOp, Fn1> = {
  Neg: (x) => -x,
  Abs: Math.abs,
  Sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x),
  Exp: Math.exp,
  Log: Math.log,
  Sqrt: Math.sqrt,
  Tanh: Math.tanh,
  Sin: Math.sin,
  Cos: Math.cos,
  Erf: erf,
};

function ewiseBinary(f: Fn2) {
  return (a: DeviceBuffer, b: DeviceBuffer, out: DeviceBuffer): void => {
    const x = data(a);
    const y = data(b);
    const o = data(out);
    for (let i = 0; i < o.length; i++) o[i] = f(x[i], y[i]);
  };
}

function scalarBinary(f: Fn2) {
  return (a: DeviceBuffer, value: number, out: DeviceBuffer): void => {
    const x = data(a);
    const o = data(out);
    for (let i = 0; i < o.length; i++) o[i] = f(x[i], value);
  };
}

function ewiseUnary(f: Fn1) {
  return (a: DeviceBuffer, out: DeviceBuffer): void => {
    const x = data(a);
    const o = data(out);
    for (let i = 0; i < o.length; i++) o[i] = f(x[i]);
  };
}

function table<P extends string, K extends string, F, R>(
  prefix: P,
  keys: readonly K[],
  make: (f: F) => R,
  fns: Record<K, F>,
): Record<`${P}${K}`, R> {
  return Object.fromEntries(keys.map((k) => [prefix + k, make(fns[k])])) as Record<`${P}${K}`, R>;
}

type Binary = (a: DeviceBuffer, b: DeviceBuffer, out: DeviceBuffer) => void;
type Scalar = (a: DeviceBuffer, value: number, out: DeviceBuffer) => void;
type Unary = (a: DeviceBuffer, out: DeviceBuffer) => void;

/*
 * The kernels layers and optimisers call most, each with a loop of its own. Closures made
 * by one factory above share V8's type feedback, so their call to `f` turns megamorphic
 * and is never inlined once several ops have run: these run about three times faster
 * (`npm run bench`). They compute exactly what the tables say.
 */
const HOT_BINARY: Record<string, Binary> = {
  ewiseAdd: (a, b, out) => {
    const [x, y, o] = [data(a), data(b), data(out)];
    for (let i = 0; i < o.length; i++) o[i] = x[i] + y[i];
  },
  ewiseSub: (a, b, out) => {
    const [x, y, o] = [data(a), data(b), data(out)];
    for (let i = 0; i < o.length; i++) o[i] = x[i] - y[i];
  },
  ewiseMul: (a, b, out) => {
    const [x, y, o] = [data(a), data(b), data(out)];
    for (let i = 0; i < o.length; i++) o[i] = x[i] * y[i];
  },
  ewiseDiv: (a, b, out) => {
    const [x, y, o] = [data(a), data(b), data(out)];
    for (let i = 0; i < o.length; i++) o[i] = x[i] / y[i];
  },
};

const HOT_SCALAR: Record<string, Scalar> = {
  scalarAdd: (a, v, out) => {
    const [x, o] = [data(a), data(out)];
    for (let i = 0; i < o.length; i++) o[i] = x[i] + v;
  },
  scalarSub: (a, v, out) => {
    const [x, o] = [data(a), data(out)];
    for (let i = 0; i < o.length; i++) o[i] = x[i] - v;
  },
  scalarMul: (a, v, out) => {
    const [x, o] = [data(a), data(out)];
    for (let i = 0; i < o.length; i++) o[i] = x[i] * v;
  },
  scalarDiv: (a, v, out) => {
    const [x, o] = [data(a), data(out)];
    for (let i = 0; i < o.length; i++) o[i] = x[i] / v;
  },
};

const HOT_UNARY: Record<string, Unary> = {
  ewiseExp: (a, out) => {
    const [x, o] = [data(a), data(out)];
    for (let i = 0; i < o.length; i++) o[i] = Math.exp(x[i]);
  },
  ewiseSqrt: (a, out) => {
    const [x, o] = [data(a), data(out)];
    for (let i = 0; i < o.length; i++) o[i] = Math.sqrt(x[i]);
  },
};

export const ewiseKernels = {
  ...table("ewise", [...BINARY_OPS, ...COMPARE_OPS], ewiseBinary, BINARY),
  ...table("scalar", [...BINARY_OPS, ...COMPARE_OPS], scalarBinary, BINARY),
  ...table("ewise", UNARY_OPS, ewiseUnary, UNARY),
  ...HOT_BINARY,
  ...HOT_SCALAR,
  ...HOT_UNARY,
};

export function ewiseWhere(cond: DeviceBuffer, a: DeviceBuffer, b: DeviceBuffer, out: DeviceBuffer): void {
  const c = data(cond);
  const x = data(a);
  const y = data(b);
  const o = data(out);
  for (let i = 0; i < o.length; i++) o[i] = c[i] !== 0 ? x[i] : y[i];
}
