/**
 * The figures of handouts/hw0.md (see figure.ts). The graphs' shapes come from running the
 * reference's own functions on a public size of the test that grades them, and the IDX
 * figure prints the bytes of a file the suite's own builder makes, parsed by the reference,
 * so a change of a function, a test's sizes or the file layout redraws the figure.
 */
import { Generator, KitError, zeros } from "#ndarray";
import { parseIdx, softmaxLossGradient, softmaxRegressionGradient, twoLayerGradients } from "../../../reference/hw0/index.js";
import { idxFile, parseDims, toBytes } from "../../suites/hw0/idx-bytes.js";
import { idxCases } from "../../suites/hw0/idx.suite.js";
import { regressionCases, twoLayerCases } from "../../suites/hw0/training.suite.js";
import type { HandoutFigure } from "./figure.js";
import { arrow, labelledBox, line, rect, svgDocument, text } from "./svg.js";

const FORWARD = "#1f4e79";
const BACKWARD = "#b5470b";
const OP_FILL = "#e8f1fb";
const PARAM_FILL = "#fdf0e4";
const DATA_FILL = "#f3f3f3";

/** `(4, 3)`: a shape as the handout writes it. */
function shapeText(shape: readonly number[]): string {
  return `(${shape.join(", ")})`;
}

type SuiteCase = { id: string; sizes: { public: readonly Record<string, unknown>[] } };

/** The first public size of a suite case, by id: the sizes a figure shows are ones a test runs. */
function publicSize(cases: readonly SuiteCase[], id: string): Record<string, unknown> {
  const size = cases.find((c) => c.id === id)?.sizes.public[0];
  if (size === undefined) throw new KitError("E_FIGURE", `handouts/hw0 figures: the hw0 suite has no case ${id} with a public size`);
  return size;
}

function numbers(size: Record<string, unknown>, keys: readonly string[]): number[] {
  return keys.map((k) => {
    const v = size[k];
    if (typeof v !== "number") throw new KitError("E_FIGURE", `handouts/hw0 figures: the size ${JSON.stringify(size)} has no number ${k}`);
    return v;
  });
}

/** A tensor of a graph: a name and a shape on two lines, in a rounded box. */
function tensor(x: number, y: number, w: number, name: string, shape: readonly number[], colour: string, fill = "#fff"): string {
  return rect(x, y, w, 40, { fill, rx: 8, stroke: colour }) + text(x + w / 2, y + 13, name, { size: 13, weight: "bold", fill: colour }) + text(x + w / 2, y + 29, shapeText(shape), { size: 12, mono: true, fill: colour });
}

/** An operation of a graph: a square-cornered box with its formula. */
function op(x: number, y: number, w: number, label: string, fill = OP_FILL): string {
  return labelledBox(x, y, w, 40, label, { fill, size: 12, mono: true });
}

const softmaxRegressionGraph: HandoutFigure = {
  name: "softmax-regression-graph",
  alt: "Softmax regression on a public size of its gradient test: forward, X times θ gives the logits Z and the softmax loss of Z on y gives ℓ; backward, the loss hands back (softmax(Z) − onehot(y)) / N, shaped like Z, and the product hands back Xᵀ times it, shaped like θ.",
  svg() {
    const [N, n, k] = numbers(publicSize(regressionCases, "softmaxreg.gradient"), ["N", "n", "k"]);
    const X = zeros([N, n]);
    const theta = zeros([n, k]);
    const y = zeros([N], { dtype: "int32" });
    const Z = X.matmul(theta);
    const G = softmaxLossGradient(Z, y);
    const grad = softmaxRegressionGradient(X, y, theta);
    const [fy, by] = [100, 230];
    const parts: string[] = [];
    parts.push(text(20, 22, `forward → (a batch of N = ${N} rows of n = ${n} features, k = ${k} classes)`, { anchor: "start", weight: "bold", fill: FORWARD }));
    // Forward, left to right.
    parts.push(tensor(20, fy, 100, "X", X.shape, FORWARD, DATA_FILL));
    parts.push(arrow(122, fy + 20, 168, fy + 20, FORWARD));
    parts.push(op(170, fy, 100, "X·θ"));
    parts.push(tensor(170, 36, 100, "θ", theta.shape, FORWARD, PARAM_FILL));
    parts.push(arrow(220, 78, 220, fy - 2, FORWARD));
    parts.push(arrow(272, fy + 20, 318, fy + 20, FORWARD));
    parts.push(tensor(320, fy, 100, "Z (logits)", Z.shape, FORWARD));
    parts.push(arrow(422, fy + 20, 468, fy + 20, FORWARD));
    parts.push(op(470, fy, 160, "softmax loss"));
    parts.push(tensor(500, 36, 100, "y (int32)", y.shape, FORWARD, DATA_FILL));
    parts.push(arrow(550, 78, 550, fy - 2, FORWARD));
    parts.push(arrow(632, fy + 20, 678, fy + 20, FORWARD));
    parts.push(labelledBox(680, fy, 100, 40, "ℓ (a number)", { fill: DATA_FILL, rx: 8, size: 12, weight: "bold" }));
    // Backward, right to left.
    parts.push(labelledBox(680, by, 100, 40, "∂ℓ/∂ℓ = 1", { rx: 8, size: 12, stroke: BACKWARD, textFill: BACKWARD }));
    parts.push(arrow(678, by + 20, 632, by + 20, BACKWARD));
    parts.push(op(470, by, 160, "(softmax(Z) − Y) / N", PARAM_FILL));
    parts.push(arrow(468, by + 20, 422, by + 20, BACKWARD));
    parts.push(tensor(320, by, 100, "G = ∂ℓ/∂Z", G.shape, BACKWARD));
    parts.push(arrow(318, by + 20, 272, by + 20, BACKWARD));
    parts.push(op(170, by, 100, "Xᵀ·G", PARAM_FILL));
    parts.push(arrow(168, by + 20, 122, by + 20, BACKWARD));
    parts.push(tensor(20, by, 100, "∇θ ℓ", grad.shape, BACKWARD));
    // What the backward steps read from the forward pass.
    parts.push(line(220, fy + 42, 220, by - 2, "#777", true));
    parts.push(text(226, 178, "reads X", { size: 11, fill: "#555", anchor: "start" }));
    parts.push(line(370, fy + 42, 370, by - 2, "#777", true));
    parts.push(line(550, fy + 42, 550, by - 2, "#777", true));
    parts.push(text(556, 178, "reads Z and y", { size: 11, fill: "#555", anchor: "start" }));
    parts.push(text(20, 300, "← backward: each step turns the gradient of its output into the gradient of its input;", { anchor: "start", weight: "bold", fill: BACKWARD }));
    parts.push(text(20, 320, `Y = onehot(y) ${shapeText(Z.shape)}; ∇θ ℓ has θ's shape, because a gradient has the shape of what it differentiates`, { anchor: "start", size: 12 }));
    return svgDocument(800, 340, "The computational graph of softmax regression, forward and backward", parts);
  },
};

const twoLayerGraph: HandoutFigure = {
  name: "two-layer-graph",
  alt: "The two-layer network on a public size of its gradient test: forward, X·W1 gives Z1, ReLU gives A1, A1·W2 gives the logits Z and the softmax loss gives ℓ; backward, G2 = (softmax(Z) − onehot(y)) / N, then G2·W2ᵀ masked by Z1 > 0 gives G1, and the weight gradients are A1ᵀ·G2 and Xᵀ·G1.",
  svg() {
    const [N, n, h, k] = numbers(publicSize(twoLayerCases, "twolayer.gradients"), ["N", "n", "h", "k"]);
    const X = zeros([N, n]);
    const W1 = zeros([n, h]);
    const W2 = zeros([h, k]);
    const Z1 = X.matmul(W1);
    const A1 = Z1.maximum(0);
    const Z = A1.matmul(W2);
    const { dLdW1, dLdW2 } = twoLayerGradients(X, zeros([N], { dtype: "int32" }), W1, W2);
    const [tw, ow, gap] = [82, 76, 10];
    const step = tw + ow + 2 * gap;
    const tx = (i: number) => 14 + i * step;
    const ox = (i: number) => tx(i) + tw + gap;
    const [fy, by, py] = [96, 226, 320];
    const parts: string[] = [];
    parts.push(text(14, 22, `forward → (N = ${N}, n = ${n}, h = ${h}, k = ${k}, as in the test twolayer.gradients)`, { anchor: "start", weight: "bold", fill: FORWARD }));
    const forward: [string, readonly number[], string][] = [
      ["X", X.shape, "·W1"],
      ["Z1", Z1.shape, "ReLU"],
      ["A1", A1.shape, "·W2"],
      ["Z", Z.shape, "loss"],
    ];
    forward.forEach(([name, shape, label], i) => {
      parts.push(tensor(tx(i), fy, tw, name, shape, FORWARD, i === 0 ? DATA_FILL : "#fff"));
      parts.push(arrow(tx(i) + tw + 2, fy + 20, ox(i) - 2, fy + 20, FORWARD));
      parts.push(op(ox(i), fy, ow, label));
      parts.push(arrow(ox(i) + ow + 2, fy + 20, ox(i) + ow + gap - 2, fy + 20, FORWARD));
    });
    parts.push(labelledBox(tx(4), fy, 70, 40, "ℓ", { fill: DATA_FILL, rx: 8, size: 13, weight: "bold" }));
    // The parameters and the labels, fed from above.
    const feeds: [number, string, readonly number[], string][] = [
      [0, "W1", W1.shape, PARAM_FILL],
      [2, "W2", W2.shape, PARAM_FILL],
      [3, "y", [N], DATA_FILL],
    ];
    for (const [i, name, shape, fill] of feeds) {
      parts.push(tensor(ox(i) - 5, 34, ow + 10, name, shape, FORWARD, fill));
      parts.push(arrow(ox(i) + ow / 2, 76, ox(i) + ow / 2, fy - 2, FORWARD));
    }
    // Backward: the gradient of each tensor under it, each op's backward step under the op.
    const backward: [string, readonly number[], string | undefined][] = [
      ["", X.shape, undefined],
      ["G1", Z1.shape, "⊙ 1[Z1>0]"],
      ["G2·W2ᵀ", A1.shape, "·W2ᵀ"],
      ["G2", Z.shape, "(P−Y)/N"],
    ];
    backward.forEach(([name, shape, label], i) => {
      if (label === undefined) return;
      parts.push(tensor(tx(i), by, tw, name, shape, BACKWARD));
      parts.push(arrow(ox(i) - 2, by + 20, tx(i) + tw + 2, by + 20, BACKWARD));
      parts.push(op(ox(i), by, ow, label, PARAM_FILL));
      parts.push(arrow(ox(i) + ow + gap - 2, by + 20, ox(i) + ow + 2, by + 20, BACKWARD));
    });
    parts.push(labelledBox(tx(4), by, 70, 40, "1", { rx: 8, size: 13, stroke: BACKWARD, textFill: BACKWARD }));
    // The weight gradients: each a product of a cached forward tensor and a backward one.
    const grads: [number, string, readonly number[], string][] = [
      [0, "dLdW1", dLdW1.shape, "= Xᵀ·G1"],
      [2, "dLdW2", dLdW2.shape, "= A1ᵀ·G2"],
    ];
    for (const [i, name, shape, formula] of grads) {
      const x = ox(i) - 28;
      parts.push(rect(x, py, ow + 56, 44, { fill: PARAM_FILL, rx: 6, stroke: BACKWARD }));
      parts.push(text(x + (ow + 56) / 2, py + 14, `${name} ${shapeText(shape)}`, { size: 12, mono: true, weight: "bold", fill: BACKWARD }));
      parts.push(text(x + (ow + 56) / 2, py + 31, formula, { size: 12, mono: true, fill: BACKWARD }));
    }
    parts.push(arrow(tx(1) + tw / 2, by + 42, ox(0) + ow / 2 + 20, py - 2, BACKWARD));
    parts.push(arrow(tx(3) + tw / 2, by + 42, ox(2) + ow / 2 + 20, py - 2, BACKWARD));
    // What the backward pass reads from the forward pass (the cache).
    parts.push(line(tx(0) + tw / 2, fy + 42, ox(0) + ow / 2 - 20, py - 2, "#777", true));
    parts.push(line(tx(2) + tw / 2, fy + 42, ox(2) + ow / 2 - 20, py - 2, "#777", true));
    parts.push(line(ox(1) + ow / 2, fy + 42, ox(1) + ow / 2, by - 2, "#777", true));
    parts.push(text(ox(1) + ow / 2 + 6, 168, "mask of Z1", { size: 11, fill: "#555", anchor: "start" }));
    parts.push(line(ox(3) + ow / 2, fy + 42, ox(3) + ow / 2, by - 2, "#777", true));
    parts.push(text(ox(3) + ow / 2 + 6, 168, "P = softmax(Z)", { size: 11, fill: "#555", anchor: "start" }));
    parts.push(text(14, 398, "← backward (orange), right to left; dashed grey lines: values the backward pass reads from the forward pass", { anchor: "start", size: 12, fill: BACKWARD }));
    return svgDocument(tx(4) + 84, 414, "The computational graph of the two-layer network, forward and backward", parts);
  },
};

/** A row of byte cells, each labelled with its value in hex, starting at `x`; returns the cells' drawing. */
function byteCells(x: number, y: number, bytes: readonly number[], cell: number, fill: (i: number) => string): string[] {
  return bytes.map((b, i) => labelledBox(x + i * cell, y, cell, 30, b.toString(16).padStart(2, "0"), { fill: fill(i), size: 12, mono: true }));
}

/** A bracket over cells [from, to) with a label above it. */
function bracket(x: number, y: number, from: number, to: number, cell: number, label: string, colour: string): string[] {
  const [x1, x2] = [x + from * cell + 3, x + to * cell - 3];
  return [line(x1, y, x2, y, colour), line(x1, y, x1, y + 6, colour), line(x2, y, x2, y + 6, colour), text((x1 + x2) / 2, y - 11, label, { size: 12, fill: colour })];
}

const HEADER_FILL = ["#fde2cf", "#fde2cf", "#fbd0a8", "#f7bd85"];
const SIZE_FILL = "#e8f1fb";

/**
 * One IDX file drawn byte by byte: the magic number, the sizes, the first data bytes. The
 * file is the suite's own builder's, for the dims of a public parse case, and the sizes
 * printed are what the reference's parseIdx reads back from it.
 */
function idxStrip(y: number, dims: readonly number[], title: string): string[] {
  const file = idxFile(new Generator(`figure/hw0/idx-layout/${dims.join("x")}`), dims, "none", false);
  const bytes = toBytes(file);
  const parsed = parseIdx(bytes, "figure.idx", dims.length);
  const header = 4 + 4 * dims.length;
  const shown = Array.from(bytes.subarray(0, header + 5));
  const cell = 34;
  const x = 20;
  const magic = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0);
  const parts = [text(x, y - 44, title, { anchor: "start", weight: "bold" })];
  parts.push(...byteCells(x, y, shown, cell, (i) => (i < 4 ? HEADER_FILL[i] : i < header ? SIZE_FILL : DATA_FILL)));
  const end = x + shown.length * cell;
  if (shown.length < bytes.length) parts.push(text(end + 20, y + 15, "…", { size: 14, weight: "bold" }));
  parts.push(...bracket(x, y - 6, 0, 4, cell, `magic 0x${magic.toString(16).padStart(8, "0")}`, BACKWARD));
  parsed.shape.forEach((d, i) => parts.push(...bracket(x, y - 6, 4 + 4 * i, 8 + 4 * i, cell, `size ${i} = ${d}`, FORWARD)));
  parts.push(...bracket(x, y - 6, header, shown.length, cell, `data: ${parsed.size} bytes`, "#333"));
  for (let i = 0; i <= header; i += 4) parts.push(text(x + i * cell, y + 42, String(i), { size: 11, fill: "#555" }));
  parts.push(text(x + 2 * cell + cell / 2, y + 58, "type", { size: 11, fill: "#555" }));
  parts.push(text(x + 3 * cell + cell / 2, y + 58, "ndim", { size: 11, fill: "#555" }));
  parts.push(text(x + 5 * cell, y + 58, `parseIdx(bytes, source, ${dims.length}) → int32 ${shapeText(parsed.shape)}, the ${parsed.size} data bytes in row-major order`, { size: 12, anchor: "start", mono: true }));
  return parts;
}

/** The dims of the public idx.parse case with `ndim` dimensions. */
function publicDims(ndim: number): number[] {
  const all = idxCases.find((c) => c.id === "idx.parse")?.sizes.public.map((s) => parseDims(String(s.dims))) ?? [];
  const dims = all.find((d) => d.length === ndim);
  if (dims === undefined) throw new KitError("E_FIGURE", `handouts/hw0 figures: idx.parse has no public case of ${ndim} dimensions`);
  return dims;
}

const idxLayout: HandoutFigure = {
  name: "idx-layout",
  alt: "Two IDX files byte by byte, from the sizes of public parse tests: four magic bytes (zero, zero, type 0x08, ndim), ndim big-endian uint32 sizes, then the data bytes, row-major; parseIdx turns each into an int32 array of those sizes.",
  svg() {
    const [labels, images] = [1, 3].map((ndim) => publicDims(ndim));
    const parts = [
      ...idxStrip(80, labels, `A file of ${labels.length} dimension, like a labels file (magic 0x00000801)`),
      ...idxStrip(230, images, `A file of ${images.length} dimensions, like an images file (N, rows, cols)`),
      text(20, 318, "Offsets in bytes under the cells. Every size is a big-endian uint32: the most significant byte comes first.", { anchor: "start", size: 12 }),
      text(20, 338, "A gzipped file is this whole layout compressed; its first two bytes are 1f 8b instead.", { anchor: "start", size: 12 }),
    ];
    return svgDocument(820, 356, "The layout of an IDX file, byte by byte", parts);
  },
};

export const figures: HandoutFigure[] = [softmaxRegressionGraph, twoLayerGraph, idxLayout];
