/**
 * hw4 (attention): softmax, masks and scaled dot-product attention, multi-head attention,
 * embeddings, LayerNorm, the pre-LN decoder block, sampling and the language model.
 * 100 regular points. Each section's cases live in their own file, named after the
 * homework file it grades; this one assembles them.
 */
import { defineSuite } from "../../src/suite.js";
import { cases as attention } from "./attention.suite.js";
import { cases as block } from "./block.suite.js";
import { cases as embedding } from "./embedding.suite.js";
import { cases as layernorm } from "./layernorm.suite.js";
import { cases as lm } from "./lm.suite.js";
import { cases as masks } from "./masks.suite.js";
import { cases as multihead } from "./multihead.suite.js";
import { cases as sampling } from "./sampling.suite.js";
import { cases as softmax } from "./softmax.suite.js";
import type { HW4 } from "./types.js";

export default defineSuite<HW4>({
  hw: "hw4",
  title: "hw4: Attention",
  sections: [
    { id: "softmax", number: "1", title: "Softmax" },
    { id: "masks", number: "2", title: "Masks" },
    { id: "attention", number: "3", title: "Scaled dot-product attention" },
    { id: "multihead", number: "4", title: "Multi-head attention" },
    { id: "embedding", number: "5", title: "Embeddings and positional encoding" },
    { id: "layernorm", number: "6", title: "Layer normalisation" },
    { id: "block", number: "7", title: "Decoder block" },
    { id: "sampling", number: "8", title: "Sampling" },
    { id: "lm", number: "9", title: "Language model" },
  ],
  cases: [...softmax, ...masks, ...attention, ...multihead, ...embedding, ...layernorm, ...block, ...sampling, ...lm],
});
