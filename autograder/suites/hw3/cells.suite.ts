/**
 * §1 RNNCell, §3 GRUCell and the bonus §7 LSTMCell: forward, the input gradients, and the
 * parameter gradients, one case each, so a wrong gate loses the forward case and a
 * forgotten bias gradient only the parameter case. The parameter cases run TWO steps
 * (forward and backward on two inputs) before reading the gradients: the cells accumulate,
 * as PyTorch's `.grad` does, and a cell that overwrites keeps only the second step.
 * Parameters are drawn like PyTorch's initialisation, U(−1/√H, 1/√H).
 */
import { type Generator, type NDArray } from "#ndarray";
import { defineCase, type CaseSpec, type Inputs, type Outputs, type Size } from "../../src/suite.js";
import type { HW3 } from "./types.js";

/** Gate blocks of each cell: W_ih has gates·H rows (torch's layout). */
const GATES = { RNNCell: 1, GRUCell: 3, LSTMCell: 4 } as const;
type CellName = keyof typeof GATES;

/** Parameters, then two steps' inputs (x, h, c, upstream gradients; suffix 2 for the second step). */
function cellInputs(gates: number) {
  return (rng: Generator, size: Size): Record<string, NDArray> => {
    const [N, I, H] = [size.N as number, size.I as number, size.H as number];
    const k = 1 / Math.sqrt(H);
    const out: Record<string, NDArray> = {
      W_ih: rng.uniform(-k, k, [gates * H, I]),
      W_hh: rng.uniform(-k, k, [gates * H, H]),
      b_ih: rng.uniform(-k, k, [gates * H]),
      b_hh: rng.uniform(-k, k, [gates * H]),
    };
    for (const step of ["", "2"]) {
      out[`x${step}`] = rng.randn([N, I]);
      out[`h${step}`] = rng.randn([N, H]).mul(0.5);
      out[`c${step}`] = rng.randn([N, H]);
      out[`dLdhNew${step}`] = rng.randn([N, H]);
      out[`dLdcNew${step}`] = rng.randn([N, H]);
    }
    return out;
  };
}

function withParameters<C extends { W_ih: NDArray; W_hh: NDArray; b_ih: NDArray; b_hh: NDArray }>(cell: C, inputs: Inputs): C {
  cell.W_ih = inputs.W_ih;
  cell.W_hh = inputs.W_hh;
  cell.b_ih = inputs.b_ih;
  cell.b_hh = inputs.b_hh;
  return cell;
}

/** Forward then backward of one step (suffix "" or "2"); returns the input gradients. */
type Step = (cell: unknown, inputs: Inputs, step: string) => Outputs;

const STEPS: Record<CellName, { make: (hw: HW3, inputs: Inputs) => unknown; forward: (cell: unknown, inputs: Inputs) => Outputs; step: Step }> = {
  RNNCell: {
    make: (hw, inputs) => withParameters(new hw.RNNCell(inputs.W_ih.shape[1], inputs.W_ih.shape[0]), inputs),
    forward: (cell, inputs) => ({ hNew: (cell as InstanceType<HW3["RNNCell"]>).forward(inputs.x, inputs.h) }),
    step: (cell, inputs, s) => {
      const rnn = cell as InstanceType<HW3["RNNCell"]>;
      const [x, h] = [inputs[`x${s}`], inputs[`h${s}`]];
      const hNew = rnn.forward(x, h);
      const [dLdx, dLdh] = rnn.backward(inputs[`dLdhNew${s}`], hNew, x, h);
      return { dLdx, dLdh };
    },
  },
  GRUCell: {
    make: (hw, inputs) => withParameters(new hw.GRUCell(inputs.W_ih.shape[1], inputs.W_ih.shape[0] / 3), inputs),
    forward: (cell, inputs) => ({ hNew: (cell as InstanceType<HW3["GRUCell"]>).forward(inputs.x, inputs.h) }),
    step: (cell, inputs, s) => {
      const gru = cell as InstanceType<HW3["GRUCell"]>;
      gru.forward(inputs[`x${s}`], inputs[`h${s}`]);
      const [dLdx, dLdh] = gru.backward(inputs[`dLdhNew${s}`]);
      return { dLdx, dLdh };
    },
  },
  LSTMCell: {
    make: (hw, inputs) => withParameters(new hw.LSTMCell(inputs.W_ih.shape[1], inputs.W_ih.shape[0] / 4), inputs),
    forward: (cell, inputs) => {
      const [hNew, cNew] = (cell as InstanceType<HW3["LSTMCell"]>).forward(inputs.x, inputs.h, inputs.c);
      return { hNew, cNew };
    },
    step: (cell, inputs, s) => {
      const lstm = cell as InstanceType<HW3["LSTMCell"]>;
      lstm.forward(inputs[`x${s}`], inputs[`h${s}`], inputs[`c${s}`]);
      const [dLdx, dLdh, dLdc] = lstm.backward(inputs[`dLdhNew${s}`], inputs[`dLdcNew${s}`]);
      return { dLdx, dLdh, dLdc };
    },
  },
};

const sizes = {
  public: [
    { N: 2, I: 3, H: 4 },
    { N: 5, I: 6, H: 3 },
  ],
  hidden: [
    { N: 1, I: 2, H: 5 },
    { N: 7, I: 5, H: 5 },
    { N: 4, I: 8, H: 6 },
  ],
};

interface CellCaseSpec {
  name: CellName;
  id: string;
  section: string;
  numbers: [string, string, string];
  points: [number, number, number];
  bonus?: boolean;
  hints: [string, string, string];
}

function cellCases({ name, id, section, numbers, points, bonus, hints }: CellCaseSpec): CaseSpec<HW3>[] {
  const spec = STEPS[name];
  const inputs = cellInputs(GATES[name]);
  const common = { section, sizes, inputs, bonus };
  return [
    defineCase<HW3>({
      ...common,
      id: `${id}.forward`,
      number: numbers[0],
      title: `${name} forward`,
      points: points[0],
      run: ({ hw, inputs }) => spec.forward(spec.make(hw, inputs), inputs),
      failureHint: hints[0],
    }),
    defineCase<HW3>({
      ...common,
      id: `${id}.backward_input`,
      number: numbers[1],
      title: `${name} backward: gradients of the inputs`,
      points: points[1],
      run: ({ hw, inputs }) => spec.step(spec.make(hw, inputs), inputs, ""),
      failureHint: hints[1],
    }),
    defineCase<HW3>({
      ...common,
      id: `${id}.backward_params`,
      number: numbers[2],
      title: `${name} backward: parameter gradients, accumulated over two steps`,
      points: points[2],
      run: ({ hw, inputs }) => {
        const cell = spec.make(hw, inputs) as InstanceType<HW3["RNNCell"]>;
        spec.step(cell, inputs, "");
        spec.step(cell, inputs, "2");
        return { dLdW_ih: cell.dLdW_ih, dLdW_hh: cell.dLdW_hh, dLdb_ih: cell.dLdb_ih, dLdb_hh: cell.dLdb_hh };
      },
      failureHint: hints[2],
    }),
  ];
}

export const rnnCellCases = cellCases({
  name: "RNNCell",
  id: "rnncell",
  section: "rnncell",
  numbers: ["1.1", "1.2", "1.3"],
  points: [4, 5, 6],
  hints: [
    "h′ = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh): both biases, and W_ih is (H, I).",
    "dz = dLdh′ ⊙ (1 − h′²) with h′ the NEW state this step returned (not the previous h); dLdx = dz·W_ih and dLdh = dz·W_hh.",
    "Each backward() must ADD its step's gradients (dLdW_ih += dzᵀ·x, …), not overwrite them.",
  ],
});

export const gruCellCases = cellCases({
  name: "GRUCell",
  id: "grucell",
  section: "grucell",
  numbers: ["3.1", "3.2", "3.3"],
  points: [6, 7, 7],
  hints: [
    "Gate blocks are r, z, n in that order (rows 0:H are r, H:2H are z), and r multiplies (h·W_hnᵀ + b_hn), bias included, not h itself.",
    "h reaches h′ directly through z ⊙ h (add dLdh′ ⊙ z to dLdh) and through the r, z and n pre-activations, the hidden n block scaled by r (dn_pre ⊙ r).",
    "The n block of the hidden side is scaled by r: its gradient is dn_pre ⊙ r; and gradients accumulate over steps.",
  ],
});

export const lstmCellCases = cellCases({
  name: "LSTMCell",
  id: "lstmcell",
  section: "lstmcell",
  numbers: ["7.1", "7.2", "7.3"],
  points: [3, 3, 4],
  bonus: true,
  hints: [
    "Gate blocks are i, f, g, o in that order; g uses tanh, the others σ.",
    "c′ gets gradient from dLdc′ and from h′ = o ⊙ tanh(c′); dLdc = dc′ ⊙ f.",
    "Concatenate the four pre-activation gradients in the order i, f, g, o; gradients accumulate over steps.",
  ],
});
