/** §3 The GRU cell (hw3/grucell.ts): the three cases of cell-cases.ts. */
import type { CaseSpec } from "../../src/suite.js";
import { cellCases } from "./cell-cases.js";
import type { HW3 } from "./types.js";

export const cases: CaseSpec<HW3>[] = cellCases({
  name: "GRUCell",
  gates: 3,
  section: "grucell",
  numbers: ["3.1", "3.2", "3.3"],
  points: [6, 7, 7],
  hints: [
    "Gate blocks are r, z, n in that order (rows 0:H are r, H:2H are z), and r multiplies (h·W_hnᵀ + b_hn), bias included, not h itself.",
    "h reaches h′ directly through z ⊙ h (add dLdh′ ⊙ z to dLdh) and through the r, z and n pre-activations, the hidden n block scaled by r (dn_pre ⊙ r).",
    "The n block of the hidden side is scaled by r: its gradient is dn_pre ⊙ r; and gradients accumulate over steps.",
  ],
  make: (hw, I, H) => new hw.GRUCell(I, H),
  forward: (cell, inputs) => ({ hNew: cell.forward(inputs.x, inputs.h) }),
  step: (cell, inputs, s) => {
    cell.forward(inputs[`x${s}`], inputs[`h${s}`]);
    const [dLdx, dLdh] = cell.backward(inputs[`dLdhNew${s}`]);
    return { dLdx, dLdh };
  },
});
