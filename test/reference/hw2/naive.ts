/**
 * Plain-loop definitions the hw2 reference is checked against: every formula written the
 * obvious way, element by element, in float64 on nested JS arrays. Slow and obviously right.
 */
import { array, type NDArray } from "#ndarray";

type N3 = number[][][];
type N4 = number[][][][];

const f64 = { dtype: "float64" } as const;

/** torch.nn.Conv1d: Z[n,o,l] = b[o] + Σ_c Σ_k Apad[n,c,s·l + k]·W[o,c,k]. */
export function conv1d(A: NDArray, W: NDArray, b: NDArray, s = 1, p = 0): NDArray {
  const a = A.toArray() as N3;
  const w = W.toArray() as N3;
  const bb = b.toArray() as number[];
  const [N, C, L] = A.shape;
  const [Cout, , K] = W.shape;
  const Lout = Math.floor((L + 2 * p - K) / s) + 1;
  const at = (n: number, c: number, i: number) => (i - p >= 0 && i - p < L ? a[n][c][i - p] : 0);
  const z = [...Array(N)].map((_, n) =>
    [...Array(Cout)].map((_, o) =>
      [...Array(Lout)].map((_, l) => {
        let sum = bb[o];
        for (let c = 0; c < C; c++) for (let k = 0; k < K; k++) sum += at(n, c, s * l + k) * w[o][c][k];
        return sum;
      }),
    ),
  );
  return array(z, f64);
}

/** torch.nn.Conv2d with a square kernel: Z[n,o,i,j] = b[o] + Σ_c Σ_p Σ_q Apad[n,c,s·i+p,s·j+q]·W[o,c,p,q]. */
export function conv2d(A: NDArray, W: NDArray, b: NDArray, s = 1, pad = 0): NDArray {
  const a = A.toArray() as N4;
  const w = W.toArray() as N4;
  const bb = b.toArray() as number[];
  const [N, C, H, Wd] = A.shape;
  const [Cout, , K] = W.shape;
  const [Ho, Wo] = [H, Wd].map((d) => Math.floor((d + 2 * pad - K) / s) + 1);
  const at = (n: number, c: number, i: number, j: number) => (i - pad >= 0 && i - pad < H && j - pad >= 0 && j - pad < Wd ? a[n][c][i - pad][j - pad] : 0);
  const z = [...Array(N)].map((_, n) =>
    [...Array(Cout)].map((_, o) =>
      [...Array(Ho)].map((_, i) =>
        [...Array(Wo)].map((_, j) => {
          let sum = bb[o];
          for (let c = 0; c < C; c++) for (let p = 0; p < K; p++) for (let q = 0; q < K; q++) sum += at(n, c, s * i + p, s * j + q) * w[o][c][p][q];
          return sum;
        }),
      ),
    ),
  );
  return array(z, f64);
}

/** torch.nn.ConvTranspose1d: each A[n,c,i] scatters A[n,c,i]·W[c,o,:] to positions s·i − p + k. */
export function convTranspose1d(A: NDArray, W: NDArray, b: NDArray, s: number, p: number): NDArray {
  const a = A.toArray() as N3;
  const w = W.toArray() as N3;
  const bb = b.toArray() as number[];
  const [N, C, L] = A.shape;
  const [, Cout, K] = W.shape;
  const Lout = (L - 1) * s - 2 * p + K;
  const z = [...Array(N)].map(() => [...Array(Cout)].map((_, o) => new Array<number>(Lout).fill(bb[o])));
  for (let n = 0; n < N; n++)
    for (let c = 0; c < C; c++)
      for (let i = 0; i < L; i++)
        for (let o = 0; o < Cout; o++)
          for (let k = 0; k < K; k++) {
            const j = s * i - p + k;
            if (j >= 0 && j < Lout) z[n][o][j] += a[n][c][i] * w[c][o][k];
          }
  return array(z, f64);
}

/** torch.nn.MaxPool2d / AvgPool2d without padding. */
export function pool2d(A: NDArray, K: number, s: number, kind: "max" | "mean"): NDArray {
  const a = A.toArray() as N4;
  const [N, C, H, Wd] = A.shape;
  const [Ho, Wo] = [H, Wd].map((d) => Math.floor((d - K) / s) + 1);
  const z = [...Array(N)].map((_, n) =>
    [...Array(C)].map((_, c) =>
      [...Array(Ho)].map((_, i) =>
        [...Array(Wo)].map((_, j) => {
          const window: number[] = [];
          for (let p = 0; p < K; p++) for (let q = 0; q < K; q++) window.push(a[n][c][s * i + p][s * j + q]);
          return kind === "max" ? Math.max(...window) : window.reduce((x, y) => x + y, 0) / (K * K);
        }),
      ),
    ),
  );
  return array(z, f64);
}
