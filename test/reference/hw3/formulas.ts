/**
 * hw3's formulas written out as plain loops over float64 numbers, from PyTorch's
 * documentation of nn.RNNCell, nn.GRUCell and nn.LSTMCell, with no reference code: what the
 * tests hold the reference's cells and log-softmax to. Parameters stack their gate blocks
 * of H rows in PyTorch's order (GRU: r, z, n; LSTM: i, f, g, o), so a test built on these
 * sees a swapped gate.
 */
import type { NDArray } from "#ndarray";

export type Vector = number[];
export type Matrix = number[][];

export interface CellParams {
  W_ih: Matrix;
  W_hh: Matrix;
  b_ih: Vector;
  b_hh: Vector;
}

export function toMatrix(a: NDArray): Matrix {
  if (a.ndim !== 2) throw new Error(`toMatrix: expected a 2-d array, got shape [${a.shape.join(",")}]`);
  return a.toArray() as Matrix;
}

export function cellParams(p: Readonly<Record<keyof CellParams, NDArray>>): CellParams {
  return { W_ih: toMatrix(p.W_ih), W_hh: toMatrix(p.W_hh), b_ih: Array.from(p.b_ih.toTypedArray()), b_hh: Array.from(p.b_hh.toTypedArray()) };
}

const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/** Row `row` of W·v + b. */
function affine(W: Matrix, b: Vector, row: number, v: Vector): number {
  let s = b[row];
  for (let j = 0; j < v.length; j++) s += W[row][j] * v[j];
  return s;
}

/** Unit k of gate block g: (x·W_ihᵀ + b_ih) and (h·W_hhᵀ + b_hh) for row g·H + k, apart. */
function gate(p: CellParams, g: number, k: number, x: Vector, h: Vector): [number, number] {
  const row = g * h.length + k;
  return [affine(p.W_ih, p.b_ih, row, x), affine(p.W_hh, p.b_hh, row, h)];
}

/** h′ = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh), one sample. */
export function rnnStep(p: CellParams, x: Vector, h: Vector): Vector {
  return h.map((_, k) => Math.tanh(gate(p, 0, k, x, h).reduce((a, b) => a + b)));
}

/**
 * PyTorch's GRU, one sample: r = σ(ĩ_r + h̃_r), z = σ(ĩ_z + h̃_z), n = tanh(ĩ_n + r·h̃_n),
 * h′ = (1 − z)·n + z·h, where ĩ = x·W_ihᵀ + b_ih and h̃ = h·W_hhᵀ + b_hh (bias inside r's product).
 */
export function gruStep(p: CellParams, x: Vector, h: Vector): Vector {
  return h.map((hk, k) => {
    const [ir, hr] = gate(p, 0, k, x, h);
    const [iz, hz] = gate(p, 1, k, x, h);
    const [iN, hN] = gate(p, 2, k, x, h);
    const r = sigmoid(ir + hr);
    const z = sigmoid(iz + hz);
    const n = Math.tanh(iN + r * hN);
    return (1 - z) * n + z * hk;
  });
}

/** PyTorch's LSTM, one sample: i, f, o = σ(·), g = tanh(·) of blocks 0..3; c′ = f·c + i·g, h′ = o·tanh(c′). */
export function lstmStep(p: CellParams, x: Vector, h: Vector, c: Vector): [Vector, Vector] {
  const pre = (g: number, k: number) => gate(p, g, k, x, h).reduce((a, b) => a + b);
  const cNew = c.map((ck, k) => sigmoid(pre(1, k)) * ck + sigmoid(pre(0, k)) * Math.tanh(pre(2, k)));
  const hNew = cNew.map((ck, k) => sigmoid(pre(3, k)) * Math.tanh(ck));
  return [hNew, cNew];
}

/** log softmax of each row, max-shifted. */
export function logSoftmaxRows(rows: Matrix): Matrix {
  return rows.map((row) => {
    const m = Math.max(...row);
    const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
    return row.map((v) => v - lse);
  });
}
