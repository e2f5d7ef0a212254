/** §1 The RNN cell (hw3/rnncell.ts): the three cases of cell-cases.ts. */
import type { CaseSpec } from "../../src/suite.js";
import { cellCases } from "./cell-cases.js";
import type { HW3 } from "./types.js";

export const cases: CaseSpec<HW3>[] = cellCases({
  name: "RNNCell",
  gates: 1,
  section: "rnncell",
  numbers: ["1.1", "1.2", "1.3"],
  points: [4, 5, 6],
  hints: [
    "h′ = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh): both biases, and W_ih is (H, I).",
    "dz = dLdh′ ⊙ (1 − h′²) with h′ the NEW state this step returned (not the previous h); dLdx = dz·W_ih and dLdh = dz·W_hh.",
    "Each backward() must ADD its step's gradients (dLdW_ih += dzᵀ·x, …), not overwrite them.",
  ],
  make: (hw, I, H) => new hw.RNNCell(I, H),
  forward: (cell, inputs) => ({ hNew: cell.forward(inputs.x, inputs.h) }),
  step: (cell, inputs, s) => {
    const [x, h] = [inputs[`x${s}`], inputs[`h${s}`]];
    const hNew = cell.forward(x, h);
    const [dLdx, dLdh] = cell.backward(inputs[`dLdhNew${s}`], hNew, x, h);
    return { dLdx, dLdh };
  },
});
