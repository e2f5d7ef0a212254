/**
 * The figures of handouts/hw1.md (see figure.ts). Every shape a figure prints comes from
 * running the reference's own layers on a public size of the suite that grades them, so a
 * change of a layer's shapes or of a test's sizes redraws the figure.
 */
import { KitError, zeros } from "#ndarray";
import { BatchNorm1d } from "../../../reference/hw1/batchnorm.js";
import { Linear } from "../../../reference/hw1/linear.js";
import { MLP1 } from "../../../reference/hw1/models.js";
import { cases as batchnormCases } from "../../suites/hw1/batchnorm.suite.js";
import { cases as linearCases } from "../../suites/hw1/linear.suite.js";
import { cases as modelCases } from "../../suites/hw1/models.suite.js";
import type { HandoutFigure } from "./figure.js";
import { arrow, labelledBox, line, rect, svgDocument, text } from "./svg.js";

const FORWARD = "#1f4e79";
const BACKWARD = "#b5470b";
const LAYER_FILL = "#e8f1fb";
const PARAM_FILL = "#fdf0e4";
const CACHE_FILL = "#f3f3f3";

/** `(4, 3)`: a shape as the handout writes it. */
function shapeText(shape: readonly number[]): string {
  return `(${shape.join(", ")})`;
}

/** The first public size of a suite case, by id: the sizes a figure shows are ones a test runs. */
function publicSize(cases: readonly { id: string; sizes: { public: readonly Record<string, unknown>[] } }[], id: string): Record<string, number> {
  const size = cases.find((c) => c.id === id)?.sizes.public[0];
  if (size === undefined) throw new KitError("E_FIGURE", `handouts/hw1 figures: the hw1 suite has no case ${id} with a public size`);
  return Object.fromEntries(Object.entries(size).filter((e): e is [string, number] => typeof e[1] === "number"));
}

const layerContract: HandoutFigure = {
  name: "layer-contract",
  alt: "A Linear layer on a public size of its tests: forward takes A, caches it and returns Z; backward takes dLdZ, returns dLdA of A's shape and stores dLdW and dLdb, shaped like W and b, on the layer.",
  svg() {
    const { N, Cin, Cout } = publicSize(linearCases, "linear.backward_weight");
    const layer = new Linear(Cin, Cout);
    const A = zeros([N, Cin]);
    const Z = layer.forward(A);
    const dLdA = layer.backward(zeros(Z.shape));
    const [dLdW, dLdb] = [layer.dLdW, layer.dLdb];
    if (dLdW === undefined || dLdb === undefined) throw new KitError("E_FIGURE", "handouts/hw1 figures: the reference Linear stored no gradients");
    const parts: string[] = [];
    // The layer: its parameters and its cache.
    parts.push(rect(300, 40, 300, 250, { fill: LAYER_FILL, rx: 10 }));
    parts.push(text(450, 62, `Linear(${Cin}, ${Cout})`, { weight: "bold", size: 15 }));
    parts.push(labelledBox(320, 84, 125, 30, `W ${shapeText(layer.W.shape)}`, { fill: "#fff", size: 12, mono: true }));
    parts.push(labelledBox(455, 84, 125, 30, `b ${shapeText(layer.b.shape)}`, { fill: "#fff", size: 12, mono: true }));
    parts.push(labelledBox(320, 130, 260, 30, `cache: this.A ${shapeText(A.shape)}`, { fill: CACHE_FILL, dashed: true, size: 12, mono: true }));
    parts.push(labelledBox(320, 176, 125, 30, `dLdW ${shapeText(dLdW.shape)}`, { fill: PARAM_FILL, size: 12, mono: true }));
    parts.push(labelledBox(455, 176, 125, 30, `dLdb ${shapeText(dLdb.shape)}`, { fill: PARAM_FILL, size: 12, mono: true }));
    parts.push(text(450, 226, "stored by backward(), overwritten each time,", { size: 12 }));
    parts.push(text(450, 242, "read by the optimiser as p.grad", { size: 12 }));
    parts.push(text(450, 270, "a gradient has the shape of what it differentiates", { size: 12, fill: "#555" }));
    // Forward, left to right, on top.
    parts.push(text(150, 98, `A ${shapeText(A.shape)}`, { mono: true, weight: "bold", fill: FORWARD }));
    parts.push(text(150, 118, "input of forward(A)", { size: 12, fill: FORWARD }));
    parts.push(arrow(215, 98, 298, 98, FORWARD));
    parts.push(arrow(602, 98, 688, 98, FORWARD));
    parts.push(text(760, 98, `Z ${shapeText(Z.shape)}`, { mono: true, weight: "bold", fill: FORWARD }));
    parts.push(text(760, 118, "returned: Z = A·Wᵀ + b", { size: 12, fill: FORWARD }));
    parts.push(arrow(245, 110, 318, 140, FORWARD, true));
    parts.push(text(240, 152, "forward caches A", { size: 12, fill: FORWARD, anchor: "end" }));
    // Backward, right to left, below.
    parts.push(text(760, 250, `dLdZ ${shapeText(Z.shape)}`, { mono: true, weight: "bold", fill: BACKWARD }));
    parts.push(text(760, 270, "input of backward(dLdZ)", { size: 12, fill: BACKWARD }));
    parts.push(arrow(688, 250, 602, 250, BACKWARD));
    parts.push(arrow(298, 250, 215, 250, BACKWARD));
    parts.push(text(150, 250, `dLdA ${shapeText(dLdA.shape)}`, { mono: true, weight: "bold", fill: BACKWARD }));
    parts.push(text(150, 270, "returned: dLdZ · W", { size: 12, fill: BACKWARD }));
    parts.push(text(450, 320, "forward(A): compute, cache what backward needs, return.   backward(dLdZ): read the cache, store the parameter gradients, return dLdA.", { size: 12 }));
    return svgDocument(880, 340, "The layer contract, on a Linear layer", parts);
  },
};

/** One layer of the graph figure: its label, the shapes around it, and its parameter gradients if it has any. */
interface GraphLayer {
  label: string;
  input: readonly number[];
  output: readonly number[];
  grads?: { W: readonly number[]; b: readonly number[] };
}

const mlpGraph: HandoutFigure = {
  name: "mlp-graph",
  alt: "MLP1 on a batch from the models tests: the forward pass runs Linear, ReLU, Linear, ReLU left to right, caching each input; the backward pass runs them right to left, each Linear storing dLdW and dLdb.",
  svg() {
    const { N } = publicSize(modelCases, "mlp1.backward");
    const model = new MLP1();
    const input = zeros([N, model.linears[0].inFeatures]);
    const layers: GraphLayer[] = [];
    let out = input;
    for (const layer of model.layers) {
      const next = layer.forward(out);
      const label = layer instanceof Linear ? `Linear(${layer.inFeatures}, ${layer.outFeatures})` : layer.constructor.name;
      layers.push({ label, input: out.shape, output: next.shape });
      out = next;
    }
    let grad = zeros(out.shape);
    for (let l = model.layers.length - 1; l >= 0; l--) {
      const layer = model.layers[l];
      grad = layer.backward(grad);
      if (layer instanceof Linear && layer.dLdW !== undefined && layer.dLdb !== undefined) layers[l].grads = { W: layer.dLdW.shape, b: layer.dLdb.shape };
    }
    const boxW = 104;
    const gap = 62;
    const top = 90;
    const boxH = 56;
    const x0 = 22 + gap;
    const xOf = (i: number) => x0 + i * (boxW + gap);
    const parts: string[] = [];
    parts.push(text(20, 24, `MLP1 on a batch of N = ${N}: forward →`, { anchor: "start", weight: "bold", fill: FORWARD }));
    parts.push(text(20, 286, "← backward (the same layers, last first)", { anchor: "start", weight: "bold", fill: BACKWARD }));
    layers.forEach((layer, i) => {
      const x = xOf(i);
      parts.push(labelledBox(x, top, boxW, boxH, layer.label, { fill: LAYER_FILL, rx: 8, size: 12, weight: "bold" }));
      parts.push(text(x + boxW / 2, top + boxH + 14, layer.grads ? "caches its input" : "caches its output", { size: 11, fill: "#555" }));
      // Forward: the tensor entering this layer, named and shaped, above the arrow into it.
      parts.push(arrow(x - gap + 4, top + 18, x - 2, top + 18, FORWARD));
      parts.push(text(x - gap / 2, top - 26, `A${i}`, { size: 13, weight: "bold", fill: FORWARD }));
      parts.push(text(x - gap / 2, top - 10, shapeText(layer.input), { size: 12, mono: true, fill: FORWARD }));
      // Backward: the gradient this layer returns, below the arrow out of it.
      parts.push(arrow(x - 2, top + boxH - 14, x - gap + 4, top + boxH - 14, BACKWARD));
      parts.push(text(x - gap / 2, top + boxH + 34, `dLdA${i}`, { size: 13, weight: "bold", fill: BACKWARD }));
      parts.push(text(x - gap / 2, top + boxH + 50, shapeText(layer.input), { size: 12, mono: true, fill: BACKWARD }));
      if (layer.grads) {
        parts.push(line(x + boxW / 2, top + boxH + 22, x + boxW / 2, top + boxH + 70, BACKWARD, true));
        parts.push(labelledBox(x + 4, top + boxH + 70, boxW - 8, 26, `dLdW ${shapeText(layer.grads.W)}`, { fill: PARAM_FILL, size: 12, mono: true }));
        parts.push(labelledBox(x + 4, top + boxH + 98, boxW - 8, 26, `dLdb ${shapeText(layer.grads.b)}`, { fill: PARAM_FILL, size: 12, mono: true }));
      }
    });
    const end = xOf(layers.length);
    const last = layers[layers.length - 1].output;
    parts.push(arrow(end - gap + 4, top + 18, end - 2, top + 18, FORWARD));
    parts.push(text(end - gap / 2, top - 26, `A${layers.length}`, { size: 13, weight: "bold", fill: FORWARD }));
    parts.push(text(end - gap / 2, top - 10, shapeText(last), { size: 12, mono: true, fill: FORWARD }));
    parts.push(arrow(end - 2, top + boxH - 14, end - gap + 4, top + boxH - 14, BACKWARD));
    parts.push(text(end - gap / 2, top + boxH + 34, `dLdA${layers.length}`, { size: 13, weight: "bold", fill: BACKWARD }));
    parts.push(text(end - gap / 2, top + boxH + 50, shapeText(last), { size: 12, mono: true, fill: BACKWARD }));
    parts.push(labelledBox(end, top, 70, boxH, "loss L", { fill: CACHE_FILL, rx: 8, size: 12, weight: "bold" }));
    return svgDocument(xOf(layers.length) + 90, 300, "The computational graph of MLP1, forward and backward", parts);
  },
};

/** A step of BatchNorm's flow: a box with a title line and a formula line. */
function step(x: number, y: number, w: number, title: string, formula: string, fill: string): string {
  return rect(x, y, w, 48, { fill, rx: 6 }) + text(x + w / 2, y + 15, title, { size: 11, fill: "#555" }) + text(x + w / 2, y + 33, formula, { size: 12, mono: true });
}

const batchnormFlow: HandoutFigure = {
  name: "batchnorm-flow",
  alt: "BatchNorm1d in training mode normalises with the batch's mean and biased variance and updates the running statistics in place; in evaluation mode it normalises with the running statistics and updates nothing.",
  svg() {
    const { N, C } = publicSize(batchnormCases, "batchnorm.train_forward");
    const bn = new BatchNorm1d(C);
    const Z = zeros([N, C]);
    const BZ = bn.forward(Z);
    const [z, stat, out] = [shapeText(Z.shape), shapeText(bn.runningMean.shape), shapeText(BZ.shape)];
    const [left, right, w] = [15, 575, 310];
    const parts: string[] = [];
    parts.push(text(left + w / 2, 22, "training mode (training = true)", { weight: "bold", size: 14 }));
    parts.push(text(right + w / 2, 22, "evaluation mode (after eval())", { weight: "bold", size: 14 }));
    parts.push(step(left, 40, w, `input, ${z}`, "Z", "#fff"));
    parts.push(step(left, 120, w, `batch statistics over axis 0, each ${stat}`, "M = mean(Z), V = var(Z)", LAYER_FILL));
    parts.push(step(left, 200, w, `normalise, ${z}`, "NZ = (Z − M) / √(V + eps)", LAYER_FILL));
    parts.push(step(left, 280, w, `scale and shift, ${out}`, "BZ = W ⊙ NZ + b", LAYER_FILL));
    for (const y of [88, 168, 248]) parts.push(arrow(left + w / 2, y, left + w / 2, y + 32));
    parts.push(step(right, 40, w, `input, ${z}`, "Z", "#fff"));
    parts.push(step(right, 200, w, `normalise, ${z}`, "(Z − runningMean) / √(runningVar + eps)", LAYER_FILL));
    parts.push(step(right, 280, w, `scale and shift, ${out}`, "BZ = W ⊙ NZ + b", LAYER_FILL));
    parts.push(arrow(right + w / 2, 88, right + w / 2, 198));
    parts.push(arrow(right + w / 2, 248, right + w / 2, 278));
    // The running statistics, between the two modes.
    parts.push(rect(350, 112, 200, 70, { fill: PARAM_FILL, rx: 8 }));
    parts.push(text(450, 128, "running statistics", { size: 12, weight: "bold" }));
    parts.push(text(450, 148, `runningMean ${stat}`, { size: 12, mono: true }));
    parts.push(text(450, 166, `runningVar ${stat}`, { size: 12, mono: true }));
    parts.push(arrow(327, 144, 348, 144, BACKWARD));
    parts.push(text(335, 100, "update, in place", { size: 12, fill: BACKWARD }));
    parts.push(arrow(552, 160, 640, 198, FORWARD));
    parts.push(text(610, 160, "read only", { size: 12, fill: FORWARD, anchor: "start" }));
    parts.push(text(450, 352, "training only: runningMean ← (1 − momentum)·runningMean + momentum·M, and runningVar likewise with V·N/(N − 1)", { size: 12 }));
    parts.push(text(left + w / 2, 376, "backward: the three-term formula (M and V move with Z)", { size: 12, fill: BACKWARD }));
    parts.push(text(right + w / 2, 376, "backward: dLdNZ / √(runningVar + eps)", { size: 12, fill: BACKWARD }));
    return svgDocument(900, 395, "BatchNorm1d's data flow in training and in evaluation", parts);
  },
};

export const figures: HandoutFigure[] = [layerContract, mlpGraph, batchnormFlow];
