/**
 * The figures of handouts/hw4.md (see figure.ts). The masks are the reference's own
 * `causalMask` and the suites' right-padding rule, and the multi-head figure uses a public
 * size of the multihead suite, so what the figures show is what the tests feed.
 */
import type { NDArray } from "#ndarray";
import { causalMask } from "../../../reference/hw4/index.js";
import type { HandoutFigure } from "./figure.js";
import { arrow, labelledBox, line, rect, svgDocument, text } from "./svg.js";

/** A sequence of length T = 5 whose last two keys are padding (right padding, as the suites draw it). */
const T = 5;
const VALID_KEYS = 3;

const MASKED = "#9aa3ad";
const FREE = "#e8f1fb";
/** One colour per head, so the split and merge show where each head's features go. */
const HEAD_COLOURS = ["#cfe3f7", "#f8dcc1", "#d5ecd0", "#eadcf2"];

/** A T×T grid of scores, a cell grey with −∞ where `masked(i, j)`, with query and key labels. */
function maskGrid(x: number, y: number, title: string, masked: (i: number, j: number) => boolean): string[] {
  const cell = 34;
  const parts = [text(x + (T * cell) / 2, y - 34, title, { weight: "bold" }), text(x + (T * cell) / 2, y - 14, "key j →", { size: 11 })];
  for (let i = 0; i < T; i++) {
    parts.push(text(x - 12, y + i * cell + cell / 2, String(i), { size: 11 }));
    for (let j = 0; j < T; j++) {
      const m = masked(i, j);
      parts.push(labelledBox(x + j * cell, y + i * cell, cell, cell, m ? "−∞" : `s${i}${j}`, { fill: m ? MASKED : FREE, size: 11 }));
    }
  }
  for (let j = 0; j < T; j++) parts.push(text(x + j * cell + cell / 2, y + T * cell + 12, String(j), { size: 11 }));
  return parts;
}

function maskBool(mask: NDArray, i: number, j: number): boolean {
  return (mask.toArray() as boolean[][])[i][j];
}

const attentionMasks: HandoutFigure = {
  name: "attention-masks",
  alt: "Three 5 by 5 score matrices: a causal mask hides keys after the query, a key padding mask hides the last two keys of every row, and both together hide their union.",
  svg() {
    const causal = causalMask(T);
    const padded = (j: number) => j >= VALID_KEYS;
    const panels = [
      ...maskGrid(56, 60, "attnMask = causalMask(5)", (i, j) => maskBool(causal, i, j)),
      ...maskGrid(296, 60, `keyPaddingMask: length ${VALID_KEYS}`, (_i, j) => padded(j)),
      ...maskGrid(536, 60, "both (OR)", (i, j) => maskBool(causal, i, j) || padded(j)),
    ];
    const note = text(416, 270, "rows are queries i, columns keys j; a grey score is set to −∞ before the softmax and gets weight 0", { size: 12 });
    const side = text(16, 145, "query i", { size: 11, anchor: "middle" });
    return svgDocument(820, 290, "Attention masks on a 5 by 5 score matrix", [...panels, note, `<g transform="rotate(-90 16 145)">${side}</g>`]);
  },
};

/** A rows×cols block of cells coloured by head, one head per `D` consecutive feature columns. */
function featureBlock(x: number, y: number, rows: number, cols: number, head: (col: number) => number, cell = 22): string[] {
  const parts: string[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) parts.push(rect(x + c * cell, y + r * cell, cell, cell, { fill: HEAD_COLOURS[head(c)] }));
  }
  return parts;
}

/** The multihead suite's public size { L: 5, E: 6, H: 3 }: D = 2 features per head. */
const MH = { L: 5, E: 6, H: 3 };

const multiheadSplitMerge: HandoutFigure = {
  name: "multihead-split-merge",
  alt: "splitHeads reshapes one sequence's (L, E) features to (L, H, D) and permutes to (H, L, D), so head h takes feature columns h·D to h·D + D − 1; mergeHeads undoes both steps.",
  svg() {
    const D = MH.E / MH.H;
    const cell = 22;
    const parts: string[] = [];
    parts.push(text(100, 28, `q: (L, E) = (${MH.L}, ${MH.E})`, { weight: "bold" }));
    parts.push(...featureBlock(34, 50, MH.L, MH.E, (c) => Math.floor(c / D), cell));
    for (let c = 0; c < MH.E; c++) parts.push(text(34 + c * cell + cell / 2, 50 + MH.L * cell + 12, String(c), { size: 10 }));
    parts.push(text(100, 50 + MH.L * cell + 30, "feature columns", { size: 11 }));
    parts.push(arrow(190, 100, 300, 100));
    parts.push(text(245, 86, "splitHeads", { size: 12, weight: "bold" }));
    parts.push(text(245, 118, "reshape (L, H, D)", { size: 10 }));
    parts.push(text(245, 132, "permute (H, L, D)", { size: 10 }));
    parts.push(arrow(300, 160, 190, 160));
    parts.push(text(245, 150, "mergeHeads", { size: 12, weight: "bold" }));
    parts.push(text(245, 176, "permute (L, H, D)", { size: 10 }));
    parts.push(text(245, 190, "reshape (L, E)", { size: 10 }));
    for (let h = 0; h < MH.H; h++) {
      const x = 320 + h * (D * cell + 40);
      parts.push(text(x + (D * cell) / 2, 28, `head ${h}`, { weight: "bold" }));
      parts.push(...featureBlock(x, 50, MH.L, D, () => h, cell));
      parts.push(text(x + (D * cell) / 2, 50 + MH.L * cell + 12, `cols ${h * D}–${h * D + D - 1}`, { size: 10 }));
    }
    parts.push(text(430, 50 + MH.L * cell + 52, `(H, L, D) = (${MH.H}, ${MH.L}, ${D}): each head attends on its own D features`, { size: 11 }));
    return svgDocument(620, 240, "Splitting features into heads and merging them back", parts);
  },
};

/** A labelled box on the block's main line. */
function stage(x: number, y: number, w: number, label: string, fill: string): string {
  return labelledBox(x, y, w, 34, label, { fill, rx: 6, size: 12 });
}

const decoderBlock: HandoutFigure = {
  name: "decoder-block",
  alt: "The pre-LN decoder block: X goes straight to the first addition and, through ln1, causal self-attention and drop1, into it; the result H1 goes straight to the second addition and, through ln2, ff1, GELU, ff2 and drop2, into it, giving Y.",
  svg() {
    const y = 110;
    const mid = y + 17;
    const gap = 18;
    /** The main line, left to right: a layer box (label, width, fill) or an addition (its label). */
    const chain: ({ label: string; w: number; fill: string } | { add: string })[] = [
      { label: "ln1", w: 48, fill: "#f3f3f3" },
      { label: "attn (causal)", w: 116, fill: "#cfe3f7" },
      { label: "drop1", w: 58, fill: "#f3f3f3" },
      { add: "H1" },
      { label: "ln2", w: 48, fill: "#f3f3f3" },
      { label: "ff1", w: 52, fill: "#d5ecd0" },
      { label: "GELU", w: 56, fill: "#d5ecd0" },
      { label: "ff2", w: 52, fill: "#d5ecd0" },
      { label: "drop2", w: 58, fill: "#f3f3f3" },
      { add: "" },
    ];
    const parts: string[] = [text(22, mid, "X", { weight: "bold" })];
    const centre: Record<string, number> = {};
    const adds: number[] = [];
    let x = 34;
    for (const item of chain) {
      parts.push(arrow(x, mid, x + gap, mid));
      x += gap;
      if ("add" in item) {
        adds.push(x + 13);
        parts.push(`<circle cx="${x + 13}" cy="${mid}" r="13" fill="#fff" stroke="#333"/>`, text(x + 13, mid, "+", { size: 16 }), text(x + 13, y + 48, item.add, { size: 11 }));
        x += 26;
      } else {
        centre[item.label] = x + item.w / 2;
        parts.push(stage(x, y, item.w, item.label, item.fill));
        x += item.w;
      }
    }
    parts.push(arrow(x, mid, x + gap, mid), text(x + gap + 14, mid, "Y", { weight: "bold" }));
    // Each residual leaves the main line before its branch and rejoins it at its addition.
    const [first, second] = adds;
    parts.push(line(28, y + 4, 28, 50), line(28, 50, first, 50), arrow(first, 50, first, y + 4));
    parts.push(text((28 + first) / 2, 40, "residual: X itself, never normalised", { size: 11 }));
    const split = first + 13 + gap / 2;
    parts.push(line(split, mid, split, 70), line(split, 70, second, 70), arrow(second, 70, second, y + 4));
    parts.push(text(centre["attn (causal)"], y + 50, "q = k = v = ln1(X)", { size: 10 }), text(centre.GELU, y + 50, "E → F → E", { size: 10 }));
    parts.push(text(400, 196, "backward: at each + the gradient goes both ways, straight on and into the branch; ln1 receives dLdQuery + dLdKey + dLdValue", { size: 11 }));
    return svgDocument(810, 215, "The pre-LN decoder block", parts);
  },
};

const attentionGraph: HandoutFigure = {
  name: "attention-graph",
  alt: "The computational graph of scaled dot-product attention: Q and K give scores P of shape (L, S), masked and softmaxed into A, which multiplies V of shape (S, Ev) into O of shape (L, Ev); the backward pass runs the same edges in reverse.",
  svg() {
    const parts: string[] = [];
    const node = (x: number, y: number, label: string, shape: string, fill: string) => [
      labelledBox(x, y, 112, 34, label, { fill, rx: 6, size: 13, weight: "bold" }),
      text(x + 56, y + 48, shape, { size: 11, mono: true }),
    ];
    parts.push(...node(20, 30, "Q", "(…, L, E)", "#f8dcc1"));
    parts.push(...node(20, 120, "K", "(…, S, E)", "#f8dcc1"));
    parts.push(...node(20, 210, "V", "(…, S, Ev)", "#f8dcc1"));
    parts.push(...node(180, 75, "P = QKᵀ/√E", "(…, L, S)", "#cfe3f7"));
    parts.push(...node(350, 75, "mask: −∞", "(…, L, S)", "#e6e6e6"));
    parts.push(...node(520, 75, "A = softmax", "(…, L, S)", "#cfe3f7"));
    parts.push(...node(560, 190, "O = A·V", "(…, L, Ev)", "#d5ecd0"));
    parts.push(arrow(132, 47, 180, 88), arrow(132, 137, 180, 100));
    parts.push(arrow(292, 92, 350, 92), arrow(462, 92, 520, 92));
    parts.push(arrow(590, 109, 610, 190), arrow(132, 227, 560, 207));
    parts.push(text(350, 285, "backward: dLdO → dLdV = Aᵀ·dLdO and dLdA = dLdO·Vᵀ → softmax backward → dLdP → dLdQ, dLdK", { size: 11 }));
    return svgDocument(700, 300, "Scaled dot-product attention as a graph", parts);
  },
};

export const figures: HandoutFigure[] = [attentionGraph, attentionMasks, multiheadSplitMerge, decoderBlock];
