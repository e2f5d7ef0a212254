/**
 * §8 Sampling. The cases call sampleNext `draws` times on fixed logits (N, V) with one
 * generator, so each returns (draws, N) tokens: enough draws that ignoring the temperature,
 * or keeping one token too many in top-k, changes some of them. `ties` variants use integer
 * logits, so the k-th largest is tied and the tie rule counts.
 */
import { Generator, stack, type NDArray } from "#ndarray";
import { defineCase, type CaseSpec, type Inputs, type Outputs, type Size } from "../../src/suite.js";
import type { HW4 } from "./types.js";

/** sampleNext `draws` times on the same logits with one generator: (draws, N) int32. */
function draws(hw: HW4, inputs: Inputs, size: Size): Outputs {
  const rng = new Generator(size.sampleSeed as number);
  const opts = { rng, temperature: size.temperature as number, topK: size.topK === 0 ? undefined : (size.topK as number) };
  const tokens: NDArray[] = [];
  for (let d = 0; d < (size.draws as number); d++) tokens.push(hw.sampleNext(inputs.logits, opts));
  return { tokens: stack(tokens) };
}

function logits(rng: Generator, size: Size): Record<string, NDArray> {
  const shape = [size.N as number, size.V as number];
  // Integer logits in [0, 4) make ties at the k-th largest value.
  return { logits: size.ties ? rng.randint(0, 4, shape, { dtype: "float32" }) : rng.randn(shape).mul(1.5) };
}

export const cases: CaseSpec<HW4>[] = [
  defineCase<HW4>({
    id: "sampling.temperature",
    number: "8.1",
    section: "sampling",
    title: "Sampling with a temperature",
    points: 3,
    sizes: {
      public: [
        { N: 4, V: 6, draws: 10, temperature: 1, topK: 0, sampleSeed: 81 },
        { N: 3, V: 10, draws: 10, temperature: 0.5, topK: 0, sampleSeed: 82 },
      ],
      hidden: [
        { N: 5, V: 8, draws: 12, temperature: 2, topK: 0, sampleSeed: 8101 },
        { N: 2, V: 20, draws: 15, temperature: 0.7, topK: 0, sampleSeed: 8102 },
      ],
    },
    inputs: logits,
    run: ({ hw, inputs, size }) => draws(hw, inputs, size),
    failureHint: "Per row, in order: p = softmax(logits/temperature) in float64 (divide by the temperature), then ONE u from the rng you are given (not a generator of your own) and the first token with u < cumsum(p)/sum(p) (rng.choice(V, [1], { p })).",
  }),
  defineCase<HW4>({
    id: "sampling.top_k",
    number: "8.2",
    section: "sampling",
    title: "Sampling with top-k",
    points: 3,
    sizes: {
      public: [
        { N: 4, V: 8, draws: 10, temperature: 1, topK: 3, ties: false, sampleSeed: 83 },
        { N: 3, V: 10, draws: 10, temperature: 0.8, topK: 2, ties: true, sampleSeed: 84 },
      ],
      hidden: [
        { N: 5, V: 6, draws: 12, temperature: 1.5, topK: 1, ties: false, sampleSeed: 8301 },
        { N: 4, V: 12, draws: 12, temperature: 1, topK: 4, ties: true, sampleSeed: 8302 },
        { N: 2, V: 5, draws: 10, temperature: 1, topK: 5, ties: false, sampleSeed: 8303 },
      ],
    },
    inputs: logits,
    run: ({ hw, inputs, size }) => draws(hw, inputs, size),
    failureHint: "Remove only the tokens whose logit is BELOW the k-th largest of the row (index k − 1 of the sorted row, not k: keep k tokens, not k + 1; ties with it stay), renormalise, then draw as without top-k.",
  }),
];
