/**
 * Bonus. Long short-term memory cell, as torch.nn.LSTMCell(inputSize, hiddenSize). The
 * weights stack four blocks of H rows in PyTorch's gate order i, f, g, o (input, forget,
 * cell candidate, output), see cell-params.ts.
 *
 *   [ĩ f̃ g̃ õ] = x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh          (N, 4H), blocks in that order
 *   i = σ(ĩ)   f = σ(f̃)   g = tanh(g̃)   o = σ(õ)
 *   c′ = f ⊙ c + i ⊙ g
 *   h′ = o ⊙ tanh(c′)
 *        x: (N, I)  h, c, h′, c′: (N, H)  W_ih: (4H, I)  W_hh: (4H, H)  b_ih, b_hh: (4H)
 *
 * Convention: forward(x, h, c) returns [h′, c′] and caches the step; backward(dLdhNew,
 * dLdcNew) takes the gradients of both outputs (either may be zeros) and returns
 * [dLdx, dLdh, dLdc]; it ADDS the step's parameter gradients (start at zero, zeroGrad()
 * resets them). See handouts/hw3.md §7.
 */
import { concat, type NDArray } from "#ndarray";
import { RecurrentCell, type CellOptions } from "./cell-params.js";
import { cached } from "./errors.js";
import { sigmoid } from "./functions.js";

// BEGIN SOLUTION NO PROMPT
/** What one forward() step leaves for backward(). */
interface LSTMStep {
  x: NDArray;
  h: NDArray;
  c: NDArray;
  i: NDArray;
  f: NDArray;
  g: NDArray;
  o: NDArray;
  /** tanh(c′). */
  tc: NDArray;
}
// END SOLUTION

export class LSTMCell extends RecurrentCell {
  // BEGIN SOLUTION NO PROMPT
  private step?: LSTMStep;
  // END SOLUTION

  /** Parameters from CellOptions (drawn from opts.rng, else zeros); gradients start at zero. */
  constructor(inputSize: number, hiddenSize: number, opts: CellOptions = {}) {
    super(4, inputSize, hiddenSize, opts);
  }

  /** [h′, c′] for x (N, I), h (N, H) and c (N, H); caches the step for backward(). */
  forward(x: NDArray, h: NDArray, c: NDArray): [NDArray, NDArray] {
    // BEGIN SOLUTION
    const H = this.hiddenSize;
    const gates = x.matmul(this.W_ih.transpose()).add(this.b_ih).add(h.matmul(this.W_hh.transpose())).add(this.b_hh);
    const block = (g: number) => gates.slice(":", `${g * H}:${(g + 1) * H}`);
    const i = sigmoid(block(0));
    const f = sigmoid(block(1));
    const g = block(2).tanh();
    const o = sigmoid(block(3));
    const cNew = f.mul(c).add(i.mul(g));
    const tc = cNew.tanh();
    this.step = { x, h, c, i, f, g, o, tc };
    return [o.mul(tc), cNew];
    // END SOLUTION
  }

  /** For ∂L/∂h′ and ∂L/∂c′ (N, H): returns [dLdx (N, I), dLdh (N, H), dLdc (N, H)], adds the parameter gradients. */
  backward(dLdhNew: NDArray, dLdcNew: NDArray): [NDArray, NDArray, NDArray] {
    // Hint: c′ receives gradient from both outputs: dLdcNew directly and dLdhNew through h′ = o ⊙ tanh(c′).
    // BEGIN SOLUTION
    const { x, h, c, i, f, g, o, tc } = cached(this.step, "LSTMCell.backward");
    const dc = dLdcNew.add(dLdhNew.mul(o).mul(tc.mul(tc).neg().add(1)));
    const dsig = (gate: NDArray, grad: NDArray) => grad.mul(gate).mul(gate.neg().add(1));
    const di = dsig(i, dc.mul(g));
    const df = dsig(f, dc.mul(c));
    const dg = dc.mul(i).mul(g.mul(g).neg().add(1));
    const dO = dsig(o, dLdhNew.mul(tc));
    const dgates = concat([di, df, dg, dO], 1);
    this.dLdW_ih = this.dLdW_ih.add(dgates.transpose().matmul(x));
    this.dLdW_hh = this.dLdW_hh.add(dgates.transpose().matmul(h));
    this.dLdb_ih = this.dLdb_ih.add(dgates.sum(0));
    this.dLdb_hh = this.dLdb_hh.add(dgates.sum(0));
    return [dgates.matmul(this.W_ih), dgates.matmul(this.W_hh), dc.mul(f)];
    // END SOLUTION
  }
}
