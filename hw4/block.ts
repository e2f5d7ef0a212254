/**
 * A pre-LN transformer decoder block (GPT-2's layout): causal self-attention and a
 * feed-forward network, each on a layer-normalised copy of the input and added back to it.
 * See handouts/hw4.md §7. For X (N, T, E):
 *
 *   H1 = X  + drop1(attn(ln1(X), ln1(X), ln1(X), { attnMask: causalMask(T), keyPaddingMask }))
 *   Y  = H1 + drop2(ff2(gelu(ff1(ln2(H1)))))          ff1: Linear(E, F), ff2: Linear(F, E)
 *
 * "Pre-LN": the normalisation is inside each residual branch; the residual path X → H1 → Y
 * carries the input itself, never a normalised one (post-LN, the original Transformer's
 * layout, would be H1 = ln1(X + attn(X))).
 *
 * Dropout (p from the options, default 0) is the residual dropout only: drop1 then drop2,
 * each one rng.bernoulli(1 − p, [N, T, E]) draw per training forward (see layers.ts), from
 * the block's Generator. None is applied to the attention weights or inside the FFN.
 *
 * backward(dLdY) returns dLdX (N, T, E) and leaves every sublayer's parameter gradients in
 * place (ln1, attn's four projections, ln2, ff1, ff2). Self-attention reads ln1(X) three
 * times, so the gradient reaching ln1 is dLdQuery + dLdKey + dLdValue.
 *
 * Construction order (with `rng`, each Linear draws as layers.ts says): ln1, attn (q, k,
 * v, out projections), ln2, ff1, ff2; then drop1 and drop2 keep `rng` for their masks.
 */
import { NotImplementedError, Generator, type NDArray } from "#ndarray";
import { Dropout, GELU, Linear } from "./layers.js";
import { LayerNorm } from "./layernorm.js";
import { causalMask } from "./masks.js";
import { MultiheadAttention } from "./multihead.js";

export interface BlockOptions {
  /** Residual dropout probability (default 0). */
  p?: number;
  /** Draws the initial weights, then the dropout masks; without it the weights are zeros and masks come from Generator(0). */
  rng?: Generator;
}

export class DecoderBlock {
  readonly ln1: LayerNorm;
  readonly attn: MultiheadAttention;
  readonly ln2: LayerNorm;
  readonly ff1: Linear;
  readonly gelu = new GELU();
  readonly ff2: Linear;
  readonly drop1: Dropout;
  readonly drop2: Dropout;

  constructor(
    readonly embedDim: number,
    readonly numHeads: number,
    readonly ffDim: number,
    opts: BlockOptions = {},
  ) {
    const { p = 0, rng } = opts;
    this.ln1 = new LayerNorm(embedDim);
    this.attn = new MultiheadAttention(embedDim, numHeads, rng);
    this.ln2 = new LayerNorm(embedDim);
    this.ff1 = new Linear(embedDim, ffDim, rng);
    this.ff2 = new Linear(ffDim, embedDim, rng);
    const maskRng = rng ?? new Generator(0);
    this.drop1 = new Dropout(p, maskRng);
    this.drop2 = new Dropout(p, maskRng);
  }

  /** Sets training mode on both dropouts (evaluation: no dropout). Returns this. */
  train(mode = true): this {
    this.drop1.training = mode;
    this.drop2.training = mode;
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  /** Y (N, T, E) for X (N, T, E); keyPaddingMask (N, T), True = padding, is optional. */
  forward(X: NDArray, keyPaddingMask?: NDArray): NDArray {
    // BEGIN SOLUTION
    throw new NotImplementedError("DecoderBlock.forward");
    // END SOLUTION
  }

  backward(dLdY: NDArray): NDArray {
    // Hint: at each residual addition the gradient goes both ways: into the branch, and on unchanged.
    // BEGIN SOLUTION
    throw new NotImplementedError("DecoderBlock.backward");
    // END SOLUTION
  }
}
