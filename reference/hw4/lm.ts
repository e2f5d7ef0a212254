/**
 * A decoder-only (GPT-style) language model over a vocabulary of V tokens, and generation
 * from a prompt. See handouts/hw4.md §9.
 *
 *   forward(idx):  idx int32 (N, T)  →  logits (N, T, V)
 *     H = tokEmb(idx) + sinusoidalEncoding(T, E)       (no √E scaling)
 *     H = blocks[0](H), …, blocks[L−1](H)               (each causal: position t sees tokens 0…t)
 *     logits = head(lnF(H))                             head: Linear(E, V), not tied to tokEmb
 *   logits[n, t] scores the token that follows idx[n, 0…t]: the next-token prediction.
 *
 *   backward(dLdLogits): runs the chain in reverse and leaves every parameter gradient in
 *   place (head, lnF, each block's sublayers, tokEmb.dLdW); nothing to return (indices).
 *
 *   generate(prompt, steps, sampling?): prompt int32 (N, T0), T0 ≥ 1  →  (N, T0 + steps) int32,
 *   the prompt followed by `steps` new tokens. Each step runs forward() on the last
 *   min(T, maxLen) tokens so far (older ones are cropped), takes the logits of the LAST
 *   position (N, V) and appends greedyNext(logits) — or sampleNext(logits, sampling) when
 *   `sampling` is given (sampling.ts pins its draws: N uniforms per step). Generation runs
 *   in evaluation mode (no dropout) and restores the mode it found.
 *
 * Construction order (with config.rng): tokEmb (randn), blocks 0…L−1 (each as block.ts
 * says), lnF (no draw), head; every dropout keeps config.rng for its masks.
 */
import { concat, type Generator, type NDArray } from "#ndarray";
import { DecoderBlock } from "./block.js";
import { Embedding, sinusoidalEncoding } from "./embedding.js";
import { Linear } from "./layers.js";
import { LayerNorm } from "./layernorm.js";
import { greedyNext, sampleNext, type SamplingOptions } from "./sampling.js";

export interface LMConfig {
  vocabSize: number;
  embedDim: number;
  numHeads: number;
  ffDim: number;
  numLayers: number;
  /** The context window: generate() feeds the model at most the last maxLen tokens. */
  maxLen: number;
  /** Residual dropout of every block (default 0). */
  p?: number;
  rng?: Generator;
}

export class DecoderLM {
  readonly tokEmb: Embedding;
  readonly blocks: DecoderBlock[];
  readonly lnF: LayerNorm;
  readonly head: Linear;
  training = true;

  constructor(readonly config: LMConfig) {
    const { vocabSize: V, embedDim: E, numHeads, ffDim, numLayers, p, rng } = config;
    this.tokEmb = new Embedding(V, E, rng);
    this.blocks = Array.from({ length: numLayers }, () => new DecoderBlock(E, numHeads, ffDim, { p, rng }));
    this.lnF = new LayerNorm(E);
    this.head = new Linear(E, V, rng);
  }

  /** Sets training mode on every block (evaluation: no dropout). Returns this. */
  train(mode = true): this {
    this.training = mode;
    for (const block of this.blocks) block.train(mode);
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  forward(idx: NDArray): NDArray {
    // BEGIN SOLUTION
    const T = idx.shape[1];
    let H = this.tokEmb.forward(idx).add(sinusoidalEncoding(T, this.config.embedDim));
    for (const block of this.blocks) H = block.forward(H);
    return this.head.forward(this.lnF.forward(H));
    // END SOLUTION
  }

  backward(dLdLogits: NDArray): void {
    // BEGIN SOLUTION
    let grad = this.lnF.backward(this.head.backward(dLdLogits));
    for (let l = this.blocks.length - 1; l >= 0; l--) grad = this.blocks[l].backward(grad);
    this.tokEmb.backward(grad);
    // END SOLUTION
  }

  generate(prompt: NDArray, steps: number, sampling?: SamplingOptions): NDArray {
    // Hint: tokens.slice(":", `${start}:`) crops the context; concat([tokens, next.reshape([N, 1])], 1) appends.
    // BEGIN SOLUTION
    const wasTraining = this.training;
    this.eval();
    const N = prompt.shape[0];
    let tokens = prompt;
    for (let s = 0; s < steps; s++) {
      const start = Math.max(0, tokens.shape[1] - this.config.maxLen);
      const logits = this.forward(tokens.slice(":", `${start}:`)).slice(":", -1);
      const next = sampling ? sampleNext(logits, sampling) : greedyNext(logits);
      tokens = concat([tokens, next.reshape([N, 1])], 1);
    }
    this.train(wasTraining);
    return tokens;
    // END SOLUTION
  }
}
