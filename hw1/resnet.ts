/**
 * Residual connections and the residual MLP of CMU 10-414's needle (its hw2 `MLPResNet`),
 * built from this homework's layers.
 *
 *   Residual(fn):   forward  Y = fn(X) + X              (fn must keep X's shape)
 *                   backward dLdX = fn.backward(dLdY) + dLdY
 *
 * The skip path is the identity, so its gradient dLdY reaches X unchanged whatever fn does:
 * that is why deep residual networks still train. The two gradients ADD (X feeds two
 * paths: the multivariate chain rule, as in autograd/backward.ts).
 *
 *   ResidualBlock(dim, hidden):
 *     Sequential([ Residual(Sequential([ Linear(dim, hidden), norm(hidden), ReLU, Dropout(dropP),
 *                                        Linear(hidden, dim), norm(dim) ])),
 *                  ReLU ])
 *   i.e. Y = ReLU(X + norm(Linear(Dropout(ReLU(norm(Linear(X))))))) — the ReLU comes AFTER the addition.
 *
 *   MLPResNet(dim):
 *     Sequential([ Linear(dim, hidden), ReLU,
 *                  ResidualBlock(hidden, ⌊hidden/2⌋) × blocks,
 *                  Linear(hidden, classes) ])
 *
 * `norm` is a normalisation class, BatchNorm1d (needle's default) or LayerNorm1d, built as
 * `new norm(features, { dtype, device })`.
 *
 * Random draws, all from the one `rng` given: at construction every Linear draws its W then
 * its b (LinearOptions.rng), in the order the layers appear above (an MLPResNet: the first
 * Linear, then each block's two Linears, block by block, then the last Linear); afterwards
 * each training forward of a Dropout draws its mask from the same rng, in forward order.
 * See handouts/hw1.md §10.
 */
import type { Device, DType, Generator, NDArray } from "#ndarray";
import { ReLU } from "./activation.js";
import { BatchNorm1d } from "./batchnorm.js";
import { Dropout } from "./dropout.js";
import { Linear } from "./linear.js";
import { Sequential, type Layer } from "./models.js";
import { Module } from "./module.js";
import { NotImplementedError } from "#ndarray";

/** A normalisation layer's class: BatchNorm1d or LayerNorm1d. */
export type NormClass = new (features: number, opts: { dtype?: DType; device?: Device }) => Layer;

/** Y = fn(X) + X, as needle's nn.Residual: a Module whose one child is fn. */
export class Residual extends Module {
  /** The wrapped layer; its output must have its input's shape. */
  readonly fn: Layer;

  constructor(fn: Layer) {
    super();
    this.fn = fn;
  }

  override children(): readonly Layer[] {
    return [this.fn];
  }

  forward(X: NDArray): NDArray {
    // BEGIN SOLUTION
    throw new NotImplementedError("Residual.forward");
    // END SOLUTION
  }

  backward(dLdY: NDArray): NDArray {
    // Hint: X reached the output along two paths; each hands back its own gradient.
    // BEGIN SOLUTION
    throw new NotImplementedError("Residual.backward");
    // END SOLUTION
  }
}

export interface ResidualOptions {
  /** The normalisation class (default BatchNorm1d). */
  norm?: NormClass;
  /** Dropout's p (default 0.1). */
  dropP?: number;
  /** dtype of the parameters (default float32). */
  dtype?: DType;
  /** Their device (default: the default device). */
  device?: Device;
}

/**
 * The layers of a residual block (the module doc comment gives them); its Linear layers draw
 * from `rng` in order, and its Dropout draws its masks from the same `rng`.
 */
function blockLayers(dim: number, hidden: number, rng: Generator, opts: ResidualOptions): Layer[] {
  const { norm = BatchNorm1d, dropP = 0.1, dtype, device } = opts;
  // BEGIN SOLUTION
  throw new NotImplementedError("blockLayers");
  // END SOLUTION
}

/** needle's ResidualBlock(dim, hidden_dim, norm, drop_prob): (N, dim) → (N, dim). */
export class ResidualBlock extends Sequential {
  constructor(dim: number, hidden: number, rng: Generator, opts: ResidualOptions = {}) {
    super(blockLayers(dim, hidden, rng, opts));
  }
}

export interface MLPResNetOptions extends ResidualOptions {
  /** Width of the residual stream (default 100). */
  hidden?: number;
  /** Number of residual blocks (default 3). */
  blocks?: number;
  /** Number of classes, the output width (default 10). */
  classes?: number;
}

/** The layers of an MLPResNet (the module doc comment gives them), drawing from `rng` in order. */
function resnetLayers(dim: number, rng: Generator, opts: MLPResNetOptions): Layer[] {
  const { hidden = 100, blocks = 3, classes = 10, ...block } = opts;
  const { dtype, device } = block;
  // BEGIN SOLUTION
  throw new NotImplementedError("resnetLayers");
  // END SOLUTION
}

/** needle's MLPResNet(dim, hidden_dim, num_blocks, num_classes, norm, drop_prob): (N, dim) → (N, classes). */
export class MLPResNet extends Sequential {
  constructor(dim: number, rng: Generator, opts: MLPResNetOptions = {}) {
    super(resnetLayers(dim, rng, opts));
  }
}
