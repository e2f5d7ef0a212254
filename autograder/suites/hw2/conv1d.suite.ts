/**
 * §2 Conv1d: see conv.ts for the cases. The sizes checked include a 1-wide kernel, a
 * kernel as long as the input, stride larger than the kernel, padding larger than the
 * kernel's half. The first stride-1 variant has as many output channels as input
 * channels, so that a dLdA computed with the kernel flipped but its in/out axes not
 * swapped has the right shape and fails on its values.
 */
import { convCases } from "./conv.js";

export const cases = convCases({
  dim: 1,
  section: "conv1d",
  number: "2",
  initSizes: {
    public: [
      { Cin: 3, Cout: 2, K: 3, seed: 21 },
      { Cin: 2, Cout: 5, K: 4, seed: 22 },
    ],
    hidden: [
      { Cin: 1, Cout: 3, K: 1, seed: 2101 },
      { Cin: 6, Cout: 4, K: 5, seed: 2102 },
    ],
  },
  stride1Sizes: {
    public: [
      { N: 2, Cin: 3, Cout: 3, L: 8, K: 3 },
      { N: 2, Cin: 3, Cout: 4, L: 10, K: 3 },
      { N: 1, Cin: 2, Cout: 5, L: 7, K: 4 },
    ],
    hidden: [
      { N: 3, Cin: 1, Cout: 2, L: 9, K: 1 },
      { N: 2, Cin: 4, Cout: 3, L: 6, K: 6 },
      { N: 1, Cin: 5, Cout: 6, L: 13, K: 5 },
    ],
  },
  stridedSizes: {
    public: [
      { N: 2, Cin: 3, Cout: 4, L: 10, K: 3, s: 2, p: 1 },
      { N: 1, Cin: 2, Cout: 3, L: 9, K: 4, s: 3, p: 0 },
    ],
    hidden: [
      { N: 3, Cin: 2, Cout: 2, L: 11, K: 2, s: 3, p: 0 },
      { N: 2, Cin: 3, Cout: 5, L: 7, K: 1, s: 2, p: 2 },
      { N: 1, Cin: 4, Cout: 3, L: 12, K: 5, s: 1, p: 2 },
      { N: 2, Cin: 1, Cout: 2, L: 8, K: 3, s: 4, p: 3 },
    ],
  },
});
