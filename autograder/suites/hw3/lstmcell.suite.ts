/** §7 Bonus: the LSTM cell (hw3/lstmcell.ts): the three cases of cell-cases.ts. */
import type { CaseSpec } from "../../src/suite.js";
import { cellCases } from "./cell-cases.js";
import type { HW3 } from "./types.js";

export const cases: CaseSpec<HW3>[] = cellCases({
  name: "LSTMCell",
  gates: 4,
  section: "lstmcell",
  numbers: ["7.1", "7.2", "7.3"],
  points: [3, 3, 4],
  bonus: true,
  hints: [
    "Gate blocks are i, f, g, o in that order; g uses tanh, the others σ.",
    "c′ gets gradient from dLdc′ and from h′ = o ⊙ tanh(c′); dLdc = dc′ ⊙ f.",
    "Concatenate the four pre-activation gradients in the order i, f, g, o; gradients accumulate over steps.",
  ],
  make: (hw, I, H) => new hw.LSTMCell(I, H),
  forward: (cell, inputs) => {
    const [hNew, cNew] = cell.forward(inputs.x, inputs.h, inputs.c);
    return { hNew, cNew };
  },
  step: (cell, inputs, s) => {
    cell.forward(inputs[`x${s}`], inputs[`h${s}`], inputs[`c${s}`]);
    const [dLdx, dLdh, dLdc] = cell.backward(inputs[`dLdhNew${s}`], inputs[`dLdcNew${s}`]);
    return { dLdx, dLdh, dLdc };
  },
});
