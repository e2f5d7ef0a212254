/**
 * The figures of handouts/hw2.md (see figure.ts). Sizes come from public variants of the
 * suites (the conv1d, conv2d, convtranspose, resampling and scanning cases, the cnn suite's `small`
 * architecture), and the pooling figure's gradients are the reference's own, so what a
 * figure shows is what the tests feed.
 */
import { array, type NDArray } from "#ndarray";
import { MaxPool2dStride1, MeanPool2dStride1 } from "../../../reference/hw2/index.js";
import { ARCHS } from "../../suites/hw2/cnn.suite.js";
import { cases as conv1dCases } from "../../suites/hw2/conv1d.suite.js";
import { cases as conv2dCases } from "../../suites/hw2/conv2d.suite.js";
import { cases as convTransposeCases } from "../../suites/hw2/convtranspose.suite.js";
import { convOut, convTransposeOut } from "../../suites/hw2/draw.js";
import { cases as resamplingCases } from "../../suites/hw2/resampling.suite.js";
import { cases as scanningCases } from "../../suites/hw2/scanning.suite.js";
import type { CaseSpec, Size } from "../suite.js";
import type { HandoutFigure } from "./figure.js";
import { arrow, line, rect, svgDocument, text, type TextStyle } from "./svg.js";
import type { HW2 } from "../../suites/hw2/types.js";

const INPUT = "#e8f1fb";
const PAD = "#e4e4e4";
const KEPT = "#cfe3f7";
const WINDOW_A = "#1f6fb2";
const WINDOW_B = "#d9822b";
const GRAD = "#f8dcc1";
const MUTED = "#9aa3ad";

/** The numbers of public variant `index` of the case `id`: a figure shows the shapes a test feeds. */
function publicSize(cases: readonly CaseSpec<HW2>[], id: string, index: number): Record<string, number> {
  const found = cases.find((c) => c.id === id);
  const size: Size | undefined = found?.sizes.public[index];
  if (size === undefined) throw new Error(`no public variant ${index} of ${id}`);
  const numbers: Record<string, number> = {};
  for (const [key, value] of Object.entries(size)) if (typeof value === "number") numbers[key] = value;
  return numbers;
}

/**
 * A filled cell with its label in dark text. (Drawn as a rect and a text rather than a
 * labelled box, so the label never takes the cell's fill colour.)
 */
function cell(x: number, y: number, w: number, h: number, label: string, fill: string, style: TextStyle & { dashed?: boolean; stroke?: string } = {}): string {
  return rect(x, y, w, h, { fill, stroke: style.stroke ?? "#555", dashed: style.dashed }) + (label === "" ? "" : text(x + w / 2, y + h / 2, label, { size: 12, ...style }));
}

/** A heavy outline: a window sliding over a grid. */
function outline(x: number, y: number, w: number, h: number, stroke: string, dashed = false): string {
  const dash = dashed ? ` stroke-dasharray="6 4"` : "";
  return `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="none" stroke="${stroke}" stroke-width="3"${dash}/>`;
}

/** A row of equal cells starting at (x, y), one per label. */
function cellRow(x: number, y: number, size: number, labels: readonly string[], fill: (i: number) => string, style: { dashed?: (i: number) => boolean } = {}): string[] {
  return labels.map((label, i) => cell(x + i * size, y, size, size, label, fill(i), { dashed: style.dashed?.(i) }));
}

/** One resampling panel: a row above, a row below, arrows joining the positions `pairs` names. */
function resamplingPanel(x: number, title: string, top: { label: string; cells: string[]; fill: (i: number) => string }, bottom: { label: string; cells: string[]; fill: (i: number) => string }, pairs: [number, number][], note: string): string[] {
  const size = 34;
  const [yTop, yBottom] = [78, 176];
  return [
    text(x + 119, 26, title, { weight: "bold", size: 13 }),
    text(x, yTop - 14, top.label, { anchor: "start", size: 12 }),
    ...cellRow(x, yTop, size, top.cells, top.fill),
    ...cellRow(x, yBottom, size, bottom.cells, bottom.fill),
    text(x, yBottom + size + 14, bottom.label, { anchor: "start", size: 12 }),
    ...pairs.map(([i, j]) => arrow(x + i * size + size / 2, yTop + size + 2, x + j * size + size / 2, yBottom - 3)),
    text(x + 119, 256, note, { size: 11 }),
  ];
}

const resampling: HandoutFigure = {
  name: "resampling",
  alt: "Upsample by 3 writes each input at every third position with two zeros between neighbours and none after the last; Downsample by 3 keeps positions 0, 3 and 6 of seven and its backward writes the gradient back to those positions of a zero array as long as the input.",
  svg() {
    const { W, k } = publicSize(resamplingCases, "resampling.downsample1d_forward", 1);
    const Wup = Math.ceil(W / k);
    const upLength = k * (Wup - 1) + 1;
    const kept = (i: number) => i % k === 0;
    const inputs = Array.from({ length: W }, (_, i) => `a${i}`);
    const grads = Array.from({ length: Wup }, (_, i) => `g${i}`);
    const pairs = Array.from({ length: Wup }, (_, i): [number, number] => [i, k * i]);
    const parts = [
      ...resamplingPanel(
        20,
        `Upsample1d(${k}): ${Wup} → ${upLength}`,
        { label: "A", cells: inputs.slice(0, Wup), fill: () => INPUT },
        { label: "Z", cells: Array.from({ length: upLength }, (_, i) => (kept(i) ? `a${i / k}` : "0")), fill: (i) => (kept(i) ? KEPT : PAD) },
        pairs,
        `k·(Win − 1) + 1 = ${upLength}: no zeros after the last`,
      ),
      ...resamplingPanel(
        310,
        `Downsample1d(${k}): ${W} → ${Wup}`,
        { label: "A", cells: inputs, fill: (i) => (kept(i) ? KEPT : INPUT) },
        { label: "Z", cells: Array.from({ length: Wup }, (_, i) => `a${k * i}`), fill: () => KEPT },
        pairs.map(([i, j]) => [j, i]),
        `⌈Win / k⌉ = ${Wup}: positions 0, ${k}, ${2 * k}, … are kept`,
      ),
      ...resamplingPanel(
        600,
        `Downsample1d backward`,
        { label: "dLdZ", cells: grads, fill: () => GRAD },
        { label: `dLdA (Win = ${W}, from the cache)`, cells: Array.from({ length: W }, (_, i) => (kept(i) ? `g${i / k}` : "0")), fill: (i) => (kept(i) ? GRAD : PAD) },
        pairs,
        "dropped positions get gradient 0",
      ),
    ];
    return svgDocument(860, 276, `Upsample and Downsample by ${k}`, parts);
  },
};

const conv2dSlidingWindow: HandoutFigure = {
  name: "conv2d-sliding-window",
  alt: "A 7×6 input padded by one on every side to 9×8, a 3×3 window at its top-left corner and the next one two columns to the right, and the 4×3 output whose first two entries they produce.",
  svg() {
    const { H, W, K, s, p } = publicSize(conv2dCases, "conv2d.forward", 0);
    const [Hp, Wp] = [H + 2 * p, W + 2 * p];
    const [Hout, Wout] = [convOut(H, K, s, p), convOut(W, K, s, p)];
    const c = 30;
    const [x0, y0] = [40, 104];
    const parts: string[] = [text(x0 + (Wp * c) / 2, 22, `input ${H}×${W}, zero-padded by p = ${p} to ${Hp}×${Wp}`, { weight: "bold" })];
    for (let i = 0; i < Hp; i++) {
      for (let j = 0; j < Wp; j++) {
        const padded = i < p || j < p || i >= H + p || j >= W + p;
        parts.push(cell(x0 + j * c, y0 + i * c, c, c, padded ? "0" : "", padded ? PAD : INPUT, { size: 11, fill: "#666" }));
      }
    }
    for (let j = 0; j < Wp; j++) parts.push(text(x0 + j * c + c / 2, y0 - 12, String(j - p), { size: 10, fill: "#555" }));
    for (let i = 0; i < Hp; i++) parts.push(text(x0 - 14, y0 + i * c + c / 2, String(i - p), { size: 10, fill: "#555" }));
    parts.push(outline(x0, y0, K * c, K * c, WINDOW_A));
    parts.push(outline(x0 + s * c, y0, K * c, K * c, WINDOW_B, true));
    parts.push(arrow(x0 + (K * c) / 2, y0 - 34, x0 + s * c + (K * c) / 2, y0 - 34, WINDOW_B));
    parts.push(text(x0 + (s * c) / 2 + (K * c) / 2, y0 - 52, `stride s = ${s}`, { size: 11, fill: WINDOW_B }));

    const xo = x0 + Wp * c + 130;
    const yo = y0;
    parts.push(text(xo + (Wout * c) / 2, 22, `output ${Hout}×${Wout}`, { weight: "bold" }));
    for (let i = 0; i < Hout; i++) {
      for (let j = 0; j < Wout; j++) parts.push(cell(xo + j * c, yo + i * c, c, c, `${i},${j}`, "#fff", { size: 10 }));
    }
    parts.push(outline(xo, yo, c, c, WINDOW_A));
    parts.push(outline(xo + c, yo, c, c, WINDOW_B, true));
    parts.push(text(xo + Wout * c + 14, yo + c / 2, "← the two windows' outputs", { size: 11, anchor: "start" }));
    const notes = [
      `kernel K×K = ${K}×${K}; window (i, j) starts`,
      `at padded row s·i, column s·j`,
      `Hout = ⌊(${H} + 2·${p} − ${K}) / ${s}⌋ + 1 = ${Hout}`,
      `Wout = ⌊(${W} + 2·${p} − ${K}) / ${s}⌋ + 1 = ${Wout}`,
      "Z[n, o, i, j] = b[o] + Σ W[o] ⊙ window",
    ];
    notes.forEach((note, i) => parts.push(text(xo - 60, yo + Hout * c + 50 + i * 24, note, { size: 12, anchor: "start" })));
    return svgDocument(740, y0 + Hp * c + 30, `Conv2d with K = ${K}, stride ${s}, padding ${p} on a ${H}×${W} input`, parts);
  },
};

const convTransposeZeroInsertion: HandoutFigure = {
  name: "convtranspose-zero-insertion",
  alt: "ConvTranspose1d with L = 5, K = 3, stride 2, padding 1: the input is upsampled to 9 positions with zeros between, padded by K − 1 = 2 zeros at each end to 13, correlated with the flipped kernel to 11 outputs, and cropped by p = 1 at each end to 9.",
  svg() {
    const { L, K, s, p } = publicSize(convTransposeCases, "convtranspose.1d_forward", 0);
    const c = 32;
    const x0 = 250;
    const U = (L - 1) * s + 1;
    const V = U + 2 * (K - 1);
    const Y = V - K + 1;
    const Lout = convTransposeOut(L, K, s, p);
    const rows: { label: string; y: number }[] = [
      { label: `A: length L = ${L}`, y: 40 },
      { label: `1. U = Upsample1d(${s})(A): ${U}`, y: 110 },
      { label: `2. pad K − 1 = ${K - 1} each side: ${V}`, y: 180 },
      { label: `3. Y = Conv1dStride1 with W′: ${Y}`, y: 290 },
      { label: `4. Z = Y cut by p = ${p} each end: ${Lout}`, y: 360 },
    ];
    const parts: string[] = rows.map((r) => text(16, r.y + c / 2, r.label, { anchor: "start", size: 12 }));
    const offset = (K - 1) * c;
    parts.push(...Array.from({ length: L }, (_, i) => cell(x0 + offset + s * i * c, rows[0].y, c, c, `a${i}`, INPUT)));
    parts.push(...Array.from({ length: L }, (_, i) => arrow(x0 + offset + s * i * c + c / 2, rows[0].y + c + 2, x0 + offset + s * i * c + c / 2, rows[1].y - 4)));
    const upsampled = Array.from({ length: U }, (_, i) => (i % s === 0 ? `a${i / s}` : "0"));
    parts.push(...cellRow(x0 + offset, rows[1].y, c, upsampled, (i) => (i % s === 0 ? INPUT : PAD)));
    const padded = [...new Array<string>(K - 1).fill("0"), ...upsampled, ...new Array<string>(K - 1).fill("0")];
    parts.push(...cellRow(x0, rows[2].y, c, padded, (i) => (padded[i] === "0" ? PAD : INPUT)));
    parts.push(outline(x0, rows[2].y, K * c, c, WINDOW_A));
    const kernel = Array.from({ length: K }, (_, k) => `w${K - 1 - k}`);
    parts.push(...cellRow(x0, rows[2].y + c + 12, c, kernel, () => KEPT));
    parts.push(text(x0 + K * c + 10, rows[2].y + c + 12 + c / 2, "the kernel flipped: W′[o, c, k] = W[c, o, K − 1 − k]", { anchor: "start", size: 11, fill: WINDOW_A }));
    const centre = ((K - 1) * c) / 2;
    parts.push(arrow(x0 + (K * c) / 2, rows[2].y + 2 * c + 14, x0 + centre + c / 2, rows[3].y - 4, WINDOW_A));
    const ys = Array.from({ length: Y }, (_, i) => `y${i}`);
    const cut = (i: number) => i < p || i >= Y - p;
    parts.push(...cellRow(x0 + centre, rows[3].y, c, ys, () => GRAD));
    parts.push(...cellRow(x0 + centre, rows[4].y, c, ys.map((y, i) => (cut(i) ? "" : y)), (i) => (cut(i) ? "#fff" : GRAD), { dashed: cut }));
    parts.push(text(x0 + (V * c) / 2, 424, `Lout = (L − 1)·s − 2p + K = (${L} − 1)·${s} − 2·${p} + ${K} = ${Lout}`, { size: 12 }));
    return svgDocument(x0 + V * c + 30, 444, `ConvTranspose1d as zero insertion and a stride-1 convolution (L = ${L}, K = ${K}, s = ${s}, p = ${p})`, parts);
  },
};

const conv1dBackwardFullConvolution: HandoutFigure = {
  name: "conv1d-backward-full-convolution",
  alt: "The input gradient of a stride-1 Conv1d with K = 3 and L = 8: dLdZ's six values padded by two zeros on each side, the flipped kernel w2 w1 w0 sliding over them, and the eight entries of dLdA; entry 0 sees only g0·w0, entry 3 sees g1·w2 + g2·w1 + g3·w0.",
  svg() {
    const { L, K } = publicSize(conv1dCases, "conv1d.stride1_backward_input", 0);
    const Lout = L - K + 1;
    const c = 40;
    const x0 = 200;
    const [yP, yK, yA] = [50, 104, 230];
    const padded = [...new Array<string>(K - 1).fill("0"), ...Array.from({ length: Lout }, (_, i) => `g${i}`), ...new Array<string>(K - 1).fill("0")];
    const parts: string[] = [
      text(16, 20, "dLdA: the stride-1 correlation of the padded dLdZ with the flipped kernel", { anchor: "start", weight: "bold" }),
      text(16, yP + c / 2, `dLdZ padded by K − 1 = ${K - 1}`, { anchor: "start", size: 12 }),
      ...cellRow(x0, yP, c, padded, (i) => (padded[i] === "0" ? PAD : GRAD)),
      text(16, yK + c / 2, "flipped kernel", { anchor: "start", size: 12 }),
      ...cellRow(x0, yK, c, Array.from({ length: K }, (_, k) => `w${K - 1 - k}`), () => KEPT),
      text(16, yA + c / 2, `dLdA: length ${Lout} + ${K} − 1 = ${L}`, { anchor: "start", size: 12 }),
      ...cellRow(x0, yA, c, Array.from({ length: L }, (_, i) => `dA${i}`), () => "#fff"),
    ];
    const second = 3;
    parts.push(outline(x0, yP, K * c, c, WINDOW_A));
    parts.push(outline(x0 + second * c, yP, K * c, c, WINDOW_B, true));
    parts.push(arrow(x0 + (K * c) / 2, yK + c + 4, x0 + c / 2, yA - 4, WINDOW_A));
    parts.push(arrow(x0 + second * c + (K * c) / 2, yP + c + 4, x0 + second * c + c / 2, yA - 4, WINDOW_B, true));
    const terms = Array.from({ length: K }, (_, k) => `g${second - (K - 1 - k)}·w${K - 1 - k}`).filter((t) => !t.startsWith("g-"));
    parts.push(text(16, yA + c + 30, `dA0 = g0·w0: input 0 was read by one window only, through w0`, { anchor: "start", size: 12, fill: WINDOW_A }));
    parts.push(text(16, yA + c + 52, `dA${second} = ${terms.join(" + ")}: input ${second} was read by ${K} windows, once by each weight`, { anchor: "start", size: 12, fill: WINDOW_B }));
    parts.push(text(16, yA + c + 74, "(one channel in and out; with several, the kernel's in/out axes are swapped too)", { anchor: "start", size: 11, fill: "#555" }));
    return svgDocument(x0 + padded.length * c + 20, yA + c + 92, `Conv1dStride1's dLdA as a full convolution with the flipped kernel (L = ${L}, K = ${K})`, parts);
  },
};

/** A labelled grid of numbers, row-major; `fill(i, j)` colours each cell. */
function numberGrid(x: number, y: number, title: string, values: number[][], fill: (i: number, j: number) => string): string[] {
  const c = 38;
  const parts = [text(x + (values[0].length * c) / 2, y - 14, title, { size: 12, weight: "bold" })];
  values.forEach((row, i) => row.forEach((v, j) => parts.push(cell(x + j * c, y + i * c, c, c, String(Math.round(v * 100) / 100), fill(i, j)))));
  return parts;
}

function grid2d(a: NDArray): number[][] {
  const [H, W] = [a.shape[2], a.shape[3]];
  const flat = Array.from(a.toTypedArray());
  return Array.from({ length: H }, (_, i) => flat.slice(i * W, (i + 1) * W));
}

const pooling: HandoutFigure = {
  name: "pooling",
  alt: "Max pooling a 3×3 input with 2×2 windows at stride 1: each of the four outputs sends its gradient to the position of its window's maximum, and a position that is the maximum of two windows receives the sum; mean pooling sends a quarter of each output's gradient to all four positions of its window.",
  svg() {
    const A = array([[[[1, 5, 2], [3, 4, 9], [8, 0, 6]]]]);
    const dLdZ = array([[[[1, 2], [3, 4]]]]);
    const max = new MaxPool2dStride1(2);
    const Zmax = max.forward(A);
    const dLdAmax = max.backward(dLdZ);
    const mean = new MeanPool2dStride1(2);
    const Zmean = mean.forward(A);
    const dLdAmean = mean.backward(dLdZ);
    const a = grid2d(A);
    const routed = grid2d(dLdAmax);
    const parts: string[] = [];
    const xs = [20, 192, 330, 464];
    const rowY = [76, 336];
    const labels = ["max pooling, K = 2, stride 1", "mean pooling, K = 2, stride 1"];
    const notes = [
      ["each gradient goes to its window's arg-max (blue in A);", "the 9 is the maximum of two windows and receives 2 + 4"],
      ["each gradient is divided by K² = 4 and added to all four cells", "of its window; the centre is in all four windows"],
    ];
    [
      [Zmax, dLdAmax],
      [Zmean, dLdAmean],
    ].forEach(([Z, dLdA], r) => {
      const y = rowY[r];
      const gradients = grid2d(dLdA);
      parts.push(text(xs[0], y - 50, labels[r], { anchor: "start", size: 13, weight: "bold" }));
      parts.push(...numberGrid(xs[0], y, "A", a, (i, j) => (r === 0 && routed[i][j] !== 0 ? KEPT : INPUT)));
      parts.push(arrow(xs[0] + 120, y + 40, xs[1] - 6, y + 40));
      parts.push(...numberGrid(xs[1], y, "Z", grid2d(Z), () => "#fff"));
      parts.push(...numberGrid(xs[2], y, "dLdZ", grid2d(dLdZ), () => GRAD));
      parts.push(arrow(xs[2] + 82, y + 40, xs[3] - 6, y + 40));
      parts.push(...numberGrid(xs[3], y, "dLdA", gradients, (i, j) => (gradients[i][j] !== 0 ? GRAD : PAD)));
      notes[r].forEach((note, i) => parts.push(text(xs[0], y + 136 + i * 18, note, { anchor: "start", size: 12 })));
    });
    return svgDocument(600, 516, "Max and mean pooling, forward and backward, on a 3×3 input", parts);
  },
};

/** A box with a label in dark text: a layer. */
function layerBox(x: number, y: number, w: number, h: number, label: string, fill: string): string {
  return cell(x, y, w, h, label, fill, { size: 12 });
}

const scanningMlp: HandoutFigure = {
  name: "scanning-mlp",
  alt: "Top: the series, 24 channels by L steps, with windows of 8 steps every 4 steps, each read by the same MLP (8, then 16, then 4 neurons) to give one column of Y. Bottom: the distributed version, in which pairs of steps feed 2-neuron units, pairs of those feed 8-neuron units, and the last layer reads two of those.",
  svg() {
    const { L } = publicSize(scanningCases, "scanning.simple_forward", 0);
    const [K, step] = [8, 4];
    const T = Math.floor((L - K) / step) + 1;
    const cw = 22;
    const x0 = 170;
    const parts: string[] = [text(16, 22, `SimpleScanningMLP: the MLP on every window (L = ${L}: T = ⌊(${L} − ${K})/${step}⌋ + 1 = ${T} windows)`, { anchor: "start", weight: "bold" })];
    parts.push(text(16, 70, "A: 24 channels", { anchor: "start", size: 12 }));
    parts.push(text(16, 86, "× L steps", { anchor: "start", size: 12 }));
    for (let t = 0; t < L; t++) parts.push(rect(x0 + t * cw, 52, cw, 50, { fill: INPUT, stroke: "#777" }));
    for (let t = 0; t <= L; t += step) parts.push(text(x0 + t * cw, 112, String(t), { size: 10, fill: "#555" }));
    const colours = [WINDOW_A, WINDOW_B];
    for (let t = 0; t < T; t++) {
      const y = 128 + t * 12;
      const colour = colours[t % 2];
      parts.push(line(x0 + step * t * cw + 2, y, x0 + (step * t + K) * cw - 2, y, colour));
      parts.push(text(x0 + (step * t + K) * cw + 6, y, `window ${t}`, { anchor: "start", size: 10, fill: colour }));
    }
    const chain = ["Conv1d(24, 8, K 8, stride 4)", "ReLU", "Conv1d(8, 16, K 1)", "ReLU", "Conv1d(16, 4, K 1)"];
    const widths = [186, 52, 130, 52, 130];
    let x = 20;
    const yc = 210;
    chain.forEach((label, i) => {
      parts.push(layerBox(x, yc, widths[i], 30, label, i % 2 === 0 ? KEPT : "#fff"));
      x += widths[i];
      parts.push(arrow(x + 2, yc + 15, x + 22, yc + 15));
      x += 24;
    });
    parts.push(text(x + 4, yc + 15, `Y (N, 4, ${T})`, { anchor: "start", size: 12, weight: "bold" }));
    parts.push(text(20, yc + 48, "= Linear W1 (8, 192) on each window's 8 steps × 24 channels, then W2 and W3 at every window position", { anchor: "start", size: 11 }));

    const y1 = 312;
    const sw = 54;
    const xs = 110;
    parts.push(text(16, y1 - 22, "DistributedScanningMLP: one window, shared units", { anchor: "start", weight: "bold" }));
    for (let t = 0; t < K; t++) parts.push(layerBox(xs + t * sw, y1, sw, 26, `step ${t}`, INPUT));
    const levels = [
      { y: y1 + 70, count: 4, label: "2 neurons", note: "W1[0:2, 0:48] = Conv1d(24, 2, K 2, stride 2)" },
      { y: y1 + 130, count: 2, label: "8 neurons", note: "W2[0:8, 0:4] = Conv1d(2, 8, K 2, stride 2)" },
      { y: y1 + 190, count: 1, label: "4 outputs", note: "W3 (4, 16) = Conv1d(8, 4, K 2)" },
    ];
    let below = { y: y1, count: K };
    for (const level of levels) {
      const span = (K * sw) / level.count;
      const childSpan = (K * sw) / below.count;
      for (let g = 0; g < level.count; g++) {
        const bx = xs + g * span + span / 2 - 48;
        for (const child of [2 * g, 2 * g + 1]) parts.push(line(xs + child * childSpan + childSpan / 2, below.y + 26, xs + g * span + span / 2, level.y, "#777"));
        parts.push(layerBox(bx, level.y, 96, 26, level.label, g === 0 ? KEPT : "#fff"));
      }
      parts.push(text(xs + K * sw + 16, level.y + 13, level.note, { anchor: "start", size: 11 }));
      below = { y: level.y, count: level.count };
    }
    parts.push(text(16, y1 + 250, "Copies in one row share the weights of the blue one; receptive field 2 → 4 → 8 steps, total stride 2·2·1 = 4.", { anchor: "start", size: 11 }));
    return svgDocument(860, y1 + 270, "A CNN as a scanning MLP, simple and distributed", parts);
  },
};

const cnnLayerStack: HandoutFigure = {
  name: "cnn-layer-stack",
  alt: "The public small architecture of the cnn tests: an (N, 1, 8, 8) input, Conv2d(1, 3, 3) to (N, 3, 6, 6), ReLU, Conv2d(3, 4, 3, stride 2, padding 1) to (N, 4, 3, 3), Tanh, Flatten to (N, 36), Linear to (N, 5), with the backward pass running the same layers from bottom to top.",
  svg() {
    const arch = ARCHS.small;
    let [C, H, W] = [arch.inChannels, arch.inSize[0], arch.inSize[1]];
    const layers: { label: string; out: string; grads?: string }[] = [];
    arch.channels.forEach((Cout, i) => {
      const [K, s, p] = [arch.kernelSizes[i], arch.strides[i], arch.paddings[i]];
      [H, W] = [convOut(H, K, s, p), convOut(W, K, s, p)];
      layers.push({ label: `convs[${i}]: Conv2d(${C}, ${Cout}, K ${K}, stride ${s}, padding ${p})`, out: `(N, ${Cout}, ${H}, ${W})`, grads: `dLdW (${Cout}, ${C}, ${K}, ${K}), dLdb (${Cout})` });
      layers.push({ label: arch.activations[i], out: `(N, ${Cout}, ${H}, ${W})` });
      C = Cout;
    });
    const features = C * H * W;
    layers.push({ label: "Flatten", out: `(N, ${features})` });
    layers.push({ label: `Linear(${features}, ${arch.outFeatures})`, out: `(N, ${arch.outFeatures})`, grads: `dLdW (${arch.outFeatures}, ${features}), dLdb (${arch.outFeatures})` });
    const [bx, bw, bh, gap] = [110, 300, 30, 34];
    const parts: string[] = [text(bx + bw / 2, 20, `forward, top to bottom (the cnn tests' "small" architecture)`, { weight: "bold", size: 12 })];
    parts.push(layerBox(bx + 60, 38, bw - 120, bh, `A (N, ${arch.inChannels}, ${arch.inSize[0]}, ${arch.inSize[1]})`, INPUT));
    let y = 38 + bh;
    for (const layer of layers) {
      parts.push(arrow(bx + bw / 2, y + 2, bx + bw / 2, y + gap - 2));
      y += gap;
      parts.push(layerBox(bx, y, bw, bh, layer.label, layer.grads === undefined ? "#fff" : KEPT));
      if (layer.grads !== undefined) parts.push(text(bx + bw + 16, y + bh / 2, `backward stores ${layer.grads}`, { anchor: "start", size: 11, fill: "#8a4b0f" }));
      parts.push(text(bx + bw / 2 + 10, y + bh + gap / 2, layer.out, { anchor: "start", size: 11 }));
      y += bh;
    }
    parts.push(arrow(bx + bw / 2, y + 2, bx + bw / 2, y + gap - 2));
    y += gap;
    parts.push(layerBox(bx + 60, y, bw - 120, bh, `logits Y (N, ${arch.outFeatures})`, INPUT));
    const bottom = y + bh;
    parts.push(arrow(bx - 40, bottom - 4, bx - 40, 44, MUTED, true));
    parts.push(`<g transform="rotate(-90 ${bx - 56} ${(bottom + 44) / 2})">${text(bx - 56, (bottom + 44) / 2, "backward: dLdY → … → dLdA, the same layers in reverse", { size: 11, fill: "#555" })}</g>`);
    return svgDocument(680, bottom + 20, "The CNN's layers and shapes", parts);
  },
};

export const figures: HandoutFigure[] = [resampling, conv1dBackwardFullConvolution, conv2dSlidingWindow, convTransposeZeroInsertion, pooling, scanningMlp, cnnLayerStack];
