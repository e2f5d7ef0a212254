/**
 * hw0 (warm-up): NDArray practice, IDX parsing and normalisation, the softmax loss, softmax
 * regression, a two-layer network with hand-written backprop, a numerical gradient
 * checker. 100 points. Each section's cases live in their own file; this one assembles them.
 */
import { defineSuite } from "../../src/suite.js";
import { cases as gradcheck } from "./gradcheck.suite.js";
import { idxCases, normalizeCases } from "./idx.suite.js";
import { cases as practice } from "./practice.suite.js";
import { cases as softmax } from "./softmax.suite.js";
import { regressionCases, twoLayerCases } from "./training.suite.js";
import type { HW0 } from "./types.js";

export default defineSuite<HW0>({
  hw: "hw0",
  title: "hw0: warm-up",
  sections: [
    { id: "practice", number: "1", title: "NDArray practice" },
    { id: "idx", number: "2", title: "IDX parsing" },
    { id: "normalize", number: "3", title: "Normalisation" },
    { id: "softmax", number: "4", title: "Softmax loss" },
    { id: "regression", number: "5", title: "Softmax regression" },
    { id: "twolayer", number: "6", title: "Two-layer network" },
    { id: "gradcheck", number: "7", title: "Numerical gradient check" },
  ],
  cases: [...practice, ...idxCases, ...normalizeCases, ...softmax, ...regressionCases, ...twoLayerCases, ...gradcheck],
});
