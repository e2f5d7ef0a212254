// @ts-nocheck -- AssemblyScript, compiled by asc (npm run build:wasm), not by tsc.
/**
 * Matrix multiplication, batched: out[t] (m×p, compact) = A[t] (m×n) · B[t] (n×p), where
 * each operand is read through a batch, row and column stride (elements), so a transposed
 * operand (W.T: row stride 1) or one broadcast over the batch (batch stride 0) is used in
 * place, never copied whole.
 *
 * The classic blocked scheme: for each slice of KC values of k, B's slice is packed into
 * panels NR columns wide (k-major, zero past p), then for each block of MR = 4 rows A's
 * slice is packed k-major (zero past m) and a register-tiled micro-kernel adds the MR×NR
 * block's products to out. Packing reads each operand once per slice whatever its strides
 * and makes every inner load sequential. The float32 kernel keeps a 4×8 block in eight
 * f32x4 accumulators, the float64 one a 4×4 block in eight f64x2.
 *
 * Every output sums its products in the order k = 0, 1, …, n − 1, one multiply then one
 * add (no fused multiply-add: plain SIMD, never relaxed), so results are the same on any
 * machine; in float64 they are exactly the cpu-js kernel's. Float32 accumulates in float32.
 */
const MR: i32 = 4;
const KC: i32 = 256;
/** The edge tile: a partial block is computed here, then copied into out. */
const TILE: usize = memory.data(MR * 8 * 8, 16);

@inline function min(a: i32, b: i32): i32 {
  return a < b ? a : b;
}

/** Packs rows i0…i0+h−1 of A's k-slice into dst[k·MR + r] (zeros past h). */
@inline function packA<T>(src: usize, rs: i32, cs: i32, kc: i32, h: i32, dst: usize): void {
  const size = sizeof<T>();
  if (h < MR) memory.fill(dst, 0, <usize>(kc * MR) * size);
  if (cs == 1) {
    for (let r = 0; r < h; r++) {
      const row = src + <usize>(r * rs) * size;
      for (let k = 0; k < kc; k++) store<T>(dst + <usize>(k * MR + r) * size, load<T>(row + <usize>k * size));
    }
  } else {
    for (let k = 0; k < kc; k++) {
      const col = src + <usize>(k * cs) * size;
      for (let r = 0; r < h; r++) store<T>(dst + <usize>(k * MR + r) * size, load<T>(col + <usize>(r * rs) * size));
    }
  }
}

/** Packs B's k-slice (kc×p) into panels of nr columns: dst[(panel·kc + k)·nr + c] (zeros past p). */
@inline function packB<T>(src: usize, rs: i32, cs: i32, kc: i32, p: i32, nr: i32, dst: usize): void {
  const size = sizeof<T>();
  const panels = (p + nr - 1) / nr;
  for (let jp = 0; jp < panels; jp++) {
    const j0 = jp * nr;
    const w = min(nr, p - j0);
    const panel = dst + <usize>(jp * kc * nr) * size;
    if (w < nr) memory.fill(panel, 0, <usize>(kc * nr) * size);
    if (cs == 1 && w == nr) {
      for (let k = 0; k < kc; k++) {
        const from = src + <usize>(k * rs + j0) * size;
        const to = panel + <usize>(k * nr) * size;
        for (let c: usize = 0; c < <usize>nr * size; c += 16) v128.store(to + c, v128.load(from + c));
      }
    } else if (cs <= rs) {
      for (let k = 0; k < kc; k++) {
        for (let c = 0; c < w; c++) store<T>(panel + <usize>(k * nr + c) * size, load<T>(src + <usize>(k * rs + (j0 + c) * cs) * size));
      }
    } else {
      for (let c = 0; c < w; c++) {
        const col = src + <usize>((j0 + c) * cs) * size;
        for (let k = 0; k < kc; k++) store<T>(panel + <usize>(k * nr + c) * size, load<T>(col + <usize>(k * rs) * size));
      }
    }
  }
}

/** c[0..4)[0..8) += Σₖ a[k·4 + r] · b[k·8 + j], c's rows ldc bytes apart; `fresh` starts from zero. */
@inline function kernelF32(a: usize, b: usize, kc: i32, c: usize, ldc: usize, fresh: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  if (!fresh) {
    c00 = v128.load(c); c01 = v128.load(c, 16);
    c10 = v128.load(c + ldc); c11 = v128.load(c + ldc, 16);
    c20 = v128.load(c + 2 * ldc); c21 = v128.load(c + 2 * ldc, 16);
    c30 = v128.load(c + 3 * ldc); c31 = v128.load(c + 3 * ldc, 16);
  }
  for (let k = 0; k < kc; k++, a += 16, b += 32) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let x = v128.load32_splat(a);
    c00 = f32x4.add(c00, f32x4.mul(x, b0)); c01 = f32x4.add(c01, f32x4.mul(x, b1));
    x = v128.load32_splat(a, 4);
    c10 = f32x4.add(c10, f32x4.mul(x, b0)); c11 = f32x4.add(c11, f32x4.mul(x, b1));
    x = v128.load32_splat(a, 8);
    c20 = f32x4.add(c20, f32x4.mul(x, b0)); c21 = f32x4.add(c21, f32x4.mul(x, b1));
    x = v128.load32_splat(a, 12);
    c30 = f32x4.add(c30, f32x4.mul(x, b0)); c31 = f32x4.add(c31, f32x4.mul(x, b1));
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + ldc, c10); v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20); v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30); v128.store(c + 3 * ldc, c31, 16);
}

/** c[0..4)[0..4) += Σₖ a[k·4 + r] · b[k·4 + j] in float64. */
@inline function kernelF64(a: usize, b: usize, kc: i32, c: usize, ldc: usize, fresh: bool): void {
  let c00 = f64x2.splat(0), c01 = f64x2.splat(0), c10 = f64x2.splat(0), c11 = f64x2.splat(0);
  let c20 = f64x2.splat(0), c21 = f64x2.splat(0), c30 = f64x2.splat(0), c31 = f64x2.splat(0);
  if (!fresh) {
    c00 = v128.load(c); c01 = v128.load(c, 16);
    c10 = v128.load(c + ldc); c11 = v128.load(c + ldc, 16);
    c20 = v128.load(c + 2 * ldc); c21 = v128.load(c + 2 * ldc, 16);
    c30 = v128.load(c + 3 * ldc); c31 = v128.load(c + 3 * ldc, 16);
  }
  for (let k = 0; k < kc; k++, a += 32, b += 32) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    let x = v128.load64_splat(a);
    c00 = f64x2.add(c00, f64x2.mul(x, b0)); c01 = f64x2.add(c01, f64x2.mul(x, b1));
    x = v128.load64_splat(a, 8);
    c10 = f64x2.add(c10, f64x2.mul(x, b0)); c11 = f64x2.add(c11, f64x2.mul(x, b1));
    x = v128.load64_splat(a, 16);
    c20 = f64x2.add(c20, f64x2.mul(x, b0)); c21 = f64x2.add(c21, f64x2.mul(x, b1));
    x = v128.load64_splat(a, 24);
    c30 = f64x2.add(c30, f64x2.mul(x, b0)); c31 = f64x2.add(c31, f64x2.mul(x, b1));
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + ldc, c10); v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20); v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30); v128.store(c + 3 * ldc, c31, 16);
}

@inline function gemm<T>(
  a: usize, b: usize, c: usize, batch: i32, m: i32, n: i32, p: i32,
  ab: i32, ar: i32, ac: i32, bb: i32, br: i32, bc: i32,
): void {
  const size = sizeof<T>();
  const nr: i32 = size == 4 ? 8 : 4;
  if (n == 0 || m == 0 || p == 0) {
    memory.fill(c, 0, <usize>(batch * m * p) * size);
    return;
  }
  const panels = (p + nr - 1) / nr;
  const kcMax = min(KC, n);
  const bp = heap.alloc(<usize>(panels * kcMax * nr) * size);
  const ap = heap.alloc(<usize>(kcMax * MR) * size);
  const ldc = <usize>p * size;
  for (let t = 0; t < batch; t++) {
    const pa = a + <usize>(t * ab) * size;
    const pb = b + <usize>(t * bb) * size;
    const pc = c + <usize>(t * m * p) * size;
    for (let k0 = 0; k0 < n; k0 += KC) {
      const kc = min(KC, n - k0);
      const fresh = k0 == 0;
      packB<T>(pb + <usize>(k0 * br) * size, br, bc, kc, p, nr, bp);
      for (let i0 = 0; i0 < m; i0 += MR) {
        const h = min(MR, m - i0);
        packA<T>(pa + <usize>(i0 * ar + k0 * ac) * size, ar, ac, kc, h, ap);
        for (let jp = 0; jp < panels; jp++) {
          const j0 = jp * nr;
          const w = min(nr, p - j0);
          const panel = bp + <usize>(jp * kc * nr) * size;
          const cp = pc + <usize>(i0 * p + j0) * size;
          if (h == MR && w == nr) {
            if (size == 4) kernelF32(ap, panel, kc, cp, ldc, fresh);
            else kernelF64(ap, panel, kc, cp, ldc, fresh);
            continue;
          }
          const tileRow = <usize>nr * size;
          const rowBytes = <usize>w * size;
          if (!fresh) for (let r = 0; r < h; r++) memory.copy(TILE + <usize>r * tileRow, cp + <usize>r * ldc, rowBytes);
          if (size == 4) kernelF32(ap, panel, kc, TILE, tileRow, fresh);
          else kernelF64(ap, panel, kc, TILE, tileRow, fresh);
          for (let r = 0; r < h; r++) memory.copy(cp + <usize>r * ldc, TILE + <usize>r * tileRow, rowBytes);
        }
      }
    }
  }
  heap.free(ap);
  heap.free(bp);
}

/** out (batch×m×p, compact) = A · B in float32; strides in elements (batch, row, column) per operand. */
export function matmulF32(
  a: usize, b: usize, c: usize, batch: i32, m: i32, n: i32, p: i32,
  ab: i32, ar: i32, ac: i32, bb: i32, br: i32, bc: i32,
): void {
  gemm<f32>(a, b, c, batch, m, n, p, ab, ar, ac, bb, br, bc);
}

export function matmulF64(
  a: usize, b: usize, c: usize, batch: i32, m: i32, n: i32, p: i32,
  ab: i32, ar: i32, ac: i32, bb: i32, br: i32, bc: i32,
): void {
  gemm<f64>(a, b, c, batch, m, n, p, ab, ar, ac, bb, br, bc);
}
