/**
 * The hw1 layers hw2 builds on: the `Layer` contract, and three activations and Linear,
 * re-exported from the given code in activations.ts and linear.ts. Complete — you wrote
 * them in hw1; they are repeated in hw2 so that it stands alone (a homework never imports
 * another homework's folder). Same conventions as hw1: forward() caches, backward()
 * returns the gradient for the input and stores parameter gradients. See handouts/hw2.md
 * "Conventions".
 */
import { ShapeError, zeros, type Device, type DType, type Generator, type NDArray } from "#ndarray";

export { ReLU, Sigmoid, Tanh } from "./activations.js";
export { Linear } from "./linear.js";

/** What a model needs of a layer: MyTorch's forward/backward pair (the given layers have it by their shape). */
export interface Layer {
  forward(A: NDArray): NDArray;
  backward(dLdZ: NDArray): NDArray;
}

/**
 * Where a layer's parameters come from: given arrays (used as given, not copied), else
 * draws from `rng`, else zeros. Every convolution in hw2 takes these (and Linear the same
 * fields, as its LinearOptions).
 */
export interface ParamOptions {
  /** Draws the parameters that are not given, W first, then b; each layer's doc comment says from which U(−k, k). */
  rng?: Generator;
  /** The weight, used as given. */
  W?: NDArray;
  /** The bias, used as given. */
  b?: NDArray;
  /** dtype of drawn or zero parameters: default float32, or the dtype of a given W. */
  dtype?: DType;
  /** Device of drawn or zero parameters (default: the default device). */
  device?: Device;
}

/** The dtype and device that drawn or zero parameters get from `opts`. */
function paramPlacement(opts: ParamOptions): { dtype: DType; device?: Device } {
  return { dtype: opts.dtype ?? opts.W?.dtype ?? "float32", device: opts.device };
}

/** Zeros of `shape`, with the dtype and device `opts` asks for. */
export function zeroParam(shape: readonly number[], opts: ParamOptions): NDArray {
  return zeros(shape, paramPlacement(opts));
}

/**
 * A parameter of `shape` drawn from U(−bound, bound) by `opts.rng` — exactly
 * `rng.uniform(-bound, bound, shape)`, one uniform per element in row-major order — or
 * zeros when `opts.rng` is undefined (no draws then).
 */
export function drawParam(shape: readonly number[], bound: number, opts: ParamOptions): NDArray {
  return opts.rng ? opts.rng.uniform(-bound, bound, shape, paramPlacement(opts)) : zeroParam(shape, opts);
}

/** Throws a ShapeError naming `op` unless parameter `name` has exactly `shape`. */
export function checkParamShape(op: string, name: string, x: NDArray, shape: readonly number[]): void {
  if (x.shape.length !== shape.length || x.shape.some((d, i) => d !== shape[i])) {
    throw new ShapeError(op, `${name} must have shape [${shape.join(",")}], got [${x.shape.join(",")}]`);
  }
}
