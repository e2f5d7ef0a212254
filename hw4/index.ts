/** hw4 (attention), reference solutions: softmax, masks, attention, multi-head attention, embeddings, LayerNorm, the decoder block and the language model. */
export * from "./attention.js";
export * from "./block.js";
export * from "./embedding.js";
export * from "./errors.js";
export * from "./layernorm.js";
export * from "./layers.js";
export * from "./lm.js";
export * from "./masks.js";
export * from "./multihead.js";
export * from "./sampling.js";
export * from "./softmax.js";
