// @ts-nocheck -- AssemblyScript, compiled by asc (npm run build:wasm), not by tsc.
/**
 * Reductions over a view: the first `kept` axes of the argument area's shape index the
 * outputs (out compact), the last two are reduced, read by stride in row-major order, so
 * a sum over axis 0 or over (N, H, W) of an NCHW array needs no transposed copy. The
 * arithmetic is the cpu-js kernel's, in its order: sums and products accumulate
 * sequentially in float64, max/min propagate the first NaN and keep the first extreme,
 * arg* return its index (int32).
 */
import { CARRY_A, SHAPE, STRIDES_A, dim } from "./memory";
import { carries, carry, step } from "./walk";

export const SUM = 0;
export const PROD = 1;
export const MAX = 2;
export const MIN = 3;
export const ARGMAX = 4;
export const ARGMIN = 5;

@inline function read(p: usize, size: usize): f64 {
  return size == 4 ? <f64>load<f32>(p) : load<f64>(p);
}

@inline function walkReduce(op: i32, a: usize, out: usize, kept: i32, size: usize): void {
  const r1 = dim(SHAPE, kept);
  const r0 = dim(SHAPE, kept + 1);
  const s1 = <usize>(dim(STRIDES_A, kept) * <i32>size);
  const s0 = <usize>(dim(STRIDES_A, kept + 1) * <i32>size);
  const outSize: usize = op >= ARGMAX ? 4 : size;
  carries(kept);
  let pa = a;
  let po = out;
  while (true) {
    let acc: f64 = op == PROD ? 1 : op == SUM ? 0 : read(pa, size);
    let best: i32 = 0;
    let j: i32 = 0;
    let row = pa;
    let done = false;
    for (let u = 0; u < r1 && !done; u++, row += s1) {
      let p = row;
      if (op == SUM) {
        for (let w = 0; w < r0; w++, p += s0) acc += read(p, size);
      } else if (op == PROD) {
        for (let w = 0; w < r0; w++, p += s0) acc *= read(p, size);
      } else {
        for (let w = 0; w < r0; w++, p += s0, j++) {
          const x = read(p, size);
          if (x != x) {
            acc = x;
            best = j;
            done = true;
            break;
          }
          if (op == MAX || op == ARGMAX ? x > acc : x < acc) {
            acc = x;
            best = j;
          }
        }
      }
    }
    if (op >= ARGMAX) store<i32>(po, best);
    else if (size == 4) store<f32>(po, <f32>acc);
    else store<f64>(po, acc);
    po += outSize;
    const ax = step(kept);
    if (ax < 0) return;
    pa += carry(CARRY_A, ax, size);
  }
}

@inline function reduce(op: i32, a: usize, out: usize, kept: i32, size: usize): void {
  switch (op) {
    case SUM: walkReduce(SUM, a, out, kept, size); break;
    case PROD: walkReduce(PROD, a, out, kept, size); break;
    case MAX: walkReduce(MAX, a, out, kept, size); break;
    case MIN: walkReduce(MIN, a, out, kept, size); break;
    case ARGMAX: walkReduce(ARGMAX, a, out, kept, size); break;
    default: walkReduce(ARGMIN, a, out, kept, size);
  }
}

/** Reduces the last two axes of the view in the argument area; `kept` axes come before them. */
export function reduceF32(op: i32, a: usize, out: usize, kept: i32): void {
  reduce(op, a, out, kept, 4);
}

export function reduceF64(op: i32, a: usize, out: usize, kept: i32): void {
  reduce(op, a, out, kept, 8);
}
