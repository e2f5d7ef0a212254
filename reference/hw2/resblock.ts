/**
 * Bonus. A ResNet basic block (He et al. 2016; torchvision's BasicBlock):
 *
 *   main:      Conv2d(Cin, Cout, 3, stride s, padding 1) → BatchNorm2d → ReLU
 *              → Conv2d(Cout, Cout, 3, stride 1, padding 1) → BatchNorm2d
 *   shortcut:  the identity when s = 1 and Cin = Cout; otherwise a projection,
 *              Conv2d(Cin, Cout, 1, stride s) → BatchNorm2d, so the shapes match
 *   output:    Y = ReLU(main(A) + shortcut(A))       A (N, Cin, H, W) → Y (N, Cout, ⌊(H − 1)/s⌋ + 1, …)
 *
 * backward(dLdY): through the final ReLU, then the gradient of the sum goes UNCHANGED into
 * both branches, and dLdA is the sum of what the two branches return (for the identity
 * shortcut, the branch's gradient itself). Every conv and BatchNorm stores its own dLdW, dLdb.
 *
 * The convolutions have a bias fixed at zero and never drawn: each is followed by a
 * BatchNorm, whose mean subtraction cancels any bias (torchvision uses bias=False). With
 * `rng`, the conv weights are drawn in the order conv1, conv2, projection (as Conv2d draws
 * W); the BatchNorms start at W = 1, b = 0. train()/eval() reach every BatchNorm.
 * See handouts/hw2.md §11.
 */
import type { Device, DType, Generator, NDArray } from "#ndarray";
import { BatchNorm2d } from "./batchnorm2d.js";
import { Conv2d } from "./conv2d.js";
import { checkIntegers } from "./errors.js";
import { ReLU, zeroParam, type Layer } from "./layers.js";

export interface ResBlockOptions {
  rng?: Generator;
  dtype?: DType;
  device?: Device;
}

/** A convolution followed by a batch norm: the unit both branches are made of. */
export interface ConvBN {
  conv: Conv2d;
  bn: BatchNorm2d;
}

export class ResBlock implements Layer {
  readonly branch1: ConvBN;
  readonly relu1 = new ReLU();
  readonly branch2: ConvBN;
  /** The projection shortcut, or undefined for the identity shortcut. */
  readonly projection?: ConvBN;
  readonly relu2 = new ReLU();

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    readonly stride = 1,
    opts: ResBlockOptions = {},
  ) {
    checkIntegers("ResBlock", { inChannels, outChannels, stride });
    const { rng, dtype, device } = opts;
    const unit = (cin: number, K: number, s: number, padding: number): ConvBN => ({
      conv: new Conv2d(cin, outChannels, K, { stride: s, padding, rng, dtype, device, b: zeroParam([outChannels], { dtype, device }) }),
      bn: new BatchNorm2d(outChannels, { dtype, device }),
    });
    this.branch1 = unit(inChannels, 3, stride, 1);
    this.branch2 = unit(outChannels, 3, 1, 1);
    if (stride !== 1 || inChannels !== outChannels) this.projection = unit(inChannels, 1, stride, 0);
  }

  /** Every BatchNorm's mode; returns this. */
  train(mode = true): this {
    for (const u of [this.branch1, this.branch2, this.projection]) u?.bn.train(mode);
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  /** Y (N, Cout, Hout, Wout) for A (N, Cin, H, W). */
  forward(A: NDArray): NDArray {
    // BEGIN SOLUTION
    const unit = (u: ConvBN, x: NDArray) => u.bn.forward(u.conv.forward(x));
    const main = unit(this.branch2, this.relu1.forward(unit(this.branch1, A)));
    const shortcut = this.projection ? unit(this.projection, A) : A;
    return this.relu2.forward(main.add(shortcut));
    // END SOLUTION
  }

  /** dLdA (N, Cin, H, W) for dLdY; stores every conv's and BatchNorm's gradients. */
  backward(dLdY: NDArray): NDArray {
    // BEGIN SOLUTION
    const unit = (u: ConvBN, g: NDArray) => u.conv.backward(u.bn.backward(g));
    const dLdSum = this.relu2.backward(dLdY);
    const dLdAmain = unit(this.branch1, this.relu1.backward(unit(this.branch2, dLdSum)));
    const dLdAshort = this.projection ? unit(this.projection, dLdSum) : dLdSum;
    return dLdAmain.add(dLdAshort);
    // END SOLUTION
  }
}
