/**
 * Multi-layer perceptrons, 11-785 hw1's shapes: a model is a list of layers applied in
 * order, and backpropagation runs the same list backwards.
 *
 *   forward:  A₀ = A,  Aₗ = layers[l−1].forward(Aₗ₋₁),  output A_L
 *   backward: dLdA_L = dLdA,  dLdAₗ₋₁ = layers[l−1].backward(dLdAₗ),  returns dLdA₀
 *
 * Each layer stores its own parameter gradients (Linear's dLdW, dLdb) on the way back;
 * `parameters()` hands them to an optimiser (see optim.ts). Sequential is a Module
 * (module.ts) whose children are its layers, so train(), eval() and parameters() reach
 * into nested containers too.
 * See handouts/hw1.md §7.
 */
import type { Device, DType, Generator, NDArray } from "#ndarray";
import { ReLU } from "./activation.js";
import { Linear } from "./linear.js";
import { Module } from "./module.js";

/** What a model needs of a layer: MyTorch's forward/backward pair. */
export interface Layer {
  forward(A: NDArray): NDArray;
  backward(dLdA: NDArray): NDArray;
}

/** Options of the models: the dtype and device of their Linear layers' parameters. */
export interface ModelOptions {
  dtype?: DType;
  device?: Device;
}

/** Layers applied in order, as torch.nn.Sequential. */
export class Sequential extends Module {
  readonly layers: Layer[];

  constructor(layers: Layer[]) {
    super();
    this.layers = layers;
  }

  /** The layers, in order: the tree walk of module.ts descends into them. */
  override children(): readonly Layer[] {
    return this.layers;
  }

  /** The output of the last layer; every layer caches what its backward needs. */
  forward(A: NDArray): NDArray {
    // BEGIN SOLUTION
    let out = A;
    for (const layer of this.layers) out = layer.forward(out);
    return out;
    // END SOLUTION
  }

  /** dLdA for the model's input, given dLdA for its output; fills every layer's parameter gradients. */
  backward(dLdA: NDArray): NDArray {
    // Hint: walk the layers from the last to the first.
    // BEGIN SOLUTION
    let grad = dLdA;
    for (let l = this.layers.length - 1; l >= 0; l--) grad = this.layers[l].backward(grad);
    return grad;
    // END SOLUTION
  }

  /** The Linear layers, in order (to read or set their W and b). */
  get linears(): Linear[] {
    return this.layers.filter((layer): layer is Linear => layer instanceof Linear);
  }

}

/**
 * Linear layers of the given widths, each followed by a ReLU: widths [2, 3, 2] gives
 * Linear(2,3), ReLU, Linear(3,2), ReLU. With `rng`, the Linear layers draw their W and b
 * in order, first layer first (see LinearOptions.rng); without it they start at zero.
 */
function linearReLUStack(widths: readonly number[], rng: Generator | undefined, opts: ModelOptions): Layer[] {
  const layers: Layer[] = [];
  for (let l = 1; l < widths.length; l++) {
    layers.push(new Linear(widths[l - 1], widths[l], { rng, ...opts }), new ReLU());
  }
  return layers;
}

/** MLP0, no hidden layer: Linear(2, 3), ReLU.  A: (N, 2) → (N, 3). */
export class MLP0 extends Sequential {
  constructor(rng?: Generator, opts: ModelOptions = {}) {
    super(linearReLUStack([2, 3], rng, opts));
  }
}

/** MLP1, one hidden layer: Linear(2, 3), ReLU, Linear(3, 2), ReLU.  A: (N, 2) → (N, 2). */
export class MLP1 extends Sequential {
  constructor(rng?: Generator, opts: ModelOptions = {}) {
    super(linearReLUStack([2, 3, 2], rng, opts));
  }
}

/**
 * MLP4, four hidden layers: Linear(2, 4), ReLU, Linear(4, 8), ReLU, Linear(8, 8), ReLU,
 * Linear(8, 4), ReLU, Linear(4, 2), ReLU.  A: (N, 2) → (N, 2).
 */
export class MLP4 extends Sequential {
  constructor(rng?: Generator, opts: ModelOptions = {}) {
    super(linearReLUStack([2, 4, 8, 8, 4, 2], rng, opts));
  }
}
