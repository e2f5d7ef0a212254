/**
 * A multi-layer RNN that reads a whole sequence and classifies it from its last hidden
 * state: torch.nn.RNN(inputSize, hiddenSize, numLayers, nonlinearity="tanh",
 * batch_first=True) followed by torch.nn.Linear(hiddenSize, outputSize) on the top layer's
 * final hidden state.
 *
 *   forward:  h⁽ˡ⁾₀ = h0[l]                                   (N, H) for each layer l
 *             h⁽⁰⁾ₜ = cell₀(x[:, t−1], h⁽⁰⁾ₜ₋₁)           t = 1 … T
 *             h⁽ˡ⁾ₜ = cellₗ(h⁽ˡ⁻¹⁾ₜ, h⁽ˡ⁾ₜ₋₁)             l = 1 … L−1
 *             logits = h⁽ᴸ⁻¹⁾_T · W_outᵀ + b_out           (N, O)
 *             x: (N, T, I)  h0: (L, N, H)  W_out: (O, H)  b_out: (O)
 *   backward: backpropagation through time: time steps from T down to 1 and, within a
 *             step, layers from the top down. The hidden state h⁽ˡ⁾ₜ feeds two places,
 *             cellₗ at step t + 1 and cellₗ₊₁ at step t, so its gradient is the sum of
 *             what both send back.
 *
 * Convention: forward() caches every hidden state; backward(dLdlogits) first zeroes every
 * cell's gradients, then lets each cell accumulate over the T steps; it returns dLdx
 * (N, T, I) and stores dLdh0 (L, N, H), dLdW_out and dLdb_out. No averaging over the batch
 * (PyTorch's autograd through the same graph gives the same numbers).
 * See handouts/hw3.md §2.
 */
import { NotImplementedError, stack, zeros, type NDArray } from "#ndarray";
import type { CellOptions } from "./cell-params.js";
import { cached } from "./errors.js";
import { RNNCell } from "./rnncell.js";

export class RNNClassifier {
  readonly numLayers: number;
  readonly hiddenSize: number;
  /** layers[0] reads x (inputSize → H); each later layer reads the one below (H → H). */
  readonly layers: RNNCell[];
  /** Output weight, (O, H). */
  W_out: NDArray;
  /** Output bias, (O). */
  b_out: NDArray;
  /** ∂L/∂W_out from the last backward(), (O, H). */
  dLdW_out?: NDArray;
  /** ∂L/∂b_out from the last backward(), (O). */
  dLdb_out?: NDArray;
  /** ∂L/∂h0 from the last backward(), (L, N, H). */
  dLdh0?: NDArray;
  /** The input of the last forward(), (N, T, I). */
  private x?: NDArray;
  /**
   * hiddens[t][l] is h⁽ˡ⁾ₜ, (N, H), for t = 0 … T: hiddens[0] holds h0, hiddens[t] the
   * states after reading x[:, t − 1]. Filled by forward().
   */
  private hiddens?: NDArray[][];

  /**
   * Cells as RNNCell builds them (with opts.rng: layer 0's parameters drawn first, then
   * layer 1's, …); W_out and b_out start at zero: set them, or train them.
   */
  constructor(inputSize: number, hiddenSize: number, numLayers: number, outputSize: number, opts: CellOptions = {}) {
    this.numLayers = numLayers;
    this.hiddenSize = hiddenSize;
    this.layers = Array.from({ length: numLayers }, (_, l) => new RNNCell(l === 0 ? inputSize : hiddenSize, hiddenSize, opts));
    this.W_out = zeros([outputSize, hiddenSize], { dtype: opts.dtype, device: opts.device });
    this.b_out = zeros([outputSize], { dtype: opts.dtype, device: opts.device });
  }

  /** logits (N, O) for x (N, T, I); h0 (L, N, H) defaults to zeros. */
  forward(x: NDArray, h0?: NDArray): NDArray {
    const [N, T] = x.shape;
    const start = h0 ?? zeros([this.numLayers, N, this.hiddenSize], { dtype: x.dtype, device: x.device });
    // Hint: x.slice(":", t) is the (N, I) input of step t; start.slice(l) is layer l's h0.
    // BEGIN SOLUTION
    throw new NotImplementedError("RNNClassifier.forward");
    // END SOLUTION
  }

  /** dLdx (N, T, I) for dLdlogits (N, O); stores dLdh0, dLdW_out, dLdb_out and every cell's gradients. */
  backward(dLdlogits: NDArray): NDArray {
    // Hint: keep one running gradient per layer, dh[l] = ∂L/∂h⁽ˡ⁾ₜ; at t = T only the top
    // layer's is non-zero. Collect each step's dLdx and stack them along axis 1 at the end.
    // BEGIN SOLUTION
    throw new NotImplementedError("RNNClassifier.backward");
    // END SOLUTION
  }
}
