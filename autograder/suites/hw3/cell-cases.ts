/**
 * What the three cell sections (rnncell, grucell and the bonus lstmcell) share: forward,
 * the input gradients, and the parameter gradients, one case each, so a wrong gate loses
 * the forward case and a forgotten bias gradient only the parameter case. The parameter
 * cases run TWO steps (forward and backward on two inputs) before reading the gradients:
 * the cells accumulate, as PyTorch's `.grad` does, and a cell that overwrites keeps only
 * the second step. Parameters are drawn like PyTorch's initialisation, U(−1/√H, 1/√H).
 */
import { type Generator, type NDArray } from "#ndarray";
import { defineCase, type CaseSpec, type Inputs, type Outputs, type Size } from "../../src/suite.js";
import type { HW3 } from "./types.js";

/** What every cell is: torch's four parameters and their accumulated gradients. */
type Cell = HW3["RecurrentCell"]["prototype"];

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

export interface CellCaseSpec<C extends Cell> {
  /** The class name, for the case titles. */
  name: string;
  /** Gate blocks: W_ih has gates·H rows (torch's layout). */
  gates: number;
  /** The section, which is also the prefix of the case ids. */
  section: string;
  numbers: [string, string, string];
  points: [number, number, number];
  bonus?: boolean;
  hints: [string, string, string];
  /** A cell of input size I and hidden size H. */
  make(hw: HW3, I: number, H: number): C;
  /** One forward on the first step's inputs: its outputs. */
  forward(cell: C, inputs: Inputs): Outputs;
  /** Forward then backward of one step (suffix "" or "2"); returns the input gradients. */
  step(cell: C, inputs: Inputs, suffix: string): Outputs;
}

/** The three cases of one cell. */
export function cellCases<C extends Cell>(spec: CellCaseSpec<C>): CaseSpec<HW3>[] {
  const { name, gates, section, numbers, points, bonus, hints } = spec;
  const make = (hw: HW3, inputs: Inputs): C => {
    const cell = spec.make(hw, inputs.W_ih.shape[1], inputs.W_ih.shape[0] / gates);
    cell.W_ih = inputs.W_ih;
    cell.W_hh = inputs.W_hh;
    cell.b_ih = inputs.b_ih;
    cell.b_hh = inputs.b_hh;
    return cell;
  };
  const common = { section, sizes, inputs: cellInputs(gates), bonus };
  return [
    defineCase<HW3>({
      ...common,
      id: `${section}.forward`,
      number: numbers[0],
      title: `${name} forward`,
      points: points[0],
      run: ({ hw, inputs }) => spec.forward(make(hw, inputs), inputs),
      failureHint: hints[0],
    }),
    defineCase<HW3>({
      ...common,
      id: `${section}.backward_input`,
      number: numbers[1],
      title: `${name} backward: gradients of the inputs`,
      points: points[1],
      run: ({ hw, inputs }) => spec.step(make(hw, inputs), inputs, ""),
      failureHint: hints[1],
    }),
    defineCase<HW3>({
      ...common,
      id: `${section}.backward_params`,
      number: numbers[2],
      title: `${name} backward: parameter gradients, accumulated over two steps`,
      points: points[2],
      run: ({ hw, inputs }) => {
        const cell = make(hw, inputs);
        spec.step(cell, inputs, "");
        spec.step(cell, inputs, "2");
        return { dLdW_ih: cell.dLdW_ih, dLdW_hh: cell.dLdW_hh, dLdb_ih: cell.dLdb_ih, dLdb_hh: cell.dLdb_hh };
      },
      failureHint: hints[2],
    }),
  ];
}
