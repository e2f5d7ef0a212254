/**
 * §9 The language model. Models are built by the (complete) constructor from
 * `new Generator(size.seed)`, so student and reference models hold the same weights.
 * Generation runs past maxLen in some variants, so the context must be cropped.
 */
import { Generator, type NDArray } from "#ndarray";
import { defineCase, type CaseSpec, type Inputs, type Outputs, type Size } from "../../src/suite.js";
import type { HW4 } from "./types.js";

function model(hw: HW4, size: Size) {
  const n = (k: string) => size[k] as number;
  return new hw.DecoderLM({
    vocabSize: n("V"),
    embedDim: n("E"),
    numHeads: n("H"),
    ffDim: n("F"),
    numLayers: n("layers"),
    maxLen: n("maxLen"),
    p: n("p"),
    rng: new Generator(n("seed")),
  });
}

const lmSizes = {
  public: [
    { N: 2, T: 5, V: 7, E: 8, H: 2, F: 16, layers: 1, maxLen: 8, p: 0, seed: 71 },
    { N: 3, T: 4, V: 11, E: 6, H: 3, F: 12, layers: 2, maxLen: 6, p: 0, seed: 72 },
  ],
  hidden: [
    { N: 1, T: 8, V: 5, E: 4, H: 1, F: 8, layers: 2, maxLen: 8, p: 0, seed: 7101 },
    { N: 2, T: 6, V: 13, E: 8, H: 4, F: 16, layers: 2, maxLen: 10, p: 0.2, seed: 7102 },
  ],
};

function lmInputs(rng: Generator, size: Size): Record<string, NDArray> {
  const [N, T, V] = ["N", "T", "V"].map((k) => size[k] as number);
  return { idx: rng.randint(0, V, [N, T], { dtype: "int32" }), dLdLogits: rng.randn([N, T, V]) };
}

function generation(sampled: boolean) {
  return ({ hw, inputs, size }: { hw: HW4; inputs: Inputs; size: Size }): Outputs => {
    const sampling = sampled
      ? { rng: new Generator(size.sampleSeed as number), temperature: size.temperature as number, topK: size.topK === 0 ? undefined : (size.topK as number) }
      : undefined;
    return { tokens: model(hw, size).generate(inputs.prompt, size.steps as number, sampling) };
  };
}

function promptInputs(rng: Generator, size: Size): Record<string, NDArray> {
  return { prompt: rng.randint(0, size.V as number, [size.N as number, size.T0 as number], { dtype: "int32" }) };
}

/** A model small enough that several generation steps run fast; topK 0 means no top-k. */
const generationModel = { E: 8, H: 2, F: 16, layers: 2, p: 0.1 };

export const cases: CaseSpec<HW4>[] = [
  defineCase<HW4>({
    id: "lm.forward",
    number: "9.1",
    section: "lm",
    title: "Language model forward: next-token logits",
    points: 3,
    sizes: lmSizes,
    inputs: lmInputs,
    run: ({ hw, inputs, size }) => ({ logits: model(hw, size).forward(inputs.idx) }),
    failureHint: "logits = head(lnF(blocks(tokEmb(idx) + sinusoidalEncoding(T, E)))): the encoding unscaled, the final LayerNorm before the head.",
  }),
  defineCase<HW4>({
    id: "lm.backward",
    number: "9.2",
    section: "lm",
    title: "Language model backward",
    points: 4,
    sizes: lmSizes,
    inputs: lmInputs,
    run: ({ hw, inputs, size }) => {
      const lm = model(hw, size);
      lm.forward(inputs.idx);
      lm.backward(inputs.dLdLogits);
      const first = lm.blocks[0];
      return {
        dLdW_head: lm.head.dLdW as NDArray,
        dLdb_head: lm.head.dLdb as NDArray,
        dLdW_lnF: lm.lnF.dLdW as NDArray,
        dLdW_ff1: first.ff1.dLdW as NDArray,
        dLdW_q: first.attn.qProj.dLdW as NDArray,
        dLdW_emb: lm.tokEmb.dLdW as NDArray,
      };
    },
    failureHint: "Go back through head, lnF, the blocks from last to first, then tokEmb.backward with the gradient of the embeddings (the positional encoding is a constant).",
  }),
  defineCase<HW4>({
    id: "lm.generate_greedy",
    number: "9.3",
    section: "lm",
    title: "Greedy generation",
    points: 2,
    sizes: {
      public: [
        { N: 2, T0: 2, steps: 4, V: 7, maxLen: 8, seed: 91, ...generationModel },
        { N: 3, T0: 3, steps: 6, V: 9, maxLen: 5, seed: 92, ...generationModel },
        { N: 2, T0: 1, steps: 8, V: 6, maxLen: 3, seed: 95, ...generationModel },
      ],
      hidden: [
        { N: 1, T0: 1, steps: 8, V: 5, maxLen: 4, seed: 9101, ...generationModel },
        { N: 4, T0: 2, steps: 5, V: 12, maxLen: 10, seed: 9102, ...generationModel },
      ],
    },
    inputs: promptInputs,
    run: generation(false),
    failureHint: "Each step: forward only the last min(T, maxLen) tokens (crop the context once it is longer than maxLen), take the LAST position's logits, append their argmax. Generation runs in eval mode (no dropout).",
  }),
  defineCase<HW4>({
    id: "lm.generate_sample",
    number: "9.4",
    section: "lm",
    title: "Generation by sampling (temperature, top-k)",
    points: 3,
    sizes: {
      public: [
        { N: 2, T0: 2, steps: 5, V: 7, maxLen: 8, seed: 93, sampleSeed: 931, temperature: 1, topK: 0, ...generationModel },
        { N: 3, T0: 3, steps: 6, V: 9, maxLen: 5, seed: 94, sampleSeed: 941, temperature: 0.7, topK: 3, ...generationModel },
      ],
      hidden: [
        { N: 2, T0: 1, steps: 7, V: 6, maxLen: 4, seed: 9301, sampleSeed: 93011, temperature: 1.5, topK: 2, ...generationModel },
        { N: 3, T0: 2, steps: 5, V: 12, maxLen: 10, seed: 9302, sampleSeed: 93021, temperature: 0.5, topK: 0, ...generationModel },
      ],
    },
    inputs: promptInputs,
    run: generation(true),
    failureHint: "Use sampleNext on the last position's logits with the options you were given, one call per step; the rng is only for sampling.",
  }),
];
