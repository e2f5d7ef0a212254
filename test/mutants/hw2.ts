/**
 * Planted bugs in hw2: each is the reference with one small, named change — a mistake a
 * student plausibly makes — and the tests it must lose points in. mutants.test.ts grades them all.
 */
import type { Mutant } from "./mutant.js";

export const HW2_MUTANTS: Mutant[] = [
  {
    id: "downsample1d-stride-off-by-one",
    what: "Downsample1d keeps every (k+1)-th element instead of every k-th",
    edits: [{ file: "resampling.ts", find: "return A.slice(null, null, { step: this.factor });", replace: "return A.slice(null, null, { step: this.factor + 1 });" }],
    loses: ["resampling.downsample1d_forward"],
    says: /Keep positions 0, k, 2k/,
  },
  {
    id: "upsample2d-trailing-zeros",
    what: "Upsample2d makes k·n rows and columns (zeros after the last value) instead of k·(n − 1) + 1",
    edits: [
      {
        file: "resampling.ts",
        find: "const Z = zeros([N, C, k * (Hin - 1) + 1, k * (Win - 1) + 1], { dtype: A.dtype, device: A.device });",
        replace: "const Z = zeros([N, C, k * Hin, k * Win], { dtype: A.dtype, device: A.device });",
      },
    ],
    loses: ["resampling.upsample2d_forward"],
    says: /not k·n[\s\S]*no trailing zeros/,
  },
  {
    id: "conv1d-backward-kernel-not-flipped",
    what: "Conv1dStride1's dLdA convolves with the transposed kernel but forgets to flip it",
    edits: [{ file: "conv1d.ts", find: "return correlate1d(dLdZpad, this.W.transpose(0, 1).flip(2));", replace: "return correlate1d(dLdZpad, this.W.transpose(0, 1));" }],
    loses: ["conv1d.stride1_backward_input"],
    says: /FLIPPED spatially AND its in\/out axes swapped/,
  },
  {
    id: "conv1d-bias-grad-not-summed-over-space",
    what: "Conv1dStride1's dLdb sums over the batch only, not over positions",
    edits: [{ file: "conv1d.ts", find: "this.dLdb = dLdZ.sum([0, 2]);", replace: "this.dLdb = dLdZ.sum(0);" }],
    loses: ["conv1d.stride1_backward_bias"],
    says: /over the batch AND every spatial position/,
  },
  {
    id: "conv1d-backward-padding-kept",
    what: "Conv1d's backward returns the gradient of the padded input (padding not cut off)",
    edits: [{ file: "conv1d.ts", find: "return dLdApad.slice(null, null, { start: p, stop: dLdApad.shape[2] - p });", replace: "return dLdApad;" }],
    loses: ["conv1d.backward_input"],
    says: /cut the padding off/,
  },
  {
    id: "conv2d-forward-padding-forgotten",
    what: "Conv2d's forward never pads the input",
    edits: [
      {
        file: "conv2d.ts",
        find: "return this.downsample.forward(this.conv.forward(pad(A, [[0, 0], [0, 0], [p, p], [p, p]])));",
        replace: "return this.downsample.forward(this.conv.forward(A));",
      },
    ],
    loses: ["conv2d.forward"],
    says: /Zero-pad by p on both sides/,
  },
  {
    id: "conv2d-dldw-flipped",
    what: "Conv2dStride1's dLdW comes out with the kernel flipped (convolution confused with correlation)",
    edits: [
      {
        file: "conv2d.ts",
        find: "this.dLdW = G.matmul(columns2d(A, K)).reshape([Cout, this.inChannels, K, K]);",
        replace: "this.dLdW = G.matmul(columns2d(A, K)).reshape([Cout, this.inChannels, K, K]).flip([2, 3]);",
      },
    ],
    loses: ["conv2d.stride1_backward_weight"],
    says: /reverse order along axes 2 and 3/,
  },
  {
    id: "convtranspose1d-kernel-not-flipped",
    what: "ConvTranspose1d swaps the weight's in/out axes but does not flip the kernel",
    edits: [{ file: "convtranspose.ts", find: "this.conv.W = this.W.transpose(0, 1).flip(2);", replace: "this.conv.W = this.W.transpose(0, 1);" }],
    loses: ["convtranspose.1d_forward"],
    says: /swapped AND the kernel flipped \(neither alone\)/,
  },
  {
    id: "convtranspose1d-fan-in-from-in-channels",
    what: "ConvTranspose1d's init bound uses inChannels·K (PyTorch uses the weight's second axis, outChannels)",
    edits: [{ file: "convtranspose.ts", find: "const k = 1 / Math.sqrt(outChannels * kernelSize);", replace: "const k = 1 / Math.sqrt(inChannels * kernelSize);" }],
    loses: ["convtranspose.1d_init"],
    says: /not Cin·K/,
  },
  {
    id: "maxpool-backward-whole-window",
    what: "MaxPool2dStride1 sends each gradient to every position of its window, not the arg-max",
    edits: [{ file: "pool.ts", find: "shifted(dLdA, p, q, Ho, Wo).iadd(dLdZ.mul(isMax));", replace: "shifted(dLdA, p, q, Ho, Wo).iadd(dLdZ);" }],
    loses: ["pool.max_stride1_backward"],
    says: /only to the arg-max of its window/,
  },
  {
    id: "meanpool-backward-summed",
    what: "MeanPool2dStride1's backward sums instead of averaging (no 1/K²)",
    edits: [{ file: "pool.ts", find: "const share = dLdZ.div(K * K);", replace: "const share = dLdZ;" }],
    loses: ["pool.mean_stride1_backward"],
    says: /factor K² = 4 missing or extra[\s\S]*averaged, not summed/,
  },
  {
    id: "scanning-weights-channel-major",
    what: "the MLP weight is reshaped to (out, C, K) directly, as if its input were channel-major",
    edits: [{ file: "scanning.ts", find: "return Wlin.reshape([Wlin.shape[0], K, C]).permute([0, 2, 1]).compact();", replace: "return Wlin.reshape([Wlin.shape[0], C, K]);" }],
    loses: ["scanning.simple_weights", "scanning.distributed_weights"],
    says: /time-major|channel-major|K, C/,
  },
  {
    id: "distributed-second-block",
    what: "the distributed MLP takes layer 2's weights from the second copy's columns",
    edits: [{ file: "scanning.ts", find: 'W[1].slice("0:8, 0:4")', replace: 'W[1].slice("0:8, 4:8")' }],
    loses: ["scanning.distributed_weights"],
    says: /first block|block/,
  },
  {
    id: "cnn-backward-skips-activation",
    what: "the CNN's backward skips the activations",
    edits: [{ file: "cnn.ts", find: "grad = this.convs[i].backward(this.activations[i].backward(grad));", replace: "grad = this.convs[i].backward(grad);" }],
    loses: ["cnn.backward"],
    says: /its activation's backward/,
  },
  {
    id: "downsample1d-starts-at-k-minus-1",
    what: "Downsample1d keeps positions k − 1, 2k − 1, … instead of 0, k, 2k, …",
    edits: [{ file: "resampling.ts", find: "return A.slice(null, null, { step: this.factor });", replace: "return A.slice(null, null, { start: this.factor - 1, step: this.factor });" }],
    loses: ["resampling.downsample1d_forward"],
    says: /starting at 0, not at k − 1/,
  },
  {
    id: "downsample1d-backward-length-k-wout",
    what: "Downsample1d's backward rebuilds the input length as k·Wout instead of caching it",
    edits: [{ file: "resampling.ts", find: "const dLdA = zeros([N, C, Win], { dtype: dLdZ.dtype, device: dLdZ.device });", replace: "const dLdA = zeros([N, C, this.factor * dLdZ.shape[2]], { dtype: dLdZ.dtype, device: dLdZ.device });" }],
    loses: ["resampling.downsample1d_backward"],
    says: /expected shape \[1,2,7\], got \[1,2,9\][\s\S]*not k·Wout/,
  },
  {
    id: "conv1d-forward-flips-kernel",
    what: "Conv1dStride1 flips the kernel in the forward pass (a convolution, not PyTorch's cross-correlation)",
    edits: [{ file: "conv1d.ts", find: "return correlate1d(A, this.W).add(this.b.reshape([this.outChannels, 1]));", replace: "return correlate1d(A, this.W.flip(2)).add(this.b.reshape([this.outChannels, 1]));" }],
    loses: ["conv1d.stride1_forward"],
    says: /do not flip the kernel in the forward pass/,
  },
  {
    id: "conv1d-backward-no-inout-swap",
    what: "Conv1dStride1's dLdA flips the kernel but does not swap its in/out axes",
    edits: [{ file: "conv1d.ts", find: "return correlate1d(dLdZpad, this.W.transpose(0, 1).flip(2));", replace: "return correlate1d(dLdZpad, this.W.flip(2));" }],
    loses: ["conv1d.stride1_backward_input"],
    says: /Cin=3, Cout=3[\s\S]*one without the other is wrong/,
  },
  {
    id: "convtranspose1d-flipped-not-swapped",
    what: "ConvTranspose1d flips the kernel but does not swap the weight's in/out axes",
    edits: [{ file: "convtranspose.ts", find: "this.conv.W = this.W.transpose(0, 1).flip(2);", replace: "this.conv.W = this.W.flip(2);" }],
    loses: ["convtranspose.1d_forward"],
    says: /Cin=3, Cout=3[\s\S]*\(neither alone\)/,
  },
  {
    id: "convtranspose1d-pads-k-minus-1-minus-p",
    what: "ConvTranspose1d pads by K − 1 − p and crops nothing, which fails when p ≥ K",
    edits: [
      {
        file: "convtranspose.ts",
        find: "    const U = pad(this.upsample.forward(A), [[0, 0], [0, 0], [K - 1, K - 1]]);\n    const Y = this.conv.forward(U);\n    return Y.slice(null, null, { start: p, stop: p + Lout });",
        replace: "    const U = pad(this.upsample.forward(A), [[0, 0], [0, 0], [K - 1 - p, K - 1 - p]]);\n    return this.conv.forward(U);",
      },
    ],
    loses: ["convtranspose.1d_forward"],
    says: /not K − 1 − p, which is negative when p ≥ K/,
    dies: { how: "exception", why: "the mistake is a negative pad width, which pad() rejects with an error naming the widths (on the public variant with p ≥ K): it never produces an output to compare" },
  },
  {
    id: "convtranspose1d-conv-weight-layout",
    what: "ConvTranspose1d draws W in a Conv's layout (Cout, Cin, K) instead of (Cin, Cout, K)",
    edits: [{ file: "convtranspose.ts", find: "this.W = params.W ?? drawParam([inChannels, outChannels, kernelSize], k, params);", replace: "this.W = params.W ?? drawParam([outChannels, inChannels, kernelSize], k, params);" }],
    loses: ["convtranspose.1d_init"],
    says: /not a Conv's \(Cout, Cin, K\)/,
    dies: { how: "exception", why: "the constructor's shape check (given complete in the stub) rejects a W of the wrong layout and names the layout it wants, before init returns anything" },
  },
  {
    id: "maxpool-backward-overwrites-overlap",
    what: "MaxPool2dStride1's backward assigns each window's gradient instead of adding where windows overlap",
    edits: [{ file: "pool.ts", find: "shifted(dLdA, p, q, Ho, Wo).iadd(dLdZ.mul(isMax));", replace: "shifted(dLdA, p, q, Ho, Wo).assign(dLdZ.mul(isMax));" }],
    loses: ["pool.max_stride1_backward"],
    says: /overlapping windows ADD their contributions/,
  },
  {
    id: "meanpool-backward-overwrites-overlap",
    what: "MeanPool2dStride1's backward assigns each window's share instead of adding where windows overlap",
    edits: [{ file: "pool.ts", find: "for (let q = 0; q < K; q++) shifted(dLdA, p, q, Ho, Wo).iadd(share);", replace: "for (let q = 0; q < K; q++) shifted(dLdA, p, q, Ho, Wo).assign(share);" }],
    loses: ["pool.mean_stride1_backward"],
    says: /overlapping windows add up \(iadd, not assign\)/,
  },
  {
    id: "scanning-relu-after-last-conv",
    what: "the scanning MLP applies a ReLU after its last convolution",
    edits: [
      {
        file: "scanning.ts",
        find: "  readonly conv3 = new Conv1d(16, 4, 1);\n  readonly layers: Layer[] = [this.conv1, new ReLU(), this.conv2, new ReLU(), this.conv3];",
        replace: "  readonly conv3 = new Conv1d(16, 4, 1);\n  readonly layers: Layer[] = [this.conv1, new ReLU(), this.conv2, new ReLU(), this.conv3, new ReLU()];",
      },
    ],
    loses: ["scanning.simple_forward"],
    says: /no ReLU after the last convolution/,
  },
  {
    id: "dropout2d-elementwise-mask",
    what: "Dropout2d draws one mask value per element instead of per channel",
    edits: [
      {
        file: "dropout2d.ts",
        find: "this.mask = this.rng.bernoulli(1 - this.p, [N, C], { dtype: x.dtype, device: x.device });",
        replace: "this.mask = this.rng.bernoulli(1 - this.p, x.shape, { dtype: x.dtype, device: x.device });",
      },
      { file: "dropout2d.ts", find: "return x.mul((this.mask as NDArray).reshape([N, C, 1, 1])).mul(scale);", replace: "return x.mul(this.mask as NDArray).mul(scale);" },
    ],
    loses: ["dropout2d.forward"],
    says: /one value per CHANNEL/,
  },
  {
    id: "batchnorm2d-running-var-biased",
    what: "BatchNorm2d keeps the biased variance in its running estimate",
    edits: [{ file: "batchnorm2d.ts", find: "iadd(Z.var(STAT_AXES, false, 1).mul(this.momentum))", replace: "iadd(Z.var(STAT_AXES).mul(this.momentum))" }],
    loses: ["batchnorm2d.train_forward"],
    says: /the unbiased one \(m\/\(m − 1\), m = N·H·W\) in runningVar/,
  },
  {
    id: "resblock-relu-before-sum",
    what: "the ResBlock applies its last ReLU to the main branch before adding the shortcut",
    edits: [{ file: "resblock.ts", find: "return this.relu2.forward(main.add(shortcut));", replace: "return this.relu2.forward(main).add(shortcut);" }],
    loses: ["resblock.forward"],
    says: /the last ReLU comes AFTER the sum/,
  },
];
