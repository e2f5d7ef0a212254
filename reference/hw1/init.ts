/**
 * Weight initialisation, as torch.nn.init: Xavier (Glorot) and Kaiming (He) schemes, with
 * torch's fan computation and gains exactly, so that a layer initialised here has the
 * spread PyTorch's would. (CMU 10-414's needle has the same four functions in `init`.)
 *
 * Fans, torch's `_calculate_fan_in_and_fan_out`, for a weight of at least two axes
 * [out, in, k₁, k₂, …] (a Linear's W is [outFeatures, inFeatures]):
 *
 *   receptive = k₁·k₂·…  (1 for a matrix)
 *   fanIn  = in  · receptive           fanOut = out · receptive
 *
 * Gains, torch's `calculate_gain(nonlinearity, param)`:
 *
 *   linear, sigmoid → 1     tanh → 5/3     relu → √2
 *   leaky_relu → √(2 / (1 + slope²)), slope = param (default 0.01)
 *
 * The four schemes, with their bound b (uniform) or standard deviation σ (normal):
 *
 *   xavierUniform    b = gain · √(6 / (fanIn + fanOut))          W ~ U(−b, b)
 *   xavierNormal     σ = gain · √(2 / (fanIn + fanOut))          W ~ N(0, σ²)
 *   kaimingUniform   b = gain · √(3 / fan)                       W ~ U(−b, b)
 *   kaimingNormal    σ = gain / √fan                             W ~ N(0, σ²)
 *
 * Kaiming's fan is fanIn (mode "fan_in", the default: preserves the forward pass's
 * variance) or fanOut ("fan_out": the backward pass's); its gain is
 * calculateGain(nonlinearity, a) with nonlinearity "leaky_relu" and a = 0 by default,
 * which is √2, ReLU's gain.
 *
 * The draws are pinned, so a student's weights equal the reference's from the same
 * generator state: each function makes exactly ONE draw from the `rng` it is given,
 *
 *   uniform schemes:  rng.uniform(-b, b, shape, { dtype, device })     one uniform per element
 *   normal schemes:   rng.normal(0, σ, shape, { dtype, device })       two uniforms per element
 *
 * in row-major order (ndarray/generator.ts states the uniforms each consumes).
 * See handouts/hw1.md §9.
 */
import { ShapeError, ValueError, type Device, type DType, type Generator, type NDArray, type Shape } from "#ndarray";

/** The nonlinearities calculateGain knows (torch's names). */
export type Nonlinearity = "linear" | "sigmoid" | "tanh" | "relu" | "leaky_relu";

/** Whether Kaiming's fan is the weight's fanIn or its fanOut. */
export type FanMode = "fan_in" | "fan_out";

/** dtype and device of the drawn weight (default float32 on the default device). */
export interface InitOptions {
  dtype?: DType;
  device?: Device;
}

export interface XavierOptions extends InitOptions {
  /** Scales the bound or σ (default 1); calculateGain gives the usual values. */
  gain?: number;
}

export interface KaimingOptions extends InitOptions {
  /** leaky_relu's negative slope (default 0; ignored by the other nonlinearities). */
  a?: number;
  /** Which fan the variance is kept for (default "fan_in"). */
  mode?: FanMode;
  /** The nonlinearity after the layer, for the gain (default "leaky_relu", with slope a). */
  nonlinearity?: Nonlinearity;
}

/** [fanIn, fanOut] of a weight of shape [out, in, …] (torch's _calculate_fan_in_and_fan_out). */
export function fans(shape: Shape): [number, number] {
  if (shape.length < 2) {
    throw new ShapeError("fans", `fan in and fan out need a weight with at least 2 axes, got shape [${shape.join(",")}]`);
  }
  // BEGIN SOLUTION
  const receptive = shape.slice(2).reduce((p, d) => p * d, 1);
  return [shape[1] * receptive, shape[0] * receptive];
  // END SOLUTION
}

/** The recommended gain for `nonlinearity` (torch.nn.init.calculate_gain); `param` is leaky_relu's slope (default 0.01). */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  // BEGIN SOLUTION
  switch (nonlinearity) {
    case "linear":
    case "sigmoid":
      return 1;
    case "tanh":
      return 5 / 3;
    case "relu":
      return Math.SQRT2;
    case "leaky_relu": {
      const slope = param ?? 0.01;
      return Math.sqrt(2 / (1 + slope * slope));
    }
    default:
      throw new ValueError("calculateGain", `unknown nonlinearity ${JSON.stringify(nonlinearity)}; expected linear, sigmoid, tanh, relu or leaky_relu`);
  }
  // END SOLUTION
}

/** W ~ U(−b, b), b = gain·√(6/(fanIn + fanOut)): one rng.uniform draw of `shape`. */
export function xavierUniform(shape: Shape, rng: Generator, opts: XavierOptions = {}): NDArray {
  const { gain = 1, dtype, device } = opts;
  // BEGIN SOLUTION
  const [fanIn, fanOut] = fans(shape);
  const b = gain * Math.sqrt(6 / (fanIn + fanOut));
  return rng.uniform(-b, b, shape, { dtype, device });
  // END SOLUTION
}

/** W ~ N(0, σ²), σ = gain·√(2/(fanIn + fanOut)): one rng.normal draw of `shape`. */
export function xavierNormal(shape: Shape, rng: Generator, opts: XavierOptions = {}): NDArray {
  const { gain = 1, dtype, device } = opts;
  // BEGIN SOLUTION
  const [fanIn, fanOut] = fans(shape);
  const std = gain * Math.sqrt(2 / (fanIn + fanOut));
  return rng.normal(0, std, shape, { dtype, device });
  // END SOLUTION
}

/** The fan Kaiming's schemes keep the variance for, and their gain. */
function kaimingFanAndGain(shape: Shape, opts: KaimingOptions): [number, number] {
  const { a = 0, mode = "fan_in", nonlinearity = "leaky_relu" } = opts;
  if (mode !== "fan_in" && mode !== "fan_out") {
    throw new ValueError("kaiming", `mode must be "fan_in" or "fan_out", got ${JSON.stringify(mode)}`);
  }
  // BEGIN SOLUTION
  const [fanIn, fanOut] = fans(shape);
  return [mode === "fan_in" ? fanIn : fanOut, calculateGain(nonlinearity, a)];
  // END SOLUTION
}

/** W ~ U(−b, b), b = gain·√(3/fan): one rng.uniform draw of `shape`. torch.nn.Linear's own W is this with a = √5. */
export function kaimingUniform(shape: Shape, rng: Generator, opts: KaimingOptions = {}): NDArray {
  const { dtype, device } = opts;
  // BEGIN SOLUTION
  const [fan, gain] = kaimingFanAndGain(shape, opts);
  const b = gain * Math.sqrt(3 / fan);
  return rng.uniform(-b, b, shape, { dtype, device });
  // END SOLUTION
}

/** W ~ N(0, σ²), σ = gain/√fan: one rng.normal draw of `shape`. */
export function kaimingNormal(shape: Shape, rng: Generator, opts: KaimingOptions = {}): NDArray {
  const { dtype, device } = opts;
  // BEGIN SOLUTION
  const [fan, gain] = kaimingFanAndGain(shape, opts);
  return rng.normal(0, gain / Math.sqrt(fan), shape, { dtype, device });
  // END SOLUTION
}
