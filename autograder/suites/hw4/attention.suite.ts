/**
 * §3 Scaled dot-product attention. Q, K and V are (N, H, L|S, E|Ev): batched and
 * multi-head. Every mask kind is tested (mask-kinds.ts): the forward cases have one kind each
 * (none, causal, padding, causal with padding and random masks), `attention.masked_rows`
 * has fully masked query rows, and each backward case runs over every kind in its variants,
 * returning only its own gradient so that a bug in one loses one test.
 */
import type { Generator, NDArray } from "#ndarray";
import { defineCase, type CaseSpec, type Inputs, type Size } from "../../src/suite.js";
import { makeMasks } from "./mask-kinds.js";
import type { HW4 } from "./types.js";

function qkv(rng: Generator, size: Size): Record<string, NDArray> {
  const [N, H, L, S, E, Ev] = ["N", "H", "L", "S", "E", "Ev"].map((k) => size[k] as number);
  return {
    Q: rng.randn([N, H, L, E]),
    K: rng.randn([N, H, S, E]),
    V: rng.randn([N, H, S, Ev]),
    dLdO: rng.randn([N, H, L, Ev]),
    ...makeMasks(rng, size),
  };
}

function attend(hw: HW4, inputs: Inputs) {
  const attention = new hw.ScaledDotProductAttention();
  const O = attention.forward(inputs.Q, inputs.K, inputs.V, { attnMask: inputs.attnMask, keyPaddingMask: inputs.keyPaddingMask });
  return { attention, O };
}

/** A forward case whose variants take the mask kinds in turn. */
function forwardCase(id: string, number: string, title: string, points: number, kinds: string[], failureHint: string): CaseSpec<HW4> {
  let next = 0;
  const withMask = (sizes: Size[]) => sizes.map((s) => ({ ...s, mask: kinds[next++ % kinds.length] }));
  return defineCase<HW4>({
    id,
    number,
    section: "attention",
    title,
    points,
    sizes: {
      public: withMask([
        { N: 2, H: 2, L: 4, S: 4, E: 3, Ev: 3 },
        { N: 1, H: 3, L: 5, S: 5, E: 4, Ev: 2 },
      ]),
      hidden: withMask([
        { N: 3, H: 1, L: 3, S: 6, E: 5, Ev: 4 },
        { N: 2, H: 4, L: 7, S: 7, E: 8, Ev: 8 },
      ]),
    },
    inputs: qkv,
    run: ({ hw, inputs }) => ({ O: attend(hw, inputs).O }),
    failureHint,
  });
}

/** Every mask kind, for the backward cases. */
const allKinds = {
  public: [
    { N: 2, H: 2, L: 4, S: 4, E: 3, Ev: 3, mask: "none" },
    { N: 2, H: 2, L: 5, S: 5, E: 4, Ev: 2, mask: "both" },
  ],
  hidden: [
    { N: 3, H: 1, L: 4, S: 4, E: 5, Ev: 4, mask: "causal" },
    { N: 2, H: 3, L: 3, S: 6, E: 4, Ev: 4, mask: "padding" },
    { N: 2, H: 2, L: 5, S: 4, E: 3, Ev: 5, mask: "random" },
    { N: 3, H: 2, L: 4, S: 5, E: 4, Ev: 3, mask: "full" },
  ],
};

function backwardCase(name: "dLdQ" | "dLdK" | "dLdV", id: string, number: string, failureHint: string): CaseSpec<HW4> {
  return defineCase<HW4>({
    id,
    number,
    section: "attention",
    title: `Attention backward: ${name}`,
    points: 3,
    sizes: allKinds,
    inputs: qkv,
    run: ({ hw, inputs }) => ({ [name]: attend(hw, inputs).attention.backward(inputs.dLdO)[name] }),
    failureHint,
  });
}

export const cases: CaseSpec<HW4>[] = [
  forwardCase(
    "attention.forward",
    "3.1",
    "Attention forward, no mask",
    3,
    ["none"],
    "P = Q·Kᵀ/√E with E the last axis of Q: scaled by 1/√E, not by 1/E, not by 1/√Ev (V's last axis) and not left unscaled; softmax over the key axis, then ·V.",
  ),
  forwardCase("attention.causal", "3.2", "Attention forward, causal mask", 3, ["causal"], "Set masked scores to −∞ BEFORE the softmax (True = masked out), so each row still sums to 1 over the allowed keys."),
  forwardCase(
    "attention.padding",
    "3.3",
    "Attention forward, key padding mask",
    3,
    ["padding"],
    "keyPaddingMask (N, S) masks KEYS: read it as (N, 1, 1, S), so it applies to every query and head of batch element n.",
  ),
  forwardCase("attention.both", "3.4", "Attention forward, attention and padding masks together", 2, ["both", "random"], "A score is masked when either mask is true; apply both before the softmax."),
  defineCase<HW4>({
    id: "attention.masked_rows",
    number: "3.5",
    section: "attention",
    title: "Attention with fully masked rows: zeros, forward and backward",
    points: 3,
    sizes: {
      public: [
        { N: 2, H: 2, L: 4, S: 4, E: 3, Ev: 3, mask: "full" },
        { N: 3, H: 1, L: 3, S: 5, E: 4, Ev: 2, mask: "full" },
      ],
      hidden: [
        { N: 2, H: 3, L: 5, S: 3, E: 2, Ev: 4, mask: "full" },
        { N: 4, H: 2, L: 2, S: 6, E: 5, Ev: 5, mask: "full" },
      ],
    },
    inputs: qkv,
    run: ({ hw, inputs }) => {
      const { attention, O } = attend(hw, inputs);
      return { O, ...attention.backward(inputs.dLdO) };
    },
    failureHint: "A query whose keys are all masked gets a row of zero weights (not NaN): its output row and its gradients are 0.",
  }),
  backwardCase("dLdQ", "attention.backward_query", "3.6", "dLdQ = dLdP·K/√E, with dLdP the softmax backward of dLdA = dLdO·Vᵀ."),
  backwardCase("dLdK", "attention.backward_key", "3.7", "dLdK = dLdPᵀ·Q/√E: transpose the last two axes of dLdP only."),
  backwardCase("dLdV", "attention.backward_value", "3.8", "dLdV = Aᵀ·dLdO, with A the masked softmax weights of the forward pass."),
];
