/**
 * Planted bugs in hw3: each is the reference with one small, named change, and the tests
 * it must lose points in. mutants.test.ts grades every one of them.
 */
import type { Mutant } from "./mutant.js";

export const HW3_MUTANTS: Mutant[] = [
  {
    id: "rnncell-grad-overwrite",
    what: "RNNCell.backward overwrites dLdW_ih instead of accumulating it, so BPTT keeps only one step",
    edits: [{ file: "rnncell.ts", find: "this.dLdW_ih = this.dLdW_ih.add(dz.transpose().matmul(x));", replace: "this.dLdW_ih = dz.transpose().matmul(x);" }],
    loses: ["rnncell.backward_params", "rnnclassifier.backward_params"],
    says: /must ADD its step's gradients/,
  },
  {
    id: "rnnclassifier-hidden-grad-not-summed",
    what: "BPTT replaces a lower layer's running gradient with the one from the layer above instead of adding them",
    edits: [{ file: "rnnclassifier.ts", find: "if (l > 0) dh[l - 1] = dh[l - 1].add(dInput);", replace: "if (l > 0) dh[l - 1] = dInput;" }],
    loses: ["rnnclassifier.backward_input", "rnnclassifier.backward_params"],
    says: /dh\[l − 1\] \+= dInput, not =/,
  },
  {
    id: "gru-reset-before-matmul",
    what: "GRU reset gate applied to h before W_hn (the 2014 paper's variant) instead of to W_hn·h + b_hn",
    edits: [
      {
        file: "grucell.ts",
        find: "const n = block(gi, 2).add(r.mul(hn)).tanh();",
        replace: "const n = block(gi, 2).add(r.mul(h).matmul(this.W_hh.slice(`${2 * H}:`).transpose()).add(this.b_hh.slice(`${2 * H}:`))).tanh();",
      },
    ],
    loses: ["grucell.forward"],
    says: /bias included, not h itself/,
  },
  {
    id: "gru-update-gate-sign",
    what: "GRU backward takes ∂h′/∂z as n − h instead of h − n",
    edits: [{ file: "grucell.ts", find: "const dz = dLdhNew.mul(h.sub(n));", replace: "const dz = dLdhNew.mul(n.sub(h));" }],
    loses: ["grucell.backward_input", "grucell.backward_params"],
    says: /directly through z ⊙ h/,
  },
  {
    id: "lstm-gate-order",
    what: "LSTM reads the forget gate from the first block and the input gate from the second (PyTorch's order is i, f, g, o)",
    edits: [{ file: "lstmcell.ts", find: "const i = sigmoid(block(0));\n    const f = sigmoid(block(1));", replace: "const i = sigmoid(block(1));\n    const f = sigmoid(block(0));" }],
    loses: ["lstmcell.forward"],
    says: /i, f, g, o in that order/,
  },
  {
    id: "rnncell-derivative-of-previous-state",
    what: "RNNCell.backward takes tanh′ as 1 − h² with the previous state h instead of the new one",
    edits: [{ file: "rnncell.ts", find: "const dz = dLdhNew.mul(hNew.mul(hNew).neg().add(1));", replace: "const dz = dLdhNew.mul(h.mul(h).neg().add(1));" }],
    loses: ["rnncell.backward_input"],
    says: /the NEW state this step returned \(not the previous h\)/,
  },
  {
    id: "rnnclassifier-previous-step-input",
    what: "layer l > 0 reads layer l − 1's state from the previous step instead of its new one",
    edits: [{ file: "rnnclassifier.ts", find: "input = cell.forward(input, hiddens[t][l]);", replace: "input = cell.forward(l === 0 ? input : hiddens[t][l - 1], hiddens[t][l]);" }],
    loses: ["rnnclassifier.forward"],
    says: /L=2[\s\S]*not its state from the previous step/,
  },
  {
    id: "rnnclassifier-dldx-reversed",
    what: "BPTT stores the input gradients in reverse order (dLdx[T − t] instead of dLdx[t − 1])",
    edits: [{ file: "rnnclassifier.ts", find: "else dLdx[t - 1] = dInput;", replace: "else dLdx[T - t] = dInput;" }],
    loses: ["rnnclassifier.backward_input"],
    says: /reverse order along axis 1[\s\S]*not in reverse order/,
  },
  {
    id: "gru-gate-order-swapped",
    what: "GRU reads the update gate z from the first block and the reset gate r from the second (PyTorch's order is r, z, n)",
    edits: [
      {
        file: "grucell.ts",
        find: "const r = sigmoid(block(gi, 0).add(block(gh, 0)));\n    const z = sigmoid(block(gi, 1).add(block(gh, 1)));",
        replace: "const r = sigmoid(block(gi, 1).add(block(gh, 1)));\n    const z = sigmoid(block(gi, 0).add(block(gh, 0)));",
      },
    ],
    loses: ["grucell.forward"],
    says: /r, z, n in that order/,
  },
  {
    id: "gru-no-direct-path",
    what: "GRU backward forgets the direct z ⊙ h path from h to h′",
    edits: [{ file: "grucell.ts", find: "const dLdh = dgh.matmul(this.W_hh).add(dLdhNew.mul(z));", replace: "const dLdh = dgh.matmul(this.W_hh);" }],
    loses: ["grucell.backward_input"],
    says: /add dLdh′ ⊙ z to dLdh/,
  },
  {
    id: "gru-hidden-n-not-scaled-by-r",
    what: "GRU backward forgets the factor r on the hidden side's n block",
    edits: [{ file: "grucell.ts", find: "const dgh = concat([drPre, dzPre, dnPre.mul(r)], 1);", replace: "const dgh = concat([drPre, dzPre, dnPre], 1);" }],
    loses: ["grucell.backward_input", "grucell.backward_params"],
    says: /the hidden n block scaled by r \(dn_pre ⊙ r\)/,
  },
  {
    id: "ctc-no-skip-transition",
    what: "α never takes the skip transition from s − 2",
    edits: [{ file: "ctc.ts", find: "        if (s >= 2 && skip[s]) a = logAddExp(a, alpha[prev + s - 2]);\n", replace: "" }],
    loses: ["ctc.alpha"],
    says: /T=9, C=6[\s\S]*the skip transition αₜ₋₁\(s − 2\)/,
  },
  {
    id: "ctcloss-not-divided-by-n",
    what: "CTC loss divides each item by its target length but does not average over the batch",
    edits: [{ file: "ctcloss.ts", find: "weights.push(1 / (N * Math.max(targetLen, 1)));", replace: "weights.push(1 / Math.max(targetLen, 1));" }],
    loses: ["ctcloss.forward", "ctcloss.backward"],
    says: /factor N = 2 missing or extra[\s\S]*divide by N too/,
  },
  {
    id: "ctcloss-padding-frames-gradient",
    what: "CTC loss backward gives padding frames (t ≥ input length) a gradient",
    edits: [{ file: "ctcloss.ts", find: "        if (t >= inputLengths[n]) continue;\n", replace: "" }],
    loses: ["ctcloss.backward"],
    says: /exactly 0 on padding frames/,
  },
  {
    id: "greedy-merges-across-blanks",
    what: "greedy search drops blanks before merging repeats, so 1 ∅ 1 becomes one label",
    edits: [{ file: "decoding.ts", find: "    previous = best;\n  }\n  return { labels: labelling(labels, logProbs.device), logProb };", replace: "    if (best !== blank) previous = best;\n  }\n  return { labels: labelling(labels, logProbs.device), logProb };" }],
    loses: ["decoding.greedy"],
    says: /dropping blanks first would merge 1 ∅ 1 into one label/,
  },
  {
    id: "beam-one-score-per-prefix",
    what: "beam search keeps one score per prefix: a repeated symbol always merges into the prefix, so 1 1 is never formed",
    edits: [
      {
        file: "decoding.ts",
        find: "          same.nonBlank = logAddExp(same.nonBlank, beam.nonBlank + p);\n          extended.nonBlank = logAddExp(extended.nonBlank, beam.blank + p);\n",
        replace: "          same.nonBlank = logAddExp(same.nonBlank, score + p);\n",
      },
    ],
    loses: ["decoding.beam_kept"],
    says: /with one score a repeat cannot tell 1 1 from 1|only from the blank-ending score/,
  },
  {
    id: "beam-prunes-before-merging",
    what: "beam search prunes the candidates to the k best before merging equal prefixes, so a prefix reached along several paths can be cut too early",
    edits: [
      {
        file: "decoding.ts",
        find: "    const next = new Map<string, Beam>();\n    const entry = (prefix: number[]): Beam => {\n      const key = prefix.join(\",\");\n      let beam = next.get(key);\n      if (beam === undefined) {\n        beam = { prefix, blank: -Infinity, nonBlank: -Infinity };\n        next.set(key, beam);\n      }\n      return beam;\n    };\n    for (const beam of beams) {\n",
        replace: "    const candidates: Beam[] = [];\n    let fromThisBeam = new Map<string, Beam>();\n    const entry = (prefix: number[]): Beam => {\n      const key = prefix.join(\",\");\n      let beam = fromThisBeam.get(key);\n      if (beam === undefined) {\n        beam = { prefix, blank: -Infinity, nonBlank: -Infinity };\n        fromThisBeam.set(key, beam);\n        candidates.push(beam);\n      }\n      return beam;\n    };\n    for (const beam of beams) {\n      fromThisBeam = new Map<string, Beam>();\n",
      },
      {
        file: "decoding.ts",
        find: "    beams = [...next.values()].filter((beam) => total(beam) > -Infinity).sort(compareBeams).slice(0, beamWidth);",
        replace:
          "    const merged = new Map<string, Beam>();\n    for (const b of candidates.filter((beam) => total(beam) > -Infinity).sort(compareBeams).slice(0, beamWidth)) {\n      const kept = merged.get(b.prefix.join(\",\"));\n      if (kept === undefined) merged.set(b.prefix.join(\",\"), b);\n      else [kept.blank, kept.nonBlank] = [logAddExp(kept.blank, b.blank), logAddExp(kept.nonBlank, b.nonBlank)];\n    }\n    beams = [...merged.values()].sort(compareBeams);",
      },
    ],
    loses: ["decoding.beam_kept"],
    says: /merge equal prefixes with logAddExp BEFORE pruning/,
  },
  {
    id: "ctc-blank-literal",
    what: "the extended target interleaves a literal 0 instead of the CTC's blank index",
    edits: [{ file: "ctc.ts", find: "for (const label of labels) ext.push(label, this.blank);", replace: "for (const label of labels) ext.push(label, 0);" }],
    loses: ["ctc.extended"],
    says: /blank=2[\s\S]*not a literal 0/,
  },
  {
    id: "ctc-skip-between-repeats",
    what: "skip connections allowed between repeated labels, so [1, 1] could be read from the path 1 1",
    edits: [{ file: "ctc.ts", find: "s >= 2 && symbol !== this.blank && symbol !== ext[s - 2] ? 1 : 0", replace: "s >= 2 && symbol !== this.blank ? 1 : 0" }],
    loses: ["ctc.extended", "ctcloss.forward", "ctcloss.backward"],
    says: /never between equal labels/,
  },
  {
    id: "ctc-alpha-probability-space",
    what: "α combined as log(eᵃ + eᵇ), i.e. in probability space: on long inputs the probabilities underflow to 0",
    edits: [
      {
        file: "ctc.ts",
        find: "        if (s >= 1) a = logAddExp(a, alpha[prev + s - 1]);\n        if (s >= 2 && skip[s]) a = logAddExp(a, alpha[prev + s - 2]);",
        replace:
          "        if (s >= 1) a = Math.log(Math.exp(a) + Math.exp(alpha[prev + s - 1]));\n        if (s >= 2 && skip[s]) a = Math.log(Math.exp(a) + Math.exp(alpha[prev + s - 2]));",
      },
    ],
    loses: ["ctc.alpha"],
    says: /never as log\(Σ exp\)/,
  },
  {
    id: "ctc-beta-one-final-state",
    what: "β initialised at the last frame with only the final blank, forgetting the path that ends on the last label",
    edits: [{ file: "ctc.ts", find: "    if (S > 1) beta[(T - 1) * S + S - 2] = 0;\n", replace: "" }],
    loses: ["ctc.beta"],
    says: /at BOTH last states/,
  },
  {
    id: "ctc-posteriors-unnormalised",
    what: "γ = exp(α + β) without dividing by P(target | x)",
    edits: [{ file: "ctc.ts", find: "return alpha.add(beta).sub(logP).exp();", replace: "return alpha.add(beta).exp();" }],
    loses: ["ctc.posteriors"],
    says: /divided by P\(target \| x\)/,
  },
  {
    id: "ctcloss-sum-over-targets",
    what: "CTC loss averaged over the batch only, without dividing each item by its target length",
    edits: [{ file: "ctcloss.ts", find: "weights.push(1 / (N * Math.max(targetLen, 1)));", replace: "weights.push(1 / N);" }],
    loses: ["ctcloss.forward", "ctcloss.backward"],
    says: /by its target length/,
  },
  {
    id: "ctcloss-grad-wrt-logprobs",
    what: "CTC loss backward returns −γ, the gradient for free log-probabilities, instead of the gradient for the logits",
    edits: [{ file: "ctcloss.ts", find: "grad[i] = weights[n] * (softmax[i] - occupancy[i]);", replace: "grad[i] = -weights[n] * occupancy[i];" }],
    loses: ["ctcloss.backward"],
    says: /not −γ/,
  },
  {
    id: "greedy-no-collapse",
    what: "greedy search drops blanks but does not merge repeated symbols",
    edits: [{ file: "decoding.ts", find: "if (best !== blank && best !== previous) labels.push(best);", replace: "if (best !== blank) labels.push(best);" }],
    loses: ["decoding.greedy"],
    says: /not merging at all keeps 1 1/,
  },
  {
    id: "beam-no-merge",
    what: "beam search overwrites the score of a prefix reached a second time instead of merging the two",
    edits: [{ file: "decoding.ts", find: "extended.nonBlank = logAddExp(extended.nonBlank, score + p);", replace: "extended.nonBlank = score + p;" }],
    loses: ["decoding.beam_best", "decoding.beam_kept"],
    says: /never overwrite/,
  },
  {
    id: "beam-repeat-after-blank-lost",
    what: "beam search never extends a prefix by its own last symbol after a blank, so [1, 1] is unreachable",
    edits: [{ file: "decoding.ts", find: "          extended.nonBlank = logAddExp(extended.nonBlank, beam.blank + p);\n", replace: "" }],
    loses: ["decoding.beam_kept"],
    says: /extends the prefix \(1 → 1 1\) only from the blank-ending score/,
  },
];
