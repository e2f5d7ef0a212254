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

@inline function vF32(op: i32, x: v128, y: v128): v128 {
  if (op == ADD) return f32x4.add(x, y);
  if (op == SUB) return f32x4.sub(x, y);
  if (op == MUL) return f32x4.mul(x, y);
  if (op == DIV) return f32x4.div(x, y);
  if (op == MAXIMUM) return v128.bitselect(x, y, v128.or(f32x4.gt(x, y), f32x4.ne(x, x)));
  return v128.bitselect(x, y, v128.or(f32x4.lt(x, y), f32x4.ne(x, x)));
}

@inline function sF32(op: i32, x: f32, y: f32): f32 {
  if (op == ADD) return x + y;
  if (op == SUB) return x - y;
  if (op == MUL) return x * y;
  if (op == DIV) return x / y;
  if (op == MAXIMUM) return x > y || x != x ? x : y;
  return x < y || x != x ? x : y;
}

@inline function vF64(op: i32, x: v128, y: v128): v128 {
  if (op == ADD) return f64x2.add(x, y);
  if (op == SUB) return f64x2.sub(x, y);
  if (op == MUL) return f64x2.mul(x, y);
  if (op == DIV) return f64x2.div(x, y);
  if (op == MAXIMUM) return v128.bitselect(x, y, v128.or(f64x2.gt(x, y), f64x2.ne(x, x)));
  return v128.bitselect(x, y, v128.or(f64x2.lt(x, y), f64x2.ne(x, x)));
}

@inline function sF64(op: i32, x: f64, y: f64): f64 {
  if (op == ADD) return x + y;
  if (op == SUB) return x - y;
  if (op == MUL) return x * y;
  if (op == DIV) return x / y;
  if (op == MAXIMUM) return x > y || x != x ? x : y;
  return x < y || x != x ? x : y;
}

/** One row of n outputs; sa and sb are the inputs' strides in bytes. */
@inline function rowF32(op: i32, pa: usize, sa: usize, pb: usize, sb: usize, po: usize, n: i32): void {
  let i = 0;
  if (sa == 4 && sb == 4) {
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      v128.store(po + o, vF32(op, v128.load(pa + o), v128.load(pb + o)));
    }
  } else if (sa == 4 && sb == 0) {
    const y = v128.load32_splat(pb);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      v128.store(po + o, vF32(op, v128.load(pa + o), y));
    }
  } else if (sa == 0 && sb == 4) {
    const x = v128.load32_splat(pa);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      v128.store(po + o, vF32(op, x, v128.load(pb + o)));
    }
  }
  for (; i < n; i++) {
    store<f32>(po + (<usize>i << 2), sF32(op, load<f32>(pa + <usize>i * sa), load<f32>(pb + <usize>i * sb)));
  }
}

@inline function rowF64(op: i32, pa: usize, sa: usize, pb: usize, sb: usize, po: usize, n: i32): void {
  let i = 0;
  if (sa == 8 && sb == 8) {
    for (; i + 2 <= n; i += 2) {
      const o = <usize>i << 3;
      v128.store(po + o, vF64(op, v128.load(pa + o), v128.load(pb + o)));
    }
  } else if (sa == 8 && sb == 0) {
    const y = v128.load64_splat(pb);
    for (; i + 2 <= n; i += 2) {
      const o = <usize>i << 3;
      v128.store(po + o, vF64(op, v128.load(pa + o), y));
    }
  } else if (sa == 0 && sb == 8) {
    const x = v128.load64_splat(pa);
    for (; i + 2 <= n; i += 2) {
      const o = <usize>i << 3;
      v128.store(po + o, vF64(op, x, v128.load(pb + o)));
    }
  }
  for (; i < n; i++) {
    store<f64>(po + (<usize>i << 3), sF64(op, load<f64>(pa + <usize>i * sa), load<f64>(pb + <usize>i * sb)));
  }
}

/** Walks the outer axes of an nd-axis op (out compact), running `row` on the last one. */
@inline function walkBinary(op: i32, a: usize, b: usize, out: usize, nd: i32, size: usize): void {
  const outer = nd - 1;
  const n = dim(SHAPE, outer);
  const sa = <usize>(dim(STRIDES_A, outer) * <i32>size);
  const sb = <usize>(dim(STRIDES_B, outer) * <i32>size);
  const rowBytes = <usize>n * size;
  carries(outer);
  let pa = a;
  let pb = b;
  let po = out;
  while (true) {
    if (size == 4) rowF32(op, pa, sa, pb, sb, po, n);
    else rowF64(op, pa, sa, pb, sb, po, n);
    const ax = step(outer);
    if (ax < 0) return;
    pa += carry(CARRY_A, ax, size);
    pb += carry(CARRY_B, ax, size);
    po += rowBytes;
  }
}

@inline function binary(op: i32, a: usize, b: usize, out: usize, nd: i32, size: usize): void {
  switch (op) {
    case ADD: walkBinary(ADD, a, b, out, nd, size); break;
    case SUB: walkBinary(SUB, a, b, out, nd, size); break;
    case MUL: walkBinary(MUL, a, b, out, nd, size); break;
    case DIV: walkBinary(DIV, a, b, out, nd, size); break;
    case MAXIMUM: walkBinary(MAXIMUM, a, b, out, nd, size); break;
    default: walkBinary(MINIMUM, a, b, out, nd, size);
  }
}

/** out = a op b over the views in the argument area (shape, strides A and B). */
export function binaryF32(op: i32, a: usize, b: usize, out: usize, nd: i32): void {
  binary(op, a, b, out, nd, 4);
}

export function binaryF64(op: i32, a: usize, b: usize, out: usize, nd: i32): void {
  binary(op, a, b, out, nd, 8);
}

/** out = a op value; the host sets strides B to zero. */
export function scalarF32(op: i32, a: usize, value: f32, out: usize, nd: i32): void {
  store<f32>(SCALAR, value);
  binary(op, a, SCALAR, out, nd, 4);
}

export function scalarF64(op: i32, a: usize, value: f64, out: usize, nd: i32): void {
  store<f64>(SCALAR, value);
  binary(op, a, SCALAR, out, nd, 8);
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

@inline function walkCompare(op: i32, a: usize, b: usize, out: usize, nd: i32, size: usize): void {
  const outer = nd - 1;
  const n = dim(SHAPE, outer);
  const sa = <usize>(dim(STRIDES_A, outer) * <i32>size);
  const sb = <usize>(dim(STRIDES_B, outer) * <i32>size);
  carries(outer);
  let pa = a;
  let pb = b;
  let po = out;
  while (true) {
    for (let i = 0; i < n; i++) {
      const x = size == 4 ? <f64>load<f32>(pa + <usize>i * sa) : load<f64>(pa + <usize>i * sa);
      const y = size == 4 ? <f64>load<f32>(pb + <usize>i * sb) : load<f64>(pb + <usize>i * sb);
      store<u8>(po + <usize>i, compared(op, x, y));
    }
    const ax = step(outer);
    if (ax < 0) return;
    pa += carry(CARRY_A, ax, size);
    pb += carry(CARRY_B, ax, size);
    po += <usize>n;
  }
}

@inline function compare(op: i32, a: usize, b: usize, out: usize, nd: i32, size: usize): void {
  switch (op) {
    case EQ: walkCompare(EQ, a, b, out, nd, size); break;
    case NE: walkCompare(NE, a, b, out, nd, size); break;
    case LT: walkCompare(LT, a, b, out, nd, size); break;
    case LE: walkCompare(LE, a, b, out, nd, size); break;
    case GT: walkCompare(GT, a, b, out, nd, size); break;
    default: walkCompare(GE, a, b, out, nd, size);
  }
}

/** bool out = a op b over the views in the argument area (shape, strides A and B). */
export function compareF32(op: i32, a: usize, b: usize, out: usize, nd: i32): void {
  compare(op, a, b, out, nd, 4);
}

export function compareF64(op: i32, a: usize, b: usize, out: usize, nd: i32): void {
  compare(op, a, b, out, nd, 8);
}

/** bool out = a op value; the host sets strides B to zero. */
export function compareScalarF32(op: i32, a: usize, value: f32, out: usize, nd: i32): void {
  store<f32>(SCALAR, value);
  compare(op, a, SCALAR, out, nd, 4);
}

export function compareScalarF64(op: i32, a: usize, value: f64, out: usize, nd: i32): void {
  store<f64>(SCALAR, value);
  compare(op, a, SCALAR, out, nd, 8);
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

@inline function walkUnary(op: i32, a: usize, out: usize, nd: i32, size: usize): void {
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
    for (; i < n; i++) {
      if (size == 4) store<f32>(po + (<usize>i << 2), <f32>f64Of(op, <f64>load<f32>(pa + <usize>i * sa)));
      else store<f64>(po + (<usize>i << 3), f64Of(op, load<f64>(pa + <usize>i * sa)));
    }
    const ax = step(outer);
    if (ax < 0) return;
    pa += carry(CARRY_A, ax, size);
    po += rowBytes;
  }
}

@inline function unary(op: i32, a: usize, out: usize, nd: i32, size: usize): void {
  switch (op) {
    case NEG: walkUnary(NEG, a, out, nd, size); break;
    case ABS: walkUnary(ABS, a, out, nd, size); break;
    case SQRT: walkUnary(SQRT, a, out, nd, size); break;
    case EXP: walkUnary(EXP, a, out, nd, size); break;
    case LOG: walkUnary(LOG, a, out, nd, size); break;
    case TANH: walkUnary(TANH, a, out, nd, size); break;
    default: walkUnary(ERF, a, out, nd, size);
  }
}

/** out = f(a) over the view in the argument area (shape, strides A). */
export function unaryF32(op: i32, a: usize, out: usize, nd: i32): void {
  unary(op, a, out, nd, 4);
}

export function unaryF64(op: i32, a: usize, out: usize, nd: i32): void {
  unary(op, a, out, nd, 8);
}
