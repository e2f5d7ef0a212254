/**
 * Gated recurrent unit cell, as torch.nn.GRUCell(inputSize, hiddenSize). The weights stack
 * three blocks of H rows in PyTorch's order r, z, n (reset, update, new), see cell-params.ts:
 * W_ir = W_ih[0:H], W_iz = W_ih[H:2H], W_in = W_ih[2H:3H], and the same for W_hh, b_ih, b_hh.
 *
 *   r  = σ(x·W_irᵀ + b_ir + h·W_hrᵀ + b_hr)
 *   z  = σ(x·W_izᵀ + b_iz + h·W_hzᵀ + b_hz)
 *   n  = tanh(x·W_inᵀ + b_in + r ⊙ (h·W_hnᵀ + b_hn))
 *   h′ = (1 − z) ⊙ n + z ⊙ h
 *        x: (N, I)  h, h′: (N, H)  W_ih: (3H, I)  W_hh: (3H, H)  b_ih, b_hh: (3H)
 *
 * PyTorch's convention, pinned: the reset gate multiplies the whole hidden term
 * (h·W_hnᵀ + b_hn), bias included, not h before the matmul (that is the 2014 paper's
 * variant, and it gives different numbers).
 *
 * Convention: forward() caches what backward() needs (one step); backward(dLdhNew)
 * returns [dLdx, dLdh] and ADDS the step's gradients to dLdW_ih, dLdW_hh, dLdb_ih,
 * dLdb_hh (stacked like the parameters). Gradients start at zero; zeroGrad() resets them.
 * See handouts/hw3.md §3.
 */
import { NotImplementedError, concat, type NDArray } from "#ndarray";
import { RecurrentCell, type CellOptions } from "./cell-params.js";
import { cached } from "./errors.js";
import { sigmoid } from "./functions.js";


export class GRUCell extends RecurrentCell {

  /** Parameters from CellOptions (drawn from opts.rng, else zeros); gradients start at zero. */
  constructor(inputSize: number, hiddenSize: number, opts: CellOptions = {}) {
    super(3, inputSize, hiddenSize, opts);
  }

  /** h′ for x (N, I) and h (N, H); caches the step for backward(). */
  forward(x: NDArray, h: NDArray): NDArray {
    // Hint: compute x·W_ihᵀ + b_ih and h·W_hhᵀ + b_hh once, each (N, 3H), then slice the
    // three column blocks: gi.slice(":", `${H}:${2 * H}`) is the z block.
    // BEGIN SOLUTION
    throw new NotImplementedError("GRUCell.forward");
    // END SOLUTION
  }

  /** For dLdhNew = ∂L/∂h′ (N, H): returns [dLdx (N, I), dLdh (N, H)], adds the parameter gradients. */
  backward(dLdhNew: NDArray): [NDArray, NDArray] {
    // Hint: go back through the forward lines in reverse. Write the gradients of the
    // pre-activations of r, z, n (each (N, H)); concatenated along axis 1 in the order
    // r, z, n they give the gradient of x·W_ihᵀ + b_ih, from which dLdW_ih, dLdb_ih and
    // dLdx follow as in a Linear layer. The hidden side differs only in the n block.
    // BEGIN SOLUTION
    throw new NotImplementedError("GRUCell.backward");
    // END SOLUTION
  }
}
