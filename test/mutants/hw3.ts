/**
 * Planted bugs in hw3: each is the reference with one small, named change, and the tests
 * it must lose points in. mutants.test.ts grades every one of them.
 */
import type { Mutant } from "./mutant.js";

export const HW3_MUTANTS: Mutant[] = [
  {
    id: "rnncell-grad-overwrite",
    what: "RNNCell.backward overwrites dLdW_ih instead of accumulating it, so BPTT keeps only one step",
    edits: [{ file: "rnn-cell.ts", find: "this.dLdW_ih = this.dLdW_ih.add(dz.transpose().matmul(x));", replace: "this.dLdW_ih = dz.transpose().matmul(x);" }],
    loses: ["rnncell.backward_params", "rnnclassifier.backward_params"],
  },
  {
    id: "rnnclassifier-hidden-grad-not-summed",
    what: "BPTT replaces a lower layer's running gradient with the one from the layer above instead of adding them",
    edits: [{ file: "rnn-classifier.ts", find: "if (l > 0) dh[l - 1] = dh[l - 1].add(dInput);", replace: "if (l > 0) dh[l - 1] = dInput;" }],
    loses: ["rnnclassifier.backward_input", "rnnclassifier.backward_params"],
  },
  {
    id: "gru-reset-before-matmul",
    what: "GRU reset gate applied to h before W_hn (the 2014 paper's variant) instead of to W_hn·h + b_hn",
    edits: [
      {
        file: "gru-cell.ts",
        find: "const n = block(gi, 2).add(r.mul(hn)).tanh();",
        replace: "const n = block(gi, 2).add(r.mul(h).matmul(this.W_hh.slice(`${2 * H}:`).transpose()).add(this.b_hh.slice(`${2 * H}:`))).tanh();",
      },
    ],
    loses: ["grucell.forward"],
  },
  {
    id: "gru-update-gate-sign",
    what: "GRU backward takes ∂h′/∂z as n − h instead of h − n",
    edits: [{ file: "gru-cell.ts", find: "const dz = dLdhNew.mul(h.sub(n));", replace: "const dz = dLdhNew.mul(n.sub(h));" }],
    loses: ["grucell.backward_input", "grucell.backward_params"],
  },
  {
    id: "lstm-gate-order",
    what: "LSTM reads the forget gate from the first block and the input gate from the second (PyTorch's order is i, f, g, o)",
    edits: [{ file: "lstm-cell.ts", find: "const i = sigmoid(block(0));\n    const f = sigmoid(block(1));", replace: "const i = sigmoid(block(1));\n    const f = sigmoid(block(0));" }],
    loses: ["lstmcell.forward"],
  },
  {
    id: "ctc-blank-literal",
    what: "the extended target interleaves a literal 0 instead of the CTC's blank index",
    edits: [{ file: "ctc.ts", find: "for (const label of labels) ext.push(label, this.blank);", replace: "for (const label of labels) ext.push(label, 0);" }],
    loses: ["ctc.extended"],
  },
  {
    id: "ctc-skip-between-repeats",
    what: "skip connections allowed between repeated labels, so [1, 1] could be read from the path 1 1",
    edits: [{ file: "ctc.ts", find: "s >= 2 && symbol !== this.blank && symbol !== ext[s - 2] ? 1 : 0", replace: "s >= 2 && symbol !== this.blank ? 1 : 0" }],
    loses: ["ctc.extended", "ctcloss.forward", "ctcloss.backward"],
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
  },
  {
    id: "ctc-beta-one-final-state",
    what: "β initialised at the last frame with only the final blank, forgetting the path that ends on the last label",
    edits: [{ file: "ctc.ts", find: "    if (S > 1) beta[(T - 1) * S + S - 2] = 0;\n", replace: "" }],
    loses: ["ctc.beta"],
  },
  {
    id: "ctc-posteriors-unnormalised",
    what: "γ = exp(α + β) without dividing by P(target | x)",
    edits: [{ file: "ctc.ts", find: "return alpha.add(beta).sub(logP).exp();", replace: "return alpha.add(beta).exp();" }],
    loses: ["ctc.posteriors"],
  },
  {
    id: "ctcloss-sum-over-targets",
    what: "CTC loss averaged over the batch only, without dividing each item by its target length",
    edits: [{ file: "ctc-loss.ts", find: "weights.push(1 / (N * Math.max(targetLen, 1)));", replace: "weights.push(1 / N);" }],
    loses: ["ctcloss.forward", "ctcloss.backward"],
  },
  {
    id: "ctcloss-grad-wrt-logprobs",
    what: "CTC loss backward returns −γ, the gradient for free log-probabilities, instead of the gradient for the logits",
    edits: [{ file: "ctc-loss.ts", find: "grad[i] = weights[n] * (softmax[i] - occupancy[i]);", replace: "grad[i] = -weights[n] * occupancy[i];" }],
    loses: ["ctcloss.backward"],
  },
  {
    id: "greedy-no-collapse",
    what: "greedy search drops blanks but does not merge repeated symbols",
    edits: [{ file: "decoding.ts", find: "if (best !== blank && best !== previous) labels.push(best);", replace: "if (best !== blank) labels.push(best);" }],
    loses: ["greedy.decode"],
  },
  {
    id: "beam-no-merge",
    what: "beam search overwrites the score of a prefix reached a second time instead of merging the two",
    edits: [{ file: "decoding.ts", find: "extended.nonBlank = logAddExp(extended.nonBlank, score + p);", replace: "extended.nonBlank = score + p;" }],
    loses: ["beam.best", "beam.kept"],
  },
  {
    id: "beam-repeat-after-blank-lost",
    what: "beam search never extends a prefix by its own last symbol after a blank, so [1, 1] is unreachable",
    edits: [{ file: "decoding.ts", find: "          extended.nonBlank = logAddExp(extended.nonBlank, beam.blank + p);\n", replace: "" }],
    loses: ["beam.kept"],
  },
];
