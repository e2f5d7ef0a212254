// @ts-nocheck -- AssemblyScript, compiled by asc (npm run build:wasm), not by tsc.
/**
 * Element-wise kernels over views: out (compact) = a op b, or f(a), where a and b are read
 * by stride, a broadcast operand with stride 0, so nothing is materialised first. The host
 * merges axes; the last one runs here in a row loop, vectorised when both inputs are
 * contiguous or one is constant along the row, element by element otherwise.
 *
 * Each op's row loop is the one generic loop inlined with the op as a constant, so the
 * optimiser folds the op's switch away and no loop dispatches per element. Maximum and
 * minimum select as the cpu-js kernel does (x when x > y or x is NaN, else y), which is
 * not wasm's f32x4.max on signed zeros. Comparisons write a bool byte (1 or 0) per output,
 * comparing in float64 (exact for float32 inputs). Transcendentals go through math.ts.
 */
import { CARRY_A, CARRY_B, SHAPE, STRIDES_A, STRIDES_B, dim } from "./memory";
import { erf } from "./math";
import { carries, carry, step } from "./walk";

const SCALAR: usize = memory.data(16, 16);

export const ADD = 0;
export const SUB = 1;
export const MUL = 2;
export const DIV = 3;
export const MAXIMUM = 4;
export const MINIMUM = 5;

/** x op y on the lanes of two vectors of T (f32x4 or f64x2). */
@inline function vOp<T>(op: i32, x: v128, y: v128): v128 {
  if (sizeof<T>() == 4) {
    if (op == ADD) return f32x4.add(x, y);
    if (op == SUB) return f32x4.sub(x, y);
    if (op == MUL) return f32x4.mul(x, y);
    if (op == DIV) return f32x4.div(x, y);
    if (op == MAXIMUM) return v128.bitselect(x, y, v128.or(f32x4.gt(x, y), f32x4.ne(x, x)));
    return v128.bitselect(x, y, v128.or(f32x4.lt(x, y), f32x4.ne(x, x)));
  }
  if (op == ADD) return f64x2.add(x, y);
  if (op == SUB) return f64x2.sub(x, y);
  if (op == MUL) return f64x2.mul(x, y);
  if (op == DIV) return f64x2.div(x, y);
  if (op == MAXIMUM) return v128.bitselect(x, y, v128.or(f64x2.gt(x, y), f64x2.ne(x, x)));
  return v128.bitselect(x, y, v128.or(f64x2.lt(x, y), f64x2.ne(x, x)));
}

@inline function sOp<T>(op: i32, x: T, y: T): T {
  if (op == ADD) return x + y;
  if (op == SUB) return x - y;
  if (op == MUL) return x * y;
  if (op == DIV) return x / y;
  if (op == MAXIMUM) return x > y || x != x ? x : y;
  return x < y || x != x ? x : y;
}

/** A vector of T with every lane the value at p. */
@inline function splat<T>(p: usize): v128 {
  return sizeof<T>() == 4 ? v128.load32_splat(p) : v128.load64_splat(p);
}

/** One row of n outputs of T; sa and sb are the inputs' strides in bytes. */
@inline function row<T>(op: i32, pa: usize, sa: usize, pb: usize, sb: usize, po: usize, n: i32): void {
  const size = sizeof<T>();
  const lanes: i32 = 16 / <i32>size;
  let i = 0;
  if (sa == size && sb == size) {
    for (; i + lanes <= n; i += lanes) {
      const o = <usize>i * size;
      v128.store(po + o, vOp<T>(op, v128.load(pa + o), v128.load(pb + o)));
    }
  } else if (sa == size && sb == 0) {
    const y = splat<T>(pb);
    for (; i + lanes <= n; i += lanes) {
      const o = <usize>i * size;
      v128.store(po + o, vOp<T>(op, v128.load(pa + o), y));
    }
  } else if (sa == 0 && sb == size) {
    const x = splat<T>(pa);
    for (; i + lanes <= n; i += lanes) {
      const o = <usize>i * size;
      v128.store(po + o, vOp<T>(op, x, v128.load(pb + o)));
    }
  }
  for (; i < n; i++) store<T>(po + <usize>i * size, sOp<T>(op, load<T>(pa + <usize>i * sa), load<T>(pb + <usize>i * sb)));
}

/**
 * Walks the outer axes of a two-input op (out compact, elements of O), running the row loop
 * on the last one: `row` for arithmetic (O is T), `compareRow` for a comparison (O is a bool byte).
 */
@inline function walkBinary<T, O>(op: i32, a: usize, b: usize, out: usize, nd: i32): void {
  const size = sizeof<T>();
  const outer = nd - 1;
  const n = dim(SHAPE, outer);
  const sa = <usize>(dim(STRIDES_A, outer) * <i32>size);
  const sb = <usize>(dim(STRIDES_B, outer) * <i32>size);
  const rowBytes = <usize>n * sizeof<O>();
  carries(outer);
  let pa = a;
  let pb = b;
  let po = out;
  while (true) {
    if (sizeof<O>() == 1) compareRow<T>(op, pa, sa, pb, sb, po, n);
    else row<T>(op, pa, sa, pb, sb, po, n);
    const ax = step(outer);
    if (ax < 0) return;
    pa += carry(CARRY_A, ax, size);
    pb += carry(CARRY_B, ax, size);
    po += rowBytes;
  }
}

@inline function binary<T>(op: i32, a: usize, b: usize, out: usize, nd: i32): void {
  switch (op) {
    case ADD: walkBinary<T, T>(ADD, a, b, out, nd); break;
    case SUB: walkBinary<T, T>(SUB, a, b, out, nd); break;
    case MUL: walkBinary<T, T>(MUL, a, b, out, nd); break;
    case DIV: walkBinary<T, T>(DIV, a, b, out, nd); break;
    case MAXIMUM: walkBinary<T, T>(MAXIMUM, a, b, out, nd); break;
    default: walkBinary<T, T>(MINIMUM, a, b, out, nd);
  }
}

/** out = a op b over the views in the argument area (shape, strides A and B). */
export function binaryF32(op: i32, a: usize, b: usize, out: usize, nd: i32): void {
  binary<f32>(op, a, b, out, nd);
}

export function binaryF64(op: i32, a: usize, b: usize, out: usize, nd: i32): void {
  binary<f64>(op, a, b, out, nd);
}

/** out = a op value; the host sets strides B to zero. */
export function scalarF32(op: i32, a: usize, value: f32, out: usize, nd: i32): void {
  store<f32>(SCALAR, value);
  binary<f32>(op, a, SCALAR, out, nd);
}

export function scalarF64(op: i32, a: usize, value: f64, out: usize, nd: i32): void {
  store<f64>(SCALAR, value);
  binary<f64>(op, a, SCALAR, out, nd);
}

export const EQ = 0;
export const NE = 1;
export const LT = 2;
export const LE = 3;
export const GT = 4;
export const GE = 5;

@inline function compared(op: i32, x: f64, y: f64): u8 {
  if (op == EQ) return <u8>(x == y);
  if (op == NE) return <u8>(x != y);
  if (op == LT) return <u8>(x < y);
  if (op == LE) return <u8>(x <= y);
  if (op == GT) return <u8>(x > y);
  return <u8>(x >= y);
}

/** One row of n bool outputs, compared in float64. */
@inline function compareRow<T>(op: i32, pa: usize, sa: usize, pb: usize, sb: usize, po: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<u8>(po + <usize>i, compared(op, <f64>load<T>(pa + <usize>i * sa), <f64>load<T>(pb + <usize>i * sb)));
}

@inline function compare<T>(op: i32, a: usize, b: usize, out: usize, nd: i32): void {
  switch (op) {
    case EQ: walkBinary<T, u8>(EQ, a, b, out, nd); break;
    case NE: walkBinary<T, u8>(NE, a, b, out, nd); break;
    case LT: walkBinary<T, u8>(LT, a, b, out, nd); break;
    case LE: walkBinary<T, u8>(LE, a, b, out, nd); break;
    case GT: walkBinary<T, u8>(GT, a, b, out, nd); break;
    default: walkBinary<T, u8>(GE, a, b, out, nd);
  }
}

/** bool out = a op b over the views in the argument area (shape, strides A and B). */
export function compareF32(op: i32, a: usize, b: usize, out: usize, nd: i32): void {
  compare<f32>(op, a, b, out, nd);
}

export function compareF64(op: i32, a: usize, b: usize, out: usize, nd: i32): void {
  compare<f64>(op, a, b, out, nd);
}

/** bool out = a op value; the host sets strides B to zero. */
export function compareScalarF32(op: i32, a: usize, value: f32, out: usize, nd: i32): void {
  store<f32>(SCALAR, value);
  compare<f32>(op, a, SCALAR, out, nd);
}

export function compareScalarF64(op: i32, a: usize, value: f64, out: usize, nd: i32): void {
  store<f64>(SCALAR, value);
  compare<f64>(op, a, SCALAR, out, nd);
}

export const NEG = 0;
export const ABS = 1;
export const SQRT = 2;
export const EXP = 3;
export const LOG = 4;
export const TANH = 5;
export const ERF = 6;

/**
 * f(x) in float64 (float32 inputs are widened and the result rounded once, as the cpu-js
 * kernel's Math calls do).
 */
@inline function f64Of(op: i32, x: f64): f64 {
  if (op == NEG) return -x;
  if (op == ABS) return Math.abs(x);
  if (op == SQRT) return Math.sqrt(x);
  if (op == EXP) return Math.exp(x);
  if (op == LOG) return Math.log(x);
  if (op == TANH) return Math.tanh(x);
  return erf(x);
}

@inline function walkUnary<T>(op: i32, a: usize, out: usize, nd: i32): void {
  const size = sizeof<T>();
  const outer = nd - 1;
  const n = dim(SHAPE, outer);
  const sa = <usize>(dim(STRIDES_A, outer) * <i32>size);
  const rowBytes = <usize>n * size;
  const lanes: i32 = 16 / <i32>size;
  carries(outer);
  let pa = a;
  let po = out;
  while (true) {
    let i = 0;
    if (op <= SQRT && sa == size) {
      for (; i + lanes <= n; i += lanes) {
        const o = <usize>i * size;
        const x = v128.load(pa + o);
        let y: v128;
        if (size == 4) y = op == NEG ? f32x4.neg(x) : op == ABS ? f32x4.abs(x) : f32x4.sqrt(x);
        else y = op == NEG ? f64x2.neg(x) : op == ABS ? f64x2.abs(x) : f64x2.sqrt(x);
        v128.store(po + o, y);
      }
    }
    for (; i < n; i++) store<T>(po + <usize>i * size, <T>f64Of(op, <f64>load<T>(pa + <usize>i * sa)));
    const ax = step(outer);
    if (ax < 0) return;
    pa += carry(CARRY_A, ax, size);
    po += rowBytes;
  }
}

@inline function unary<T>(op: i32, a: usize, out: usize, nd: i32): void {
  switch (op) {
    case NEG: walkUnary<T>(NEG, a, out, nd); break;
    case ABS: walkUnary<T>(ABS, a, out, nd); break;
    case SQRT: walkUnary<T>(SQRT, a, out, nd); break;
    case EXP: walkUnary<T>(EXP, a, out, nd); break;
    case LOG: walkUnary<T>(LOG, a, out, nd); break;
    case TANH: walkUnary<T>(TANH, a, out, nd); break;
    default: walkUnary<T>(ERF, a, out, nd);
  }
}

/** out = f(a) over the view in the argument area (shape, strides A). */
export function unaryF32(op: i32, a: usize, out: usize, nd: i32): void {
  unary<f32>(op, a, out, nd);
}

export function unaryF64(op: i32, a: usize, out: usize, nd: i32): void {
  unary<f64>(op, a, out, nd);
}
