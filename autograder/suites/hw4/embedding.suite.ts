/**
 * §5 Embedding (forward and the scatter-add backward) and the sinusoidal positional
 * encoding. Token ids are drawn from a small vocabulary so that ids repeat: a backward
 * that writes rows instead of adding them loses `embedding.backward`. Odd widths E test
 * the last, unpaired sine column of the encoding.
 */
import type { Generator, NDArray } from "#ndarray";
import { defineCase, type CaseSpec, type Size } from "../../src/suite.js";
import type { HW4 } from "./types.js";

function inputs(rng: Generator, size: Size): Record<string, NDArray> {
  const [N, T, V, E] = ["N", "T", "V", "E"].map((k) => size[k] as number);
  return {
    idx: rng.randint(0, V, [N, T], { dtype: "int32" }),
    W: rng.randn([V, E]),
    dLdY: rng.randn([N, T, E]),
  };
}

const sizes = {
  public: [
    { N: 2, T: 5, V: 4, E: 3 },
    { N: 3, T: 4, V: 10, E: 6 },
  ],
  hidden: [
    { N: 1, T: 8, V: 3, E: 5 },
    { N: 4, T: 6, V: 16, E: 8 },
  ],
};

export const cases: CaseSpec<HW4>[] = [
  defineCase<HW4>({
    id: "embedding.forward",
    number: "5.1",
    section: "embedding",
    title: "Embedding forward",
    points: 2,
    sizes,
    inputs,
    run: ({ hw, inputs }) => {
      const emb = new hw.Embedding(inputs.W.shape[0], inputs.W.shape[1]);
      emb.W = inputs.W;
      return { Y: emb.forward(inputs.idx) };
    },
    failureHint: "Y[n, t] = W[idx[n, t]]: gather rows of W, giving shape (N, T, E).",
  }),
  defineCase<HW4>({
    id: "embedding.backward",
    number: "5.2",
    section: "embedding",
    title: "Embedding backward: dLdW",
    points: 3,
    sizes,
    inputs,
    run: ({ hw, inputs }) => {
      const emb = new hw.Embedding(inputs.W.shape[0], inputs.W.shape[1]);
      emb.W = inputs.W;
      emb.forward(inputs.idx);
      emb.backward(inputs.dLdY);
      return { dLdW: emb.dLdW as NDArray };
    },
    failureHint: "Row i of dLdW is the SUM of dLdY over every position holding token i (ids repeat), and zero for unused tokens.",
  }),
  defineCase<HW4>({
    id: "embedding.sinusoidal",
    number: "5.3",
    section: "embedding",
    title: "Sinusoidal positional encoding",
    points: 2,
    sizes: {
      public: [
        { T: 4, E: 6 },
        { T: 10, E: 5 },
      ],
      hidden: [
        { T: 1, E: 4 },
        { T: 16, E: 16 },
        { T: 7, E: 3 },
      ],
    },
    inputs: () => ({}),
    run: ({ hw, size }) => ({ PE: hw.sinusoidalEncoding(size.T as number, size.E as number) }),
    failureHint: "Columns 2i and 2i + 1 share ω_i = 10000^(−2i/E): sine in the even column, cosine in the odd one; positions start at 0.",
  }),
];
