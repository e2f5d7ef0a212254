/**
 * §3 Conv2d: see conv.ts for the cases. Inputs are not square (H ≠ W in most variants) so
 * that mixing up the two spatial axes fails. The sizes checked include a 1×1 kernel, a
 * kernel as large as the input, stride larger than the kernel, padding larger than the
 * kernel's half.
 */
import { convCases } from "./conv.js";

export const cases = convCases({
  dim: 2,
  section: "conv2d",
  number: "3",
  initSizes: {
    public: [
      { Cin: 2, Cout: 3, K: 3, seed: 31 },
      { Cin: 3, Cout: 2, K: 2, seed: 32 },
    ],
    hidden: [
      { Cin: 1, Cout: 4, K: 1, seed: 3101 },
      { Cin: 4, Cout: 2, K: 4, seed: 3102 },
    ],
  },
  stride1Sizes: {
    public: [
      { N: 2, Cin: 2, Cout: 3, H: 6, W: 5, K: 3 },
      { N: 1, Cin: 3, Cout: 2, H: 5, W: 7, K: 2 },
    ],
    hidden: [
      { N: 2, Cin: 1, Cout: 4, H: 7, W: 6, K: 1 },
      { N: 1, Cin: 3, Cout: 3, H: 4, W: 4, K: 4 },
      { N: 3, Cin: 2, Cout: 5, H: 8, W: 7, K: 3 },
    ],
  },
  stridedSizes: {
    public: [
      { N: 2, Cin: 2, Cout: 3, H: 7, W: 6, K: 3, s: 2, p: 1 },
      { N: 1, Cin: 3, Cout: 2, H: 8, W: 9, K: 2, s: 2, p: 0 },
    ],
    hidden: [
      { N: 2, Cin: 2, Cout: 3, H: 9, W: 7, K: 2, s: 3, p: 0 },
      { N: 1, Cin: 3, Cout: 4, H: 5, W: 6, K: 1, s: 2, p: 1 },
      { N: 2, Cin: 1, Cout: 2, H: 6, W: 6, K: 3, s: 1, p: 2 },
    ],
  },
});
