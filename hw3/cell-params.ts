/**
 * The parameters of a recurrent cell in PyTorch's layout, and their gradients. This file
 * ships to students complete.
 *
 * A cell with G gate blocks (1 for RNNCell, 3 for GRUCell, 4 for LSTMCell) keeps its
 * blocks stacked along the rows, exactly as torch.nn.RNNCell/GRUCell/LSTMCell store
 * weight_ih, weight_hh, bias_ih and bias_hh:
 *
 *   W_ih (G·H, I)   W_hh (G·H, H)   b_ih (G·H)   b_hh (G·H)
 *
 * so block g is rows g·H … (g+1)·H − 1: `W_ih.slice(`${g * H}:${(g + 1) * H}`)`.
 */
import { zeros, type Device, type DType, type Generator, type NDArray } from "#ndarray";

export interface CellOptions {
  /**
   * Draws the parameters as PyTorch initialises a recurrent cell: every value from
   * U(−k, k) with k = 1/√hiddenSize, in the order W_ih, W_hh, b_ih, b_hh (each row-major).
   * Without rng every parameter starts at zero.
   */
  rng?: Generator;
  /** dtype of the parameters (default float32). */
  dtype?: DType;
  /** Device of the parameters (default: the default device). */
  device?: Device;
}

/** A cell's four parameters, named as torch's weight_ih, weight_hh, bias_ih, bias_hh. */
export interface CellParameters {
  W_ih: NDArray;
  W_hh: NDArray;
  b_ih: NDArray;
  b_hh: NDArray;
}

/** The shapes of a cell's parameters with `gates` blocks (see the file comment). */
function parameterShapes(gates: number, inputSize: number, hiddenSize: number): Record<keyof CellParameters, number[]> {
  const rows = gates * hiddenSize;
  return { W_ih: [rows, inputSize], W_hh: [rows, hiddenSize], b_ih: [rows], b_hh: [rows] };
}

/** Parameters drawn (or zeros) as CellOptions.rng states. */
function initCellParameters(gates: number, inputSize: number, hiddenSize: number, opts: CellOptions): CellParameters {
  const { rng, dtype = "float32", device } = opts;
  const k = 1 / Math.sqrt(hiddenSize);
  const shapes = parameterShapes(gates, inputSize, hiddenSize);
  const init = (shape: number[]) => (rng ? rng.uniform(-k, k, shape, { dtype, device }) : zeros(shape, { dtype, device }));
  return { W_ih: init(shapes.W_ih), W_hh: init(shapes.W_hh), b_ih: init(shapes.b_ih), b_hh: init(shapes.b_hh) };
}

/**
 * What RNNCell, GRUCell and LSTMCell share (as torch's RNNCellBase): the sizes, the four
 * parameters with `gates` blocks (see the file comment) and their accumulated gradients,
 * of the same shapes, dtype and device, starting at zero.
 */
export abstract class RecurrentCell {
  readonly inputSize: number;
  readonly hiddenSize: number;
  /** Input-to-hidden weights, the gate blocks stacked, (G·H, I). */
  W_ih: NDArray;
  /** Hidden-to-hidden weights, (G·H, H). */
  W_hh: NDArray;
  /** Input-to-hidden biases, (G·H). */
  b_ih: NDArray;
  /** Hidden-to-hidden biases, (G·H). */
  b_hh: NDArray;
  /** Accumulated ∂L/∂W_ih, (G·H, I). */
  dLdW_ih!: NDArray;
  /** Accumulated ∂L/∂W_hh, (G·H, H). */
  dLdW_hh!: NDArray;
  /** Accumulated ∂L/∂b_ih, (G·H). */
  dLdb_ih!: NDArray;
  /** Accumulated ∂L/∂b_hh, (G·H). */
  dLdb_hh!: NDArray;

  /** Parameters from CellOptions (drawn from opts.rng, else zeros); gradients start at zero. */
  protected constructor(gates: number, inputSize: number, hiddenSize: number, opts: CellOptions) {
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    ({ W_ih: this.W_ih, W_hh: this.W_hh, b_ih: this.b_ih, b_hh: this.b_hh } = initCellParameters(gates, inputSize, hiddenSize, opts));
    this.zeroGrad();
  }

  /** Sets the four parameter gradients to zero (their parameters' shapes, dtypes and devices). */
  zeroGrad(): void {
    const z = (p: NDArray) => zeros(p.shape, { dtype: p.dtype, device: p.device });
    [this.dLdW_ih, this.dLdW_hh, this.dLdb_ih, this.dLdb_hh] = [z(this.W_ih), z(this.W_hh), z(this.b_ih), z(this.b_hh)];
  }
}
