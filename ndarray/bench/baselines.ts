/**
 * Plain-JS baselines the cpu device is measured against, each timed in the same run: the
 * 4×4 register-tiled matmul (about the best straightforward JS does) and the nested loop
 * that copies an im2col window view.
 */

/** c = a·b with aT (k-major, aT[k·n + i]) and b (row-major) packed before timing; n % 4 == 0. */
export function tiledMatmul(aT: Float32Array, b: Float32Array, c: Float32Array, n: number): void {
  for (let i = 0; i < n; i += 4) {
    for (let j = 0; j < n; j += 4) {
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
      for (let k = 0; k < n; k++) {
        const x = k * n + i;
        const y = k * n + j;
        const x0 = aT[x], x1 = aT[x + 1], x2 = aT[x + 2], x3 = aT[x + 3];
        const y0 = b[y], y1 = b[y + 1], y2 = b[y + 2], y3 = b[y + 3];
        s00 += x0 * y0; s01 += x0 * y1; s02 += x0 * y2; s03 += x0 * y3;
        s10 += x1 * y0; s11 += x1 * y1; s12 += x1 * y2; s13 += x1 * y3;
        s20 += x2 * y0; s21 += x2 * y1; s22 += x2 * y2; s23 += x2 * y3;
        s30 += x3 * y0; s31 += x3 * y1; s32 += x3 * y2; s33 += x3 * y3;
      }
      c.set([s00, s01, s02, s03], i * n + j);
      c.set([s10, s11, s12, s13], (i + 1) * n + j);
      c.set([s20, s21, s22, s23], (i + 2) * n + j);
      c.set([s30, s31, s32, s33], (i + 3) * n + j);
    }
  }
}

/** The im2col copy of a (N, C, H, W) array as six nested loops: out[n, i, j, c, p, q] = a[n, c, i + p, j + q]. */
export function im2colLoop(a: Float32Array, out: Float32Array, N: number, C: number, H: number, W: number, K: number): void {
  const [Ho, Wo] = [H - K + 1, W - K + 1];
  let o = 0;
  for (let n = 0; n < N; n++) {
    for (let i = 0; i < Ho; i++) {
      for (let j = 0; j < Wo; j++) {
        for (let c = 0; c < C; c++) {
          const base = ((n * C + c) * H + i) * W + j;
          for (let p = 0; p < K; p++) {
            for (let q = 0; q < K; q++) out[o++] = a[base + p * W + q];
          }
        }
      }
    }
  }
}
