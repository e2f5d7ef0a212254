/**
 * Elman RNN cell with tanh, as torch.nn.RNNCell(inputSize, hiddenSize, nonlinearity="tanh").
 *
 *   forward:  h′ = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh)
 *             x: (N, I)  h: (N, H)  W_ih: (H, I)  W_hh: (H, H)  b_ih, b_hh: (H)  h′: (N, H)
 *   backward: dz = dLdh′ ⊙ (1 − h′²)                       (N, H)
 *             dLdx = dz·W_ih   (N, I)        dLdh = dz·W_hh   (N, H)
 *             dLdW_ih += dzᵀ·x   dLdW_hh += dzᵀ·h   dLdb_ih += Σₙ dz   dLdb_hh += Σₙ dz
 *
 * Convention (as PyTorch's `.grad`, unlike hw1's layers): parameter gradients ACCUMULATE.
 * They start at zero, every backward() adds its step's contribution, and zeroGrad() resets
 * them. That is what backpropagation through time needs: one cell runs at every time step,
 * and its parameter gradient is the sum over the steps.
 *
 * The cell caches nothing: one cell is used at every time step, so backward() is handed
 * the step's values (its output h′, its input x, the previous hidden state h) explicitly.
 * See handouts/hw3.md §1.
 */
import type { NDArray } from "#ndarray";
import { RecurrentCell, type CellOptions } from "./cell-params.js";

export class RNNCell extends RecurrentCell {
  /** Parameters from CellOptions (drawn from opts.rng, else zeros); gradients start at zero. */
  constructor(inputSize: number, hiddenSize: number, opts: CellOptions = {}) {
    super(1, inputSize, hiddenSize, opts);
  }

  /** h′ = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh) for x (N, I) and h (N, H); h′ is (N, H). */
  forward(x: NDArray, h: NDArray): NDArray {
    // BEGIN SOLUTION
    return x.matmul(this.W_ih.transpose()).add(this.b_ih).add(h.matmul(this.W_hh.transpose())).add(this.b_hh).tanh();
    // END SOLUTION
  }

  /**
   * One step of BPTT. `dLdhNew` is ∂L/∂h′ (N, H); `hNew` is the h′ forward() returned for
   * this step, `x` and `h` the input and previous hidden state it was given. Returns
   * [dLdx (N, I), dLdh (N, H)] and ADDS this step's parameter gradients to dLdW_ih,
   * dLdW_hh, dLdb_ih and dLdb_hh.
   */
  backward(dLdhNew: NDArray, hNew: NDArray, x: NDArray, h: NDArray): [NDArray, NDArray] {
    // Hint: tanh′(z) = 1 − tanh(z)², and tanh(z) is hNew: no need to recompute z.
    // BEGIN SOLUTION
    const dz = dLdhNew.mul(hNew.mul(hNew).neg().add(1));
    this.dLdW_ih = this.dLdW_ih.add(dz.transpose().matmul(x));
    this.dLdW_hh = this.dLdW_hh.add(dz.transpose().matmul(h));
    this.dLdb_ih = this.dLdb_ih.add(dz.sum(0));
    this.dLdb_hh = this.dLdb_hh.add(dz.sum(0));
    return [dz.matmul(this.W_ih), dz.matmul(this.W_hh)];
    // END SOLUTION
  }
}
