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
import { NotImplementedError, concat, type NDArray } from "#ndarray";
import { RecurrentCell, type CellOptions } from "./cell-params.js";
import { cached } from "./errors.js";
import { sigmoid } from "./functions.js";


export class LSTMCell extends RecurrentCell {

  /** Parameters from CellOptions (drawn from opts.rng, else zeros); gradients start at zero. */
  constructor(inputSize: number, hiddenSize: number, opts: CellOptions = {}) {
    super(4, inputSize, hiddenSize, opts);
  }

  /** [h′, c′] for x (N, I), h (N, H) and c (N, H); caches the step for backward(). */
  forward(x: NDArray, h: NDArray, c: NDArray): [NDArray, NDArray] {
    // BEGIN SOLUTION
    throw new NotImplementedError("LSTMCell.forward");
    // END SOLUTION
  }

  /** For ∂L/∂h′ and ∂L/∂c′ (N, H): returns [dLdx (N, I), dLdh (N, H), dLdc (N, H)], adds the parameter gradients. */
  backward(dLdhNew: NDArray, dLdcNew: NDArray): [NDArray, NDArray, NDArray] {
    // Hint: c′ receives gradient from both outputs: dLdcNew directly and dLdhNew through h′ = o ⊙ tanh(c′).
    // BEGIN SOLUTION
    throw new NotImplementedError("LSTMCell.backward");
    // END SOLUTION
  }
}
