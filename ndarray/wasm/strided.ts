// @ts-nocheck -- AssemblyScript, compiled by asc (npm run build:wasm), not by tsc.
/**
 * Strided copies: `compact` (a view into a compact buffer) and `ewiseSetitem` (a compact
 * buffer into a view) are both one copy from strides A to strides OUT, of elements of 1, 4
 * or 8 bytes copied as bits (so NaN payloads and -0 survive). The host merges axes that
 * are contiguous for both sides and passes at least three; the last three axes run here as
 * nested loops, so an im2col view (N, Ho, Wo, C, K, K) whose runs are K = 3 elements long
 * still moves C·K·K elements per odometer step. Contiguous runs of 64 bytes or more are
 * memory.copy.
 */
import { CARRY_A, CARRY_OUT, SHAPE, STRIDES_A, STRIDES_OUT, dim } from "./memory";
import { carries, carry, step } from "./walk";

@inline function copy<T>(src: usize, dst: usize, nd: i32): void {
  const size = sizeof<T>();
  const outer = nd - 3;
  const planes = dim(SHAPE, nd - 3);
  const rows = dim(SHAPE, nd - 2);
  const n = dim(SHAPE, nd - 1);
  const sp = <usize>(dim(STRIDES_A, nd - 3) * <i32>size);
  const sr = <usize>(dim(STRIDES_A, nd - 2) * <i32>size);
  const sc = <usize>(dim(STRIDES_A, nd - 1) * <i32>size);
  const dp = <usize>(dim(STRIDES_OUT, nd - 3) * <i32>size);
  const dr = <usize>(dim(STRIDES_OUT, nd - 2) * <i32>size);
  const dc = <usize>(dim(STRIDES_OUT, nd - 1) * <i32>size);
  const runBytes = <usize>n * size;
  const contiguous = sc == size && dc == size;
  carries(outer);
  let ps = src;
  let pd = dst;
  while (true) {
    let sPlane = ps;
    let dPlane = pd;
    for (let q = 0; q < planes; q++, sPlane += sp, dPlane += dp) {
      let s = sPlane;
      let d = dPlane;
      if (contiguous && runBytes >= 64) {
        for (let r = 0; r < rows; r++, s += sr, d += dr) memory.copy(d, s, runBytes);
      } else if (contiguous) {
        for (let r = 0; r < rows; r++, s += sr, d += dr) {
          for (let j: usize = 0; j < runBytes; j += size) store<T>(d + j, load<T>(s + j));
        }
      } else {
        for (let r = 0; r < rows; r++, s += sr, d += dr) {
          let x = s;
          let y = d;
          for (let j = 0; j < n; j++, x += sc, y += dc) store<T>(y, load<T>(x));
        }
      }
    }
    const ax = step(outer);
    if (ax < 0) return;
    ps += carry(CARRY_A, ax, size);
    pd += carry(CARRY_OUT, ax, size);
  }
}

export function copy8(src: usize, dst: usize, nd: i32): void {
  copy<u8>(src, dst, nd);
}

export function copy32(src: usize, dst: usize, nd: i32): void {
  copy<u32>(src, dst, nd);
}

export function copy64(src: usize, dst: usize, nd: i32): void {
  copy<u64>(src, dst, nd);
}
