/**
 * Planted bugs in hw4: each is the reference with one small, named change, and the tests
 * it must lose points in. mutants.test.ts grades every one of them.
 */
import type { Mutant } from "./mutant.js";

export const HW4_MUTANTS: Mutant[] = [
  {
    id: "softmax-backward-no-subtraction",
    what: "Softmax backward treats softmax as element-wise: A ⊙ dLdA, missing the − Σ dLdA·A term",
    edits: [{ file: "softmax.ts", find: "return A.mul(dLdA.sub(dLdA.mul(A).sum(this.axis, true)));", replace: "return A.mul(dLdA);" }],
    loses: ["softmax.backward", "attention.backward_query"],
    says: /softmax is not element-wise/,
  },
  {
    id: "softmax-last-axis-only",
    what: "Softmax always normalises the last axis, ignoring `axis`",
    edits: [{ file: "softmax.ts", find: "const total = E.sum(this.axis, true);", replace: "const total = E.sum(-1, true);" }],
    loses: ["softmax.forward"],
    says: /whatever it is \(not always the last\)/,
  },
  {
    id: "softmax-nan-on-masked-rows",
    what: "no guard for slices of all −∞: −∞ − (−∞) = NaN",
    edits: [{ file: "softmax.ts", find: "const E = Z.sub(where(m.eq(-Infinity), 0, m)).exp();", replace: "const E = Z.sub(m).exp();" }],
    loses: ["softmax.masked_rows", "attention.masked_rows"],
    says: /NaN in \d+ places[\s\S]*shift by 0 there/,
  },
  {
    id: "causal-mask-off-by-one",
    what: "causal mask also hides the diagonal (j ≥ i instead of j > i)",
    edits: [{ file: "masks.ts", find: "return keys.gt(queries);", replace: "return keys.ge(queries);" }],
    loses: ["masks.causal", "block.forward"],
    says: /the diagonal stays false/,
  },
  {
    id: "attention-no-scale",
    what: "attention scores without the 1/√E scale",
    edits: [{ file: "attention.ts", find: "let P = Q.matmul(K.transpose(-2, -1)).div(Math.sqrt(E));", replace: "let P = Q.matmul(K.transpose(-2, -1));" }],
    loses: ["attention.forward"],
    says: /not left unscaled/,
  },
  {
    id: "attention-mask-after-softmax",
    what: "the attention mask is applied after the softmax (weights zeroed, rows no longer sum to 1)",
    edits: [
      { file: "attention.ts", find: "    if (masks.attnMask !== undefined) P = where(masks.attnMask, -Infinity, P);\n", replace: "" },
      {
        file: "attention.ts",
        find: "    this.weights = this.softmax.forward(P);",
        replace: "    this.weights = this.softmax.forward(P);\n    if (masks.attnMask !== undefined) this.weights = where(masks.attnMask, 0, this.weights);",
      },
    ],
    loses: ["attention.causal"],
    says: /BEFORE the softmax/,
  },
  {
    id: "padding-mask-on-queries",
    what: "the key padding mask is broadcast over the query axis instead of the key axis",
    edits: [
      {
        file: "attention.ts",
        find: "const perKey = masks.keyPaddingMask.reshape([N, ...new Array<number>(P.ndim - 2).fill(1), S]);",
        replace: "const perKey = masks.keyPaddingMask.reshape([N, ...new Array<number>(P.ndim - 3).fill(1), S, 1]);",
      },
    ],
    loses: ["attention.padding"],
    says: /masks KEYS/,
  },
  {
    id: "multihead-merge-without-permute",
    what: "heads merged in the wrong order: (N, H, L, D) reshaped straight to (N, L, E)",
    edits: [{ file: "multihead.ts", find: "return X.permute([0, 2, 1, 3]).reshape([N, T, this.embedDim]);", replace: "return X.reshape([N, T, this.embedDim]);" }],
    loses: ["multihead.forward"],
    says: /undo the permute BEFORE merging/,
  },
  {
    id: "embedding-backward-overwrites",
    what: "Embedding backward writes each position's gradient into its row instead of adding",
    edits: [
      {
        file: "embedding.ts",
        find: "    this.dLdW = oneHot.transpose().matmul(dLdY.reshape([-1, this.embeddingDim]));",
        replace:
          "    const rows = dLdY.reshape([-1, this.embeddingDim]);\n    const dLdW = zeros([this.numEmbeddings, this.embeddingDim]);\n    Array.from(idx.flatten().toTypedArray()).forEach((i, k) => dLdW.slice(i).assign(rows.slice(k)));\n    this.dLdW = dLdW;",
      },
    ],
    loses: ["embedding.backward"],
    says: /the SUM of dLdY/,
  },
  {
    id: "embedding-sin-cos-swapped",
    what: "positional encoding with cosine in the even columns and sine in the odd ones",
    edits: [{ file: "embedding.ts", find: "stack([angles.sin(), angles.cos()], -1)", replace: "stack([angles.cos(), angles.sin()], -1)" }],
    loses: ["embedding.sinusoidal"],
    says: /sine in the even column, cosine in the odd one/,
  },
  {
    id: "layernorm-unbiased-variance",
    what: "LayerNorm normalises with the unbiased variance (divides by E − 1)",
    edits: [{ file: "layernorm.ts", find: "const std = X.var(-1, true).add(this.eps).sqrt();", replace: "const std = X.var(-1, true, 1).add(this.eps).sqrt();" }],
    loses: ["layernorm.forward"],
    says: /divide by E, not E − 1/,
  },
  {
    id: "layernorm-backward-no-mean-terms",
    what: "LayerNorm backward ignores that μ and σ² depend on X",
    edits: [
      {
        file: "layernorm.ts",
        find: "return dLdNX.sub(dLdNX.mean(-1, true)).sub(NX.mul(dLdNX.mul(NX).mean(-1, true))).div(std);",
        replace: "return dLdNX.div(std);",
      },
    ],
    loses: ["layernorm.backward"],
    says: /μ and σ² depend on every entry/,
  },
  {
    id: "block-post-ln-residual",
    what: "the attention residual adds the normalised input ln1(X) instead of X",
    edits: [{ file: "block.ts", find: "const H1 = X.add(this.drop1.forward(attended));", replace: "const H1 = h.add(this.drop1.forward(attended));" }],
    loses: ["block.forward"],
    says: /the residual adds X itself/,
  },
  {
    id: "block-self-attention-grad-query-only",
    what: "the block passes only dLdQuery back to ln1, dropping the key and value paths of self-attention",
    edits: [{ file: "block.ts", find: "this.ln1.backward(dLdQuery.add(dLdKey).add(dLdValue))", replace: "this.ln1.backward(dLdQuery)" }],
    loses: ["block.backward_input"],
    says: /add the three input gradients/,
  },
  {
    id: "softmax-sum-without-keepdims",
    what: "Softmax sums without keepdims, so the sum broadcasts along the wrong axis",
    edits: [{ file: "softmax.ts", find: "const total = E.sum(this.axis, true);", replace: "const total = E.sum(this.axis);" }],
    loses: ["softmax.forward"],
    says: /shape=5x5[\s\S]*with keepdims so the sum broadcasts back/,
  },
  {
    id: "attention-scaled-by-e",
    what: "attention scores divided by E instead of √E",
    edits: [{ file: "attention.ts", find: "let P = Q.matmul(K.transpose(-2, -1)).div(Math.sqrt(E));", replace: "let P = Q.matmul(K.transpose(-2, -1)).div(E);" }],
    loses: ["attention.forward"],
    says: /not by 1\/E/,
  },
  {
    id: "attention-scaled-by-ev",
    what: "attention scores scaled by √Ev, V's last axis, instead of √E",
    edits: [{ file: "attention.ts", find: "const E = Q.shape[Q.ndim - 1];\n    let P", replace: "const E = V.shape[V.ndim - 1];\n    let P" }],
    loses: ["attention.forward"],
    says: /Ev=2[\s\S]*not by 1\/√Ev/,
  },
  {
    id: "layernorm-eps-outside-sqrt",
    what: "LayerNorm divides by √σ² + eps instead of √(σ² + eps)",
    edits: [{ file: "layernorm.ts", find: "const std = X.var(-1, true).add(this.eps).sqrt();", replace: "const std = X.var(-1, true).sqrt().add(this.eps);" }],
    loses: ["layernorm.forward"],
    says: /flat=true[\s\S]*INSIDE the square root/,
  },
  {
    id: "sampling-own-generator",
    what: "sampleNext draws from a generator of its own instead of the one it is given",
    edits: [
      { file: "sampling.ts", find: "import { array, ValueError, type Generator, type NDArray } from \"#ndarray\";", replace: "import { array, Generator, ValueError, type NDArray } from \"#ndarray\";" },
      { file: "sampling.ts", find: "tokens.push(opts.rng.choice(V, [1], { p: e.map((x) => x / total) }).item());", replace: "tokens.push(new Generator(n).choice(V, [1], { p: e.map((x) => x / total) }).item());" },
    ],
    loses: ["sampling.temperature"],
    says: /not a generator of your own/,
  },
  {
    id: "sampling-ignores-temperature",
    what: "sampling ignores the temperature",
    edits: [{ file: "sampling.ts", find: "(x) => x / temperature);", replace: "(x) => x);" }],
    loses: ["sampling.temperature", "lm.generate_sample"],
    says: /divide by the temperature/,
  },
  {
    id: "top-k-keeps-k-plus-one",
    what: "top-k keeps k + 1 tokens (threshold at the (k+1)-th largest)",
    edits: [{ file: "sampling.ts", find: ".sort((a, b) => b - a)[topK - 1];", replace: ".sort((a, b) => b - a)[topK];" }],
    loses: ["sampling.top_k"],
    says: /not k \+ 1/,
  },
  {
    id: "generate-no-crop",
    what: "generation feeds the model the whole sequence instead of cropping to maxLen (positions past maxLen get encodings the model never saw)",
    edits: [{ file: "lm.ts", find: "const start = Math.max(0, tokens.shape[1] - this.config.maxLen);", replace: "const start = 0;" }],
    loses: ["lm.generate_greedy"],
    says: /crop the context once it is longer than maxLen/,
  },
];
