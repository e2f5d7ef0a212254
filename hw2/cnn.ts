/**
 * A small convolutional network, as a torch.nn.Sequential of
 *
 *   Conv2d → activation → Conv2d → activation → … → Flatten → Linear
 *
 * The constructor (complete) builds the layers from a spec and works out the spatial size
 * after each convolution with Conv2d's rule, Hout = ⌊(Hin + 2p − K)/s⌋ + 1, so the Linear
 * layer gets inFeatures = C_last·H_last·W_last. With `rng`, the layers draw their parameters
 * in order: conv 0 (W, then b), conv 1, …, then the Linear layer (W, then b).
 *
 *   forward:  A (N, inChannels, H, W) → logits (N, outFeatures)
 *   backward: dLdY (N, outFeatures) → dLdA (N, inChannels, H, W); every conv and the Linear
 *             layer store their dLdW and dLdb on the way
 * See handouts/hw2.md §8.
 */
import { NotImplementedError, ValueError, type Device, type DType, type Generator, type NDArray } from "#ndarray";
import { Conv2d } from "./conv2d.js";
import { Flatten } from "./flatten.js";
import { Linear, type Layer } from "./layers.js";

export interface CNNSpec {
  inChannels: number;
  /** Height and width of the input images. */
  inSize: readonly [number, number];
  /** Output channels of each convolution; also fixes how many there are. */
  channels: readonly number[];
  kernelSizes: readonly number[];
  strides: readonly number[];
  /** Zero padding of each convolution (default: none). */
  paddings?: readonly number[];
  /** The activation after each convolution (one per convolution). */
  activations: readonly Layer[];
  /** Width of the final Linear layer's output (the number of classes). */
  outFeatures: number;
  rng?: Generator;
  dtype?: DType;
  device?: Device;
}

export class CNN implements Layer {
  readonly convs: Conv2d[] = [];
  readonly activations: readonly Layer[];
  readonly flatten = new Flatten();
  readonly linear: Linear;

  constructor(spec: CNNSpec) {
    const { channels, kernelSizes, strides, activations, rng, dtype, device } = spec;
    const paddings = spec.paddings ?? channels.map(() => 0);
    const n = channels.length;
    if ([kernelSizes, strides, paddings, activations].some((list) => list.length !== n)) {
      throw new ValueError("CNN", `channels, kernelSizes, strides, paddings and activations must all have ${n} entries`);
    }
    let [C, H, W] = [spec.inChannels, spec.inSize[0], spec.inSize[1]];
    for (let i = 0; i < n; i++) {
      const [K, s, p] = [kernelSizes[i], strides[i], paddings[i]];
      this.convs.push(new Conv2d(C, channels[i], K, { stride: s, padding: p, rng, dtype, device }));
      [C, H, W] = [channels[i], Math.floor((H + 2 * p - K) / s) + 1, Math.floor((W + 2 * p - K) / s) + 1];
      if (H < 1 || W < 1) throw new ValueError("CNN", `convolution ${i} leaves no pixels (${H}×${W}); use a smaller kernel or stride`);
    }
    this.activations = activations;
    this.linear = new Linear(C * H * W, spec.outFeatures, { rng, dtype, device });
  }

  /** Logits (N, outFeatures) for A (N, inChannels, H, W). */
  forward(A: NDArray): NDArray {
    // BEGIN SOLUTION
    throw new NotImplementedError("CNN.forward");
    // END SOLUTION
  }

  /** dLdA for the input, given dLdY (N, outFeatures); fills every layer's parameter gradients. */
  backward(dLdY: NDArray): NDArray {
    // Hint: the exact reverse of forward(), activation before its convolution.
    // BEGIN SOLUTION
    throw new NotImplementedError("CNN.backward");
    // END SOLUTION
  }
}
