// @ts-nocheck -- AssemblyScript, compiled by asc (npm run build:wasm), not by tsc.
/**
 * Strided copies: `compact` (a view into a compact buffer) and `ewiseSetitem` (a compact
 * buffer into a view) are both one copy from strides A to strides OUT, of elements of 1, 4
 * or 8 bytes copied as bits (so NaN payloads and -0 survive). The host merges axes that
 * are contiguous for both sides and passes at least three; the last three axes run here as
 * nested loops, so an im2col view (N, Ho, Wo, C, K, K) whose runs are K = 3 elements long
 * still moves C·K·K elements per odometer step.
 *
 * A contiguous run is moved in the widest pieces it holds (16, 8, then 4 bytes), never by
 * element: the short runs of im2col (12 bytes for K = 3 in float32) are then one 8-byte and
 * one 4-byte move, and the loop that picks the pieces is chosen once per plane, not per run.
 * Runs of 64 bytes or more are memory.copy. A copy between dtypes (a cast) converts each
 * element as the cpu-js kernel's typed-array store does.
 */
import { CARRY_A, CARRY_OUT, SHAPE, STRIDES_A, STRIDES_OUT, dim } from "./memory";
import { carries, carry, step } from "./walk";

/** Copies `bytes` (a multiple of the element size, under 64) from s to d in the widest pieces. */
@inline function shortRun(s: usize, d: usize, bytes: usize): void {
  let j: usize = 0;
  if (bytes >= 32) {
    v128.store(d, v128.load(s));
    v128.store(d, v128.load(s, 16), 16);
    j = 32;
  }
  if (bytes - j >= 16) {
    v128.store(d + j, v128.load(s + j));
    j += 16;
  }
  if (bytes - j >= 8) {
    store<u64>(d + j, load<u64>(s + j));
    j += 8;
  }
  if (bytes - j >= 4) {
    store<u32>(d + j, load<u32>(s + j));
    j += 4;
  }
  for (; j < bytes; j++) store<u8>(d + j, load<u8>(s + j));
}

/** `rows` contiguous runs of `bytes`, sr and dr apart; the common short lengths get their own loops. */
@inline function runs(s: usize, sr: usize, d: usize, dr: usize, rows: i32, bytes: usize): void {
  if (bytes >= 64) {
    for (let r = 0; r < rows; r++, s += sr, d += dr) memory.copy(d, s, bytes);
  } else if (bytes == 12) {
    for (let r = 0; r < rows; r++, s += sr, d += dr) {
      store<u64>(d, load<u64>(s));
      store<u32>(d, load<u32>(s, 8), 8);
    }
  } else if (bytes == 4) {
    for (let r = 0; r < rows; r++, s += sr, d += dr) store<u32>(d, load<u32>(s));
  } else if (bytes == 8) {
    for (let r = 0; r < rows; r++, s += sr, d += dr) store<u64>(d, load<u64>(s));
  } else if (bytes == 16) {
    for (let r = 0; r < rows; r++, s += sr, d += dr) v128.store(d, v128.load(s));
  } else {
    for (let r = 0; r < rows; r++, s += sr, d += dr) shortRun(s, d, bytes);
  }
}

/**
 * One value converted as a JavaScript typed-array store converts it (the cpu-js kernel's
 * `dst[k] = src[j]`): floats round to nearest, to int32 by ToInt32 (truncated toward zero,
 * modulo 2³², NaN and ±Infinity to 0; never trapping), and to bool 1 for any non-zero
 * value (NaN included).
 */
@inline function converted<S, D>(x: S): D {
  if (sizeof<D>() == 1) return <D>(x != 0 ? 1 : 0);
  if (isInteger<D>() && isFloat<S>()) return <D>toInt32(<f64>x);
  return <D>x;
}

const TWO_31: f64 = 2147483648;
const TWO_32: f64 = 4294967296;

function toInt32(x: f64): i32 {
  if (Math.abs(x) < TWO_31) return <i32>x;
  if (!isFinite(x)) return 0;
  const t = Math.trunc(x);
  let r = t - Math.floor(t / TWO_32) * TWO_32;
  if (r >= TWO_31) r -= TWO_32;
  return <i32>r;
}

/**
 * Copies the view from S elements to D elements. When both are the same kind (a copy, not a
 * cast: S and D are then the same type, known when compiling) and both sides' last axis is
 * contiguous, whole runs move as bits (`runs`); otherwise element by element, converted.
 */
@inline function move<S, D>(src: usize, dst: usize, nd: i32): void {
  const ss = sizeof<S>();
  const ds = sizeof<D>();
  const outer = nd - 3;
  const planes = dim(SHAPE, nd - 3);
  const rows = dim(SHAPE, nd - 2);
  const n = dim(SHAPE, nd - 1);
  const sp = <usize>(dim(STRIDES_A, nd - 3) * <i32>ss);
  const sr = <usize>(dim(STRIDES_A, nd - 2) * <i32>ss);
  const sc = <usize>(dim(STRIDES_A, nd - 1) * <i32>ss);
  const dp = <usize>(dim(STRIDES_OUT, nd - 3) * <i32>ds);
  const dr = <usize>(dim(STRIDES_OUT, nd - 2) * <i32>ds);
  const dc = <usize>(dim(STRIDES_OUT, nd - 1) * <i32>ds);
  const bits = ss == ds && isFloat<S>() == isFloat<D>();
  const contiguous = bits && sc == ss && dc == ds;
  carries(outer);
  let ps = src;
  let pd = dst;
  while (true) {
    let sPlane = ps;
    let dPlane = pd;
    if (contiguous) {
      for (let q = 0; q < planes; q++, sPlane += sp, dPlane += dp) runs(sPlane, sr, dPlane, dr, rows, <usize>n * ss);
    } else {
      for (let q = 0; q < planes; q++, sPlane += sp, dPlane += dp) {
        let s = sPlane;
        let d = dPlane;
        for (let r = 0; r < rows; r++, s += sr, d += dr) {
          let x = s;
          let y = d;
          for (let j = 0; j < n; j++, x += sc, y += dc) store<D>(y, bits ? <D>load<S>(x) : converted<S, D>(load<S>(x)));
        }
      }
    }
    const ax = step(outer);
    if (ax < 0) return;
    ps += carry(CARRY_A, ax, ss);
    pd += carry(CARRY_OUT, ax, ds);
  }
}

/** The dtypes a cast names, as the host numbers them. */
const BOOL = 0;
const INT32 = 1;
const FLOAT32 = 2;
const FLOAT64 = 3;

@inline function castFrom<S>(to: i32, src: usize, dst: usize, nd: i32): void {
  if (to == BOOL) move<S, u8>(src, dst, nd);
  else if (to == INT32) move<S, i32>(src, dst, nd);
  else if (to == FLOAT32) move<S, f32>(src, dst, nd);
  else move<S, f64>(src, dst, nd);
}

/** A strided copy from dtype `from` to dtype `to` (BOOL … FLOAT64), from strides A to strides OUT. */
export function castCopy(from: i32, to: i32, src: usize, dst: usize, nd: i32): void {
  if (from == BOOL) castFrom<u8>(to, src, dst, nd);
  else if (from == INT32) castFrom<i32>(to, src, dst, nd);
  else if (from == FLOAT32) castFrom<f32>(to, src, dst, nd);
  else castFrom<f64>(to, src, dst, nd);
}

export function copy8(src: usize, dst: usize, nd: i32): void {
  move<u8, u8>(src, dst, nd);
}

export function copy32(src: usize, dst: usize, nd: i32): void {
  move<u32, u32>(src, dst, nd);
}

export function copy64(src: usize, dst: usize, nd: i32): void {
  move<u64, u64>(src, dst, nd);
}
