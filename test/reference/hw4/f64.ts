/**
 * Helpers for the hw4 reference tests: float64 copies of every parameter (central
 * differences need float64), and naive definitions written as plain loops.
 */
import type { NDArray } from "#ndarray";
import type { DecoderBlock, DecoderLM, LayerNorm, Linear, MultiheadAttention } from "../../../reference/hw4/index.js";

type HasWb = Linear | LayerNorm;

function wb(layer: HasWb): void {
  layer.W = layer.W.astype("float64");
  layer.b = layer.b.astype("float64");
}

export function mhaToF64(mha: MultiheadAttention): MultiheadAttention {
  [mha.qProj, mha.kProj, mha.vProj, mha.outProj].forEach(wb);
  return mha;
}

export function blockToF64(block: DecoderBlock): DecoderBlock {
  [block.ln1, block.ln2, block.ff1, block.ff2].forEach(wb);
  mhaToF64(block.attn);
  return block;
}

export function lmToF64(lm: DecoderLM): DecoderLM {
  lm.tokEmb.W = lm.tokEmb.W.astype("float64");
  lm.blocks.forEach(blockToF64);
  wb(lm.lnF);
  wb(lm.head);
  return lm;
}

/** Σ (G ⊙ Y) as a number: the scalar whose gradient a backward(G) computes. */
export function weighted(G: NDArray, Y: NDArray): number {
  return G.mul(Y).sum().item();
}
