/**
 * The figures of handouts/hw3.md (see figure.ts). The cell diagrams fail to draw when the
 * reference cells stack another number of gate blocks than they show; the CTC trellis prints
 * α and the live states as the reference computes them; the beam-search step is checked
 * against the reference's beamSearch on the same frames. So none of them can drift silently
 * from the code the handout describes.
 */
import { Generator, KitError, NDArray } from "#ndarray";
import { CTC } from "../../../reference/hw3/ctc.js";
import { beamSearch } from "../../../reference/hw3/decoding.js";
import { logAddExp } from "../../../reference/hw3/functions.js";
import { GRUCell } from "../../../reference/hw3/grucell.js";
import { LSTMCell } from "../../../reference/hw3/lstmcell.js";
import { randomLogProbs } from "../../suites/hw3/sequences.js";
import type { HandoutFigure } from "./figure.js";
import { arrow, line, rect, svgDocument, text, type BoxStyle, type TextStyle } from "./svg.js";

const FORWARD = "#1f4e79";
const BACKWARD = "#b5470b";
const CELL_FILL = "#e8f1fb";
const GATE_FILL = "#fdf0e4";
const STATE_FILL = "#eef7ea";
const DEAD_FILL = "#f0f0f0";
const GREY = "#888";

/** A box with one or more centred lines of text (the label's colour is the text's, not the box's). */
function box(x: number, y: number, w: number, h: number, lines: readonly string[], style: BoxStyle = {}, textStyle: TextStyle = {}): string {
  const size = textStyle.size ?? 13;
  const gap = size * 1.3;
  const top = y + h / 2 - (gap * (lines.length - 1)) / 2;
  return rect(x, y, w, h, style) + lines.map((l, i) => text(x + w / 2, top + i * gap, l, textStyle)).join("");
}

/** A small circle holding an operator (⊙, +): a node of a cell's data flow. */
function op(x: number, y: number, symbol: string): string {
  return `<circle cx="${x}" cy="${y}" r="13" fill="#fff" stroke="#333"/>` + text(x, y, symbol, { size: 15, weight: "bold" });
}

/** A path through `points` ending in the shared arrowhead. */
function route(points: readonly [number, number][], stroke: string): string {
  const d = points.map(([x, y], i) => `${i === 0 ? "M" : "L"}${x},${y}`).join(" ");
  return `<path d="${d}" fill="none" stroke="${stroke}" marker-end="url(#arrow)"/>`;
}

/** Rows `g·H … (g+1)·H − 1` of a stacked parameter, as the handout writes block g. */
function blockRows(g: number): string {
  return g === 0 ? "rows 0…H−1" : `rows ${g === 1 ? "" : g}H…${g + 1}H−1`;
}

/** The number of gate blocks of a reference cell, read from its stacked W_ih (G·H rows). */
function gateBlocks(W_ih: NDArray, hiddenSize: number): number {
  return W_ih.shape[0] / hiddenSize;
}

const rnnUnrolled: HandoutFigure = {
  name: "rnn-unrolled",
  alt: "A two-layer RNN unrolled over three steps: each layer is one cell whose parameters every step shares; each hidden state feeds its own layer at the next step and the layer above at the same step, and the top layer's last state feeds the output layer.",
  svg() {
    const T = 3;
    const L = 2;
    const colX = (t: number) => 140 + (t - 1) * 190;
    const rowY = (l: number) => 250 - l * 130;
    const [cw, ch] = [120, 48];
    const parts: string[] = [];
    for (let l = 0; l < L; l++) {
      parts.push(rect(120, rowY(l) - 36, 540, 72, { dashed: true, stroke: GREY, rx: 8 }));
      parts.push(text(50, rowY(l) - 22, `layer ${l}`, { size: 12, weight: "bold" }));
      parts.push(text(50, rowY(l), `h0[${l}]`, { mono: true, fill: FORWARD }));
      parts.push(arrow(78, rowY(l), colX(1) - 2, rowY(l), FORWARD));
    }
    for (let t = 1; t <= T; t++) {
      for (let l = 0; l < L; l++) {
        const [x, y] = [colX(t), rowY(l)];
        parts.push(box(x, y - ch / 2, cw, ch, [`cell ${l}`, `step ${t}`], { fill: CELL_FILL, rx: 6 }, { size: 12 }));
        if (t < T) {
          parts.push(arrow(x + cw, y, colX(t + 1) - 2, y, FORWARD));
          parts.push(text(x + cw + 40, y - 11, `h${t} layer ${l}`, { size: 11, fill: FORWARD }));
        }
        if (l + 1 < L) {
          parts.push(arrow(x + cw / 2, y - ch / 2, x + cw / 2, rowY(l + 1) + ch / 2 + 2, FORWARD));
          parts.push(text(x + cw / 2 + 8, (y + rowY(l + 1)) / 2 + 4, `h${t} layer ${l}`, { size: 11, anchor: "start", fill: FORWARD }));
        }
      }
      parts.push(text(colX(t) + cw / 2, 330, `x[:, ${t - 1}]`, { mono: true, fill: FORWARD }));
      parts.push(arrow(colX(t) + cw / 2, 318, colX(t) + cw / 2, rowY(0) + ch / 2 + 2, FORWARD));
    }
    const top = rowY(L - 1);
    const lastX = colX(T) + cw;
    parts.push(arrow(lastX, top, 740, top, FORWARD));
    parts.push(text(700, top - 11, `h${T} layer ${L - 1}`, { size: 11, fill: FORWARD }));
    parts.push(box(742, top - 30, 130, 60, ["Linear", "W_out, b_out", "→ logits (N, O)"], { fill: GATE_FILL, rx: 6 }, { size: 12 }));
    parts.push(text(450, 360, "Each dashed row is one RNNCell: the same W_ih, W_hh, b_ih, b_hh at every step (its gradients add up over the steps).", { size: 12, fill: GREY }));
    parts.push(text(450, 380, "BPTT walks this grid backwards: steps from the last to the first, layers from the top down.", { size: 12, fill: BACKWARD }));
    parts.push(text(450, 400, "A state's gradient is the sum of what its two readers send back: its layer's next step, and the layer above.", { size: 12, fill: BACKWARD }));
    return svgDocument(900, 420, "A two-layer RNN unrolled over three steps", parts);
  },
};

const gruCell: HandoutFigure = {
  name: "gru-cell",
  alt: "The GRU cell: the update gate z and reset gate r are sigmoids of x and h; the reset gate scales the hidden term h·W_hnᵀ + b_hn inside the candidate n = tanh(…); the new state is (1 − z) ⊙ n + z ⊙ h.",
  svg() {
    const H = 2;
    const cell = new GRUCell(3, H);
    const G = gateBlocks(cell.W_ih, H);
    if (G !== 3) throw new KitError("E_FIGURE", `handouts/hw3 figures: the reference GRUCell stacks ${G} gate blocks, the figure draws 3`);
    const parts: string[] = [];
    // Inputs: h along the top, x along the bottom.
    parts.push(text(30, 50, "h", { weight: "bold", mono: true, fill: FORWARD }));
    parts.push(line(44, 50, 790, 50, FORWARD));
    parts.push(text(30, 370, "x", { weight: "bold", mono: true, fill: FORWARD }));
    parts.push(line(44, 370, 560, 370, FORWARD));
    // The gates: z (block 1) and r (block 0).
    const gate = (x: number, name: string, g: number) => {
      parts.push(arrow(x + 40, 50, x + 40, 168, FORWARD));
      parts.push(arrow(x + 40, 370, x + 40, 232, FORWARD));
      parts.push(box(x, 170, 160, 60, [`${name} = σ(·)`, `block ${g}: ${blockRows(g)}`], { fill: GATE_FILL, rx: 6 }, { size: 12 }));
    };
    gate(70, "z", 1);
    gate(280, "r", 0);
    // The candidate: r scales the hidden term, bias included.
    parts.push(arrow(565, 50, 565, 98, FORWARD));
    parts.push(box(480, 100, 170, 40, ["h·W_hnᵀ + b_hn", "(block 2)"], { fill: CELL_FILL, rx: 4 }, { size: 11 }));
    parts.push(arrow(565, 370, 565, 332, FORWARD));
    parts.push(box(480, 290, 170, 40, ["x·W_inᵀ + b_in", "(block 2)"], { fill: CELL_FILL, rx: 4 }, { size: 11 }));
    parts.push(arrow(440, 190, 550, 190, FORWARD));
    parts.push(text(495, 178, "r", { mono: true }));
    parts.push(arrow(565, 140, 565, 175, FORWARD));
    parts.push(op(565, 190, "⊙"));
    parts.push(arrow(565, 203, 565, 230, FORWARD));
    parts.push(op(565, 245, "+"));
    parts.push(arrow(565, 290, 565, 260, FORWARD));
    parts.push(arrow(578, 245, 618, 245, FORWARD));
    parts.push(box(620, 228, 90, 34, ["n = tanh"], { fill: GATE_FILL, rx: 4 }, { size: 12 }));
    // The interpolation h′ = (1 − z) ⊙ n + z ⊙ h.
    parts.push(route([[190, 170], [190, 80], [745, 80], [781, 113]], FORWARD));
    parts.push(text(240, 70, "z", { mono: true }));
    parts.push(arrow(790, 50, 790, 105, FORWARD));
    parts.push(op(790, 120, "⊙"));
    parts.push(text(815, 120, "z ⊙ h", { size: 11, anchor: "start" }));
    parts.push(route([[745, 80], [745, 150]], FORWARD));
    parts.push(box(715, 152, 60, 26, ["1 − z"], { fill: "#fff", rx: 4 }, { size: 11 }));
    parts.push(route([[745, 178], [745, 215], [781, 236]], FORWARD));
    parts.push(arrow(710, 245, 776, 245, FORWARD));
    parts.push(op(790, 245, "⊙"));
    parts.push(text(790, 272, "(1 − z) ⊙ n", { size: 11 }));
    parts.push(arrow(790, 133, 790, 168, FORWARD));
    parts.push(arrow(790, 232, 790, 196, FORWARD));
    parts.push(op(790, 182, "+"));
    parts.push(arrow(803, 182, 850, 182, FORWARD));
    parts.push(text(870, 182, "h′", { weight: "bold", mono: true, fill: FORWARD }));
    parts.push(text(450, 400, `W_ih (3H, I) and W_hh (3H, H) stack the blocks r, z, n; every arrow is (N, H) after the gates`, { size: 11, fill: GREY }));
    return svgDocument(900, 420, "The GRU cell", parts);
  },
};

const lstmCell: HandoutFigure = {
  name: "lstm-cell",
  alt: "The LSTM cell: one stacked pre-activation of x and h gives the gates i, f, o (sigmoids) and the candidate g (tanh); the cell state is c′ = f ⊙ c + i ⊙ g along the top, and the output is h′ = o ⊙ tanh(c′).",
  svg() {
    const H = 2;
    const cell = new LSTMCell(3, H);
    const G = gateBlocks(cell.W_ih, H);
    if (G !== 4) throw new KitError("E_FIGURE", `handouts/hw3 figures: the reference LSTMCell stacks ${G} gate blocks, the figure draws 4`);
    const parts: string[] = [];
    // The cell state path along the top.
    parts.push(text(30, 60, "c", { weight: "bold", mono: true, fill: FORWARD }));
    parts.push(arrow(44, 60, 286, 60, FORWARD));
    parts.push(op(300, 60, "⊙"));
    parts.push(arrow(313, 60, 506, 60, FORWARD));
    parts.push(op(520, 60, "+"));
    parts.push(arrow(533, 60, 845, 60, FORWARD));
    parts.push(text(865, 60, "c′", { weight: "bold", mono: true, fill: FORWARD }));
    parts.push(text(410, 28, "the memory: changed only by ⊙ f and + i ⊙ g", { size: 11, fill: GREY }));
    // The gates, blocks i, f, g, o of one stacked pre-activation.
    const gates: [string, number, number][] = [
      ["f = σ", 1, 240],
      ["i = σ", 0, 400],
      ["g = tanh", 2, 540],
      ["o = σ", 3, 700],
    ];
    for (const [label, g, x] of gates) {
      parts.push(box(x, 240, 120, 60, [label, `block ${g}`, blockRows(g)], { fill: GATE_FILL, rx: 6 }, { size: 11 }));
      parts.push(arrow(x + 60, 330, x + 60, 302, FORWARD));
    }
    parts.push(box(200, 330, 660, 36, ["x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh   (N, 4H): blocks i, f, g, o"], { fill: CELL_FILL, rx: 4 }, { size: 12, mono: true }));
    parts.push(text(60, 348, "x, h", { weight: "bold", mono: true, fill: FORWARD }));
    parts.push(arrow(90, 348, 198, 348, FORWARD));
    // f scales the old memory; i ⊙ g is written into it.
    parts.push(arrow(300, 240, 300, 74, FORWARD));
    parts.push(op(520, 150, "⊙"));
    parts.push(route([[460, 240], [460, 200], [510, 160]], FORWARD));
    parts.push(route([[600, 240], [600, 200], [530, 160]], FORWARD));
    parts.push(arrow(520, 137, 520, 74, FORWARD));
    parts.push(text(535, 110, "i ⊙ g", { size: 11, anchor: "start" }));
    // The read-out h′ = o ⊙ tanh(c′).
    parts.push(arrow(690, 60, 690, 98, FORWARD));
    parts.push(box(655, 100, 70, 28, ["tanh"], { fill: GATE_FILL, rx: 4 }, { size: 12 }));
    parts.push(arrow(690, 128, 690, 172, FORWARD));
    parts.push(op(690, 186, "⊙"));
    parts.push(route([[760, 240], [760, 215], [700, 195]], FORWARD));
    parts.push(arrow(703, 186, 845, 186, FORWARD));
    parts.push(text(865, 186, "h′", { weight: "bold", mono: true, fill: FORWARD }));
    for (const [x, caption] of [[200, "c′ = f ⊙ c + i ⊙ g"], [450, "h′ = o ⊙ tanh(c′)"], [700, "W_ih (4H, I), W_hh (4H, H)"]] as const) {
      parts.push(text(x, 396, caption, { size: 12, mono: true }));
    }
    return svgDocument(900, 420, "The LSTM cell", parts);
  },
};

/** The trellis's input: seeded log-probabilities over three symbols and a target with a repeat. */
const TRELLIS = { T: 6, C: 3, target: [1, 1, 2], seed: "figure/hw3/ctc-trellis" };

/** α as the figure prints it: two decimals, −∞ for log 0. */
function logText(value: number): string {
  return value === -Infinity ? "−∞" : value.toFixed(2).replace("-", "−");
}

const ctcTrellis: HandoutFigure = {
  name: "ctc-trellis",
  alt: "The CTC trellis of the target 1 1 2 over six frames: the seven states of the extended target by frame, each with its α value from the reference, the moves used by complete paths (stay, next, and the skip into label 2 only), unreachable states in grey.",
  svg() {
    const { T, C, target, seed } = TRELLIS;
    const logProbs = randomLogProbs(new Generator(seed), [T, C], 1);
    const ctc = new CTC(0);
    const { extended, skipConnect } = ctc.extendTargetWithBlank(intArray(target));
    const alphaTable = ctc.forwardProbs(logProbs, extended, skipConnect);
    const betaTable = ctc.backwardProbs(logProbs, extended, skipConnect);
    const ext = Array.from(extended.toTypedArray());
    const skip = Array.from(skipConnect.toTypedArray());
    const S = ext.length;
    const alpha = alphaTable.toTypedArray();
    const beta = betaTable.toTypedArray();
    const at = (a: ArrayLike<number>, t: number, s: number) => a[t * S + s];
    const colX = (t: number) => 175 + t * 115;
    const rowY = (s: number) => 70 + s * 46;
    const [bw, bh] = [74, 26];
    const parts: string[] = [];
    parts.push(text(40, 40, "state s", { size: 12, weight: "bold" }));
    parts.push(text(100, 40, "ext[s]", { size: 12, weight: "bold" }));
    for (let t = 0; t < T; t++) parts.push(text(colX(t), 40, `frame ${t}`, { size: 12, weight: "bold" }));
    // The moves between frames that some complete path takes: α finite at the start, β at the end.
    for (let t = 0; t + 1 < T; t++) {
      for (let s = 0; s < S; s++) {
        if (at(alpha, t, s) === -Infinity) continue;
        for (const d of [0, 1, 2]) {
          const to = s + d;
          if (to >= S || (d === 2 && skip[to] !== 1) || at(beta, t + 1, to) === -Infinity || at(alpha, t + 1, to) === -Infinity) continue;
          const colour = d === 2 ? BACKWARD : FORWARD;
          parts.push(arrow(colX(t) + bw / 2, rowY(s) + (d === 0 ? 0 : 6), colX(t + 1) - bw / 2 - 2, rowY(to) - (d === 0 ? 0 : 8), colour, d === 2));
        }
      }
    }
    for (let s = 0; s < S; s++) {
      const blank = ext[s] === ctc.blank;
      parts.push(text(40, rowY(s), String(s), { size: 12 }));
      parts.push(text(100, rowY(s), blank ? "∅" : `label ${ext[s]}`, { size: 12, weight: blank ? "normal" : "bold" }));
      for (let t = 0; t < T; t++) {
        const a = at(alpha, t, s);
        const live = a > -Infinity && at(beta, t, s) > -Infinity;
        const final = t === T - 1 && s >= S - 2;
        const style: BoxStyle = { fill: live ? STATE_FILL : DEAD_FILL, stroke: live ? "#333" : "#bbb", rx: 4 };
        parts.push(rect(colX(t) - bw / 2, rowY(s) - bh / 2, bw, bh, style));
        if (final) parts.push(rect(colX(t) - bw / 2 - 3, rowY(s) - bh / 2 - 3, bw + 6, bh + 6, { stroke: BACKWARD, rx: 6 }));
        parts.push(text(colX(t), rowY(s), logText(a), { size: 12, mono: true, fill: live ? "#111" : GREY }));
      }
    }
    const last = (s: number) => at(alpha, T - 1, s);
    const logP = logAddExp(last(S - 1), last(S - 2));
    const footY = rowY(S - 1) + 44;
    parts.push(text(40, footY, `log P(1 1 2 | x) = logsumexp(α${T - 1}(${S - 1}), α${T - 1}(${S - 2})) = ${logText(logP)}  (the two framed states)`, { size: 12, anchor: "start" }));
    parts.push(line(40, footY + 22, 70, footY + 22, FORWARD));
    parts.push(text(76, footY + 22, "stay or next", { size: 11, anchor: "start" }));
    parts.push(line(180, footY + 22, 210, footY + 22, BACKWARD, true));
    parts.push(text(216, footY + 22, "skip (only between different labels)", { size: 11, anchor: "start" }));
    parts.push(rect(450, footY + 14, 30, 16, { fill: DEAD_FILL, stroke: "#bbb", rx: 3 }));
    parts.push(text(486, footY + 22, "on no complete path (α or β is −∞); grey numbers are α anyway", { size: 11, anchor: "start" }));
    return svgDocument(860, footY + 40, "The CTC trellis of the target 1 1 2 with its α table", parts);
  },
};

/** The beam-search step's input: two seeded frames over three symbols, beam width 2. */
const BEAM = { C: 3, k: 2, blank: 0, seed: "figure/hw3/beam-step" };

/** A prefix being followed, with its two log-scores (P_b: paths ending in a blank, P_nb: in its last symbol). */
interface Prefix {
  labels: number[];
  pb: number;
  pnb: number;
}

/** One line of the pseudocode's inner loop: what one kept prefix sends to one entry of `next`. */
interface Contribution {
  from: Prefix;
  symbol: number;
  branch: "blank" | "new" | "repeat" | "after a blank";
  to: string;
  field: "P_b" | "P_nb";
  value: number;
}

const key = (labels: readonly number[]) => `[${labels.join(", ")}]`;
const score = (p: Prefix) => logAddExp(p.pb, p.pnb);

/** The pinned order of the reference: higher score first, then the lexicographically smaller labelling. */
function ranked(prefixes: Prefix[]): Prefix[] {
  return [...prefixes].sort((a, b) => {
    if (score(a) !== score(b)) return score(b) - score(a);
    for (let i = 0; i < Math.min(a.labels.length, b.labels.length); i++) if (a.labels[i] !== b.labels[i]) return a.labels[i] - b.labels[i];
    return a.labels.length - b.labels.length;
  });
}

/** One frame of the pseudocode of handouts/hw3.md §6.3, keeping every contribution it adds. */
function beamFrame(beams: readonly Prefix[], y: ArrayLike<number>, blank: number): { contributions: Contribution[]; merged: Prefix[] } {
  const next = new Map<string, Prefix>();
  const contributions: Contribution[] = [];
  const add = (from: Prefix, symbol: number, branch: Contribution["branch"], labels: number[], field: Contribution["field"], value: number) => {
    const entry = next.get(key(labels)) ?? { labels, pb: -Infinity, pnb: -Infinity };
    next.set(key(labels), entry);
    if (field === "P_b") entry.pb = logAddExp(entry.pb, value);
    else entry.pnb = logAddExp(entry.pnb, value);
    contributions.push({ from, symbol, branch, to: key(labels), field, value });
  };
  for (const beam of beams) {
    add(beam, blank, "blank", beam.labels, "P_b", score(beam) + y[blank]);
    for (let c = 0; c < y.length; c++) {
      if (c === blank) continue;
      if (beam.labels.length > 0 && c === beam.labels[beam.labels.length - 1]) {
        add(beam, c, "repeat", beam.labels, "P_nb", beam.pnb + y[c]);
        add(beam, c, "after a blank", [...beam.labels, c], "P_nb", beam.pb + y[c]);
      } else {
        add(beam, c, "new", [...beam.labels, c], "P_nb", score(beam) + y[c]);
      }
    }
  }
  return { contributions, merged: ranked([...next.values()]) };
}

/** Fails the drawing when the figure's step disagrees with the reference's beamSearch on the same frames. */
function checkAgainstReference(logProbs: NDArray, kept: readonly Prefix[]): void {
  const reference = beamSearch(logProbs, BEAM.k, BEAM.blank);
  const theirs = reference.labellings.map((l) => key(Array.from(l.toTypedArray())));
  const scores = Array.from(reference.logProbs.toTypedArray());
  const same = theirs.length === kept.length && kept.every((p, i) => key(p.labels) === theirs[i] && Math.abs(score(p) - scores[i]) < 1e-9);
  if (!same) throw new KitError("E_FIGURE", `handouts/hw3 figures: the beam-search step keeps ${kept.map((p) => key(p.labels)).join(" ")}, the reference ${theirs.join(" ")}`);
}

const beamStep: HandoutFigure = {
  name: "beam-step",
  alt: "One frame of CTC prefix beam search with beam width 2 on seeded log-probabilities: the two prefixes kept after frame 0 with their blank-ending and symbol-ending scores, every contribution of frame 1 labelled with its branch, the merged candidates ranked by score, and the two kept.",
  svg() {
    const { C, k, blank, seed } = BEAM;
    const logProbs = randomLogProbs(new Generator(seed), [2, C], 1);
    const y = logProbs.toTypedArray();
    const start: Prefix[] = [{ labels: [], pb: 0, pnb: -Infinity }];
    const frame0 = beamFrame(start, y.subarray(0, C), blank).merged.filter((p) => score(p) > -Infinity).slice(0, k);
    checkAgainstReference(logProbs.slice("0:1"), frame0);
    const { contributions, merged } = beamFrame(frame0, y.subarray(C, 2 * C), blank);
    const candidates = merged.filter((p) => score(p) > -Infinity);
    const kept = candidates.slice(0, k);
    checkAgainstReference(logProbs, kept);
    const dropped = merged.filter((p) => score(p) === -Infinity);
    const parts: string[] = [];
    const symbolText = (c: number) => (c === blank ? "∅" : String(c));
    parts.push(text(110, 30, "kept after frame 0", { weight: "bold", size: 13 }));
    parts.push(text(420, 30, "frame 1: every extension (branch)", { weight: "bold", size: 13 }));
    parts.push(text(755, 30, `merged and ranked; k = ${k} kept`, { weight: "bold", size: 13 }));
    // The contributions, grouped by the prefix they extend.
    const rowH = 34;
    const rowY = (i: number) => 60 + i * rowH + (contributions[i].from === frame0[0] ? 0 : 14);
    const contribX = 270;
    contributions.forEach((c, i) => {
      const label = `${symbolText(c.symbol)} → ${c.to}: ${c.field} ⊕= ${logText(c.value)}`;
      parts.push(rect(contribX, rowY(i), 300, rowH - 8, { fill: c.value === -Infinity ? DEAD_FILL : "#fff", stroke: c.value === -Infinity ? "#bbb" : "#333", rx: 4 }));
      parts.push(text(contribX + 8, rowY(i) + (rowH - 8) / 2, label, { size: 12, mono: true, anchor: "start" }));
      parts.push(text(contribX + 292, rowY(i) + (rowH - 8) / 2, `(${c.branch})`, { size: 10, anchor: "end", fill: GREY }));
    });
    // The kept prefixes of frame 0, each beside its group.
    const beamY = new Map<Prefix, number>();
    frame0.forEach((p) => {
      const rows = contributions.map((c, i) => [c, i] as const).filter(([c]) => c.from === p).map(([, i]) => rowY(i));
      const mid = (Math.min(...rows) + Math.max(...rows) + rowH - 8) / 2;
      beamY.set(p, mid);
      parts.push(box(20, mid - 36, 180, 72, [key(p.labels), `P_b = ${logText(p.pb)}`, `P_nb = ${logText(p.pnb)}`], { fill: STATE_FILL, rx: 6 }, { size: 12, mono: true }));
      for (const row of rows) parts.push(arrow(200, mid, contribX - 2, row + (rowH - 8) / 2, GREY));
    });
    // The merged candidates: kept, pruned, or dropped for a score of −∞.
    const candY = new Map<string, number>();
    [...candidates, ...dropped].forEach((p, i) => {
      const yTop = 56 + i * 62;
      const isKept = kept.includes(p);
      const fate = isKept ? "kept" : score(p) === -Infinity ? "dropped: score −∞" : "pruned";
      candY.set(key(p.labels), yTop + 26);
      parts.push(box(640, yTop, 230, 52, [`${key(p.labels)}  score ${logText(score(p))}`, `P_b ${logText(p.pb)}  P_nb ${logText(p.pnb)}`, fate], { fill: isKept ? STATE_FILL : DEAD_FILL, stroke: isKept ? "#333" : "#bbb", rx: 6 }, { size: 11, mono: true }));
    });
    contributions.forEach((c, i) => {
      const to = candY.get(c.to);
      if (to !== undefined) parts.push(arrow(contribX + 300, rowY(i) + (rowH - 8) / 2, 638, to, c.value === -Infinity ? "#bbb" : FORWARD));
    });
    const bottom = Math.max(rowY(contributions.length - 1) + rowH, 56 + (candidates.length + dropped.length) * 62) + 16;
    parts.push(text(450, bottom, "Contributions to the same prefix are added (⊕ = logAddExp) before the candidates are ranked and cut to k.", { size: 12, fill: GREY }));
    return svgDocument(900, bottom + 20, "One step of CTC prefix beam search", parts);
  },
};

/** An int32 vector of labels. */
function intArray(values: readonly number[]): NDArray {
  return NDArray.fromTypedArray(Int32Array.from(values), [values.length]);
}

export const figures: HandoutFigure[] = [rnnUnrolled, gruCell, ctcTrellis, beamStep, lstmCell];
