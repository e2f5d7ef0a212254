/**
 * §5 Flatten: (N, C, H, W) to (N, C·H·W) and back, forward and backward in one case, on
 * shapes with axes of length 1 as well as longer ones.
 */
import { defineCase, type CaseSpec } from "../../src/suite.js";
import { num } from "./draw.js";
import type { HW2 } from "./types.js";

export const cases: CaseSpec<HW2>[] = [
  defineCase<HW2>({
    id: "flatten.forward_backward",
    number: "5.1",
    section: "flatten",
    title: "Flatten forward and backward",
    points: 2,
    sizes: {
      public: [{ N: 2, C: 3, H: 4, W: 5 }, { N: 1, C: 2, H: 3, W: 1 }],
      hidden: [{ N: 4, C: 1, H: 2, W: 2 }, { N: 3, C: 5, H: 1, W: 3 }],
    },
    inputs: (rng, size) => {
      const [N, C, H, W] = ["N", "C", "H", "W"].map((k) => num(size, k));
      return { A: rng.randn([N, C, H, W]), dLdZ: rng.randn([N, C * H * W]) };
    },
    run: ({ hw, inputs }) => {
      const layer = new hw.Flatten();
      return { Z: layer.forward(inputs.A), dLdA: layer.backward(inputs.dLdZ) };
    },
    failureHint: "Keep the batch axis: (N, C, H, W) → (N, C·H·W) row-major; backward reshapes dLdZ to the cached input shape.",
  }),
];
