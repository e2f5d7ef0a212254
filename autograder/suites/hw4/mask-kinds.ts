/**
 * The masks the hw4 cases feed to attention, all bool with True = masked out. A variant's
 * `mask` names its kind, so one case covers several:
 *
 *   none     no mask
 *   causal   attnMask[i, j] = j > i                                   (L, S)
 *   padding  keyPaddingMask[n, j] = j ≥ len[n], len[n] ∈ [1, S]       (N, S), right padding
 *   both     causal and padding together
 *   random   an arbitrary attnMask (each entry masked with probability ½) and padding,
 *            with key 0 of every row left free so that no row is fully masked
 *   full     like random, but query row 0 masks every key and batch element N−1 is all
 *            padding: fully masked rows, whose outputs and gradients must be zeros
 */
import { arange, type Generator, type NDArray } from "#ndarray";
import type { Size } from "../../src/suite.js";

export type MaskKind = "none" | "causal" | "padding" | "both" | "random" | "full";

function causal(L: number, S: number): NDArray {
  return arange(S).reshape([1, S]).gt(arange(L).reshape([L, 1]));
}

/** Right padding: key j of element n is padding from its length len[n] on. */
function padding(lengths: NDArray, S: number): NDArray {
  return arange(S).reshape([1, S]).ge(lengths.reshape([-1, 1]));
}

/** The named masks of a variant (absent ones left out), drawn from rng. */
export function makeMasks(rng: Generator, size: Size): Record<string, NDArray> {
  const [N, L, S] = [size.N as number, size.L as number, size.S as number];
  const kind = size.mask as MaskKind;
  const lengths = rng.randint(1, S + 1, [N], { dtype: "int32" });
  switch (kind) {
    case "none":
      return {};
    case "causal":
      return { attnMask: causal(L, S) };
    case "padding":
      return { keyPaddingMask: padding(lengths, S) };
    case "both":
      return { attnMask: causal(L, S), keyPaddingMask: padding(lengths, S) };
    case "random":
    case "full": {
      // Products and sums of 0/1 arrays, then > 0, stand in for logical and/or.
      const notFirstKey = arange(S).reshape([1, S]).gt(0);
      let attnMask = rng.bernoulli(0.5, [L, S]).mul(notFirstKey).gt(0);
      let keyPaddingMask = padding(lengths, S);
      if (kind === "full") {
        attnMask = attnMask.add(arange(L).reshape([L, 1]).eq(0)).gt(0);
        keyPaddingMask = keyPaddingMask.add(arange(N).reshape([N, 1]).eq(N - 1)).gt(0);
      }
      return { attnMask, keyPaddingMask };
    }
  }
}
