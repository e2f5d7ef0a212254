/**
 * §5 CTCLoss on a batch of logits (T, N, C) with per-item input and target lengths: the
 * mean loss, then dL/dlogits. Items have different lengths, and the padding of `targets`
 * (past each target length) holds real labels, so reading past a length changes the
 * result. The blank is a parameter of the loss: a blank other than 0 is checked too.
 */
import { NDArray, type Generator } from "#ndarray";
import { defineCase, type CaseSpec, type Inputs, type Size } from "../../src/suite.js";
import { randomLabels } from "./sequences.js";
import type { HW3 } from "./types.js";

/**
 * Target lengths in [minTarget, S]; input lengths in [2S + 1, T] with item 0 using all T
 * frames, so every target fits (a target of L labels needs at most 2L − 1 frames).
 */
function inputs(rng: Generator, size: Size): Record<string, NDArray> {
  const [T, N, C, S, blank] = [size.T as number, size.N as number, size.C as number, size.S as number, size.blank as number];
  const minTarget = size.minTarget as number;
  const inputLengths = rng.randint(2 * S + 1, T + 1, [N], { dtype: "int32" }).toTypedArray();
  inputLengths[0] = T;
  return {
    logits: rng.randn([T, N, C]).mul(size.scale as number),
    targets: randomLabels(rng, N * S, C, blank).reshape([N, S]),
    inputLengths: NDArray.fromTypedArray(inputLengths, [N]),
    targetLengths: rng.randint(minTarget, S + 1, [N], { dtype: "int32" }),
  };
}

const sizes = {
  public: [
    { T: 8, N: 2, C: 4, S: 3, minTarget: 1, blank: 0, scale: 1 },
    { T: 12, N: 4, C: 3, S: 4, minTarget: 1, blank: 0, scale: 2 },
  ],
  hidden: [
    { T: 5, N: 1, C: 2, S: 2, minTarget: 1, blank: 0, scale: 1 },
    { T: 20, N: 6, C: 6, S: 5, minTarget: 0, blank: 0, scale: 2 },
    { T: 10, N: 3, C: 5, S: 3, minTarget: 1, blank: 4, scale: 1 },
  ],
};

function forward(hw: HW3, inputs: Inputs, size: Size) {
  const loss = new hw.CTCLoss(size.blank as number);
  const L = loss.forward(inputs.logits, inputs.targets, inputs.inputLengths, inputs.targetLengths);
  return { loss, L };
}

export const cases: CaseSpec<HW3>[] = [
  defineCase<HW3>({
    id: "ctcloss.forward",
    number: "5.1",
    section: "ctcloss",
    title: "CTC loss forward (mean reduction)",
    points: 7,
    sizes,
    inputs,
    run: ({ hw, inputs, size }) => ({ L: forward(hw, inputs, size).L }),
    failureHint: "log_softmax the logits first; divide each item's −log P by its target length (at least 1), then average over the batch (divide by N too).",
  }),
  defineCase<HW3>({
    id: "ctcloss.backward",
    number: "5.2",
    section: "ctcloss",
    title: "CTC loss backward: dL/dlogits",
    points: 7,
    sizes,
    inputs,
    run: ({ hw, inputs, size }) => ({ dLdlogits: forward(hw, inputs, size).loss.backward() }),
    failureHint: "dL/dlogits = (softmax − Σ_{s: ext[s] = k} γₜ(s)) / (N · max(targetLength, 1)) on real frames (softmax − γ, not −γ, which is the gradient for log-probabilities), and exactly 0 on padding frames (t ≥ inputLength).",
  }),
];
