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
    loses: ["downsample1d.forward"],
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
    loses: ["upsample2d.forward"],
  },
  {
    id: "conv1d-backward-kernel-not-flipped",
    what: "Conv1dStride1's dLdA convolves with the transposed kernel but forgets to flip it",
    edits: [{ file: "conv1d.ts", find: "return correlate1d(dLdZpad, this.W.transpose(0, 1).flip(2));", replace: "return correlate1d(dLdZpad, this.W.transpose(0, 1));" }],
    loses: ["conv1d.stride1_backward_input"],
  },
  {
    id: "conv1d-bias-grad-not-summed-over-space",
    what: "Conv1dStride1's dLdb sums over the batch only, not over positions",
    edits: [{ file: "conv1d.ts", find: "this.dLdb = dLdZ.sum([0, 2]);", replace: "this.dLdb = dLdZ.sum(0);" }],
    loses: ["conv1d.stride1_backward_bias"],
  },
  {
    id: "conv1d-backward-padding-kept",
    what: "Conv1d's backward returns the gradient of the padded input (padding not cut off)",
    edits: [{ file: "conv1d.ts", find: "return dLdApad.slice(null, null, { start: p, stop: dLdApad.shape[2] - p });", replace: "return dLdApad;" }],
    loses: ["conv1d.backward_input"],
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
  },
  {
    id: "convtranspose1d-kernel-not-flipped",
    what: "ConvTranspose1d swaps the weight's in/out axes but does not flip the kernel",
    edits: [{ file: "conv-transpose.ts", find: "this.conv.W = this.W.transpose(0, 1).flip(2);", replace: "this.conv.W = this.W.transpose(0, 1);" }],
    loses: ["convtranspose1d.forward"],
  },
  {
    id: "convtranspose1d-fan-in-from-in-channels",
    what: "ConvTranspose1d's init bound uses inChannels·K (PyTorch uses the weight's second axis, outChannels)",
    edits: [{ file: "conv-transpose.ts", find: "const k = 1 / Math.sqrt(outChannels * kernelSize);", replace: "const k = 1 / Math.sqrt(inChannels * kernelSize);" }],
    loses: ["convtranspose1d.init"],
  },
  {
    id: "maxpool-backward-whole-window",
    what: "MaxPool2dStride1 sends each gradient to every position of its window, not the arg-max",
    edits: [{ file: "pool.ts", find: "shifted(dLdA, p, q, Ho, Wo).iadd(dLdZ.mul(isMax));", replace: "shifted(dLdA, p, q, Ho, Wo).iadd(dLdZ);" }],
    loses: ["maxpool.stride1_backward"],
  },
  {
    id: "meanpool-backward-summed",
    what: "MeanPool2dStride1's backward sums instead of averaging (no 1/K²)",
    edits: [{ file: "pool.ts", find: "const share = dLdZ.div(K * K);", replace: "const share = dLdZ;" }],
    loses: ["meanpool.stride1_backward"],
  },
  {
    id: "scanning-weights-channel-major",
    what: "the MLP weight is reshaped to (out, C, K) directly, as if its input were channel-major",
    edits: [{ file: "scanning-mlp.ts", find: "return Wlin.reshape([Wlin.shape[0], K, C]).permute([0, 2, 1]).compact();", replace: "return Wlin.reshape([Wlin.shape[0], C, K]);" }],
    loses: ["scanning.simple_weights", "scanning.distributed_weights"],
  },
  {
    id: "distributed-second-block",
    what: "the distributed MLP takes layer 2's weights from the second copy's columns",
    edits: [{ file: "scanning-mlp.ts", find: 'W[1].slice("0:8, 0:4")', replace: 'W[1].slice("0:8, 4:8")' }],
    loses: ["scanning.distributed_weights"],
  },
  {
    id: "cnn-backward-skips-activation",
    what: "the CNN's backward skips the activations",
    edits: [{ file: "cnn.ts", find: "grad = this.convs[i].backward(this.activations[i].backward(grad));", replace: "grad = this.convs[i].backward(grad);" }],
    loses: ["cnn.backward"],
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
    ],
    loses: ["dropout2d.forward"],
  },
  {
    id: "batchnorm2d-running-var-biased",
    what: "BatchNorm2d keeps the biased variance in its running estimate",
    edits: [{ file: "batchnorm2d.ts", find: "iadd(Z.var(STAT_AXES, false, 1).mul(this.momentum))", replace: "iadd(Z.var(STAT_AXES).mul(this.momentum))" }],
    loses: ["batchnorm2d.train_forward"],
  },
  {
    id: "resblock-relu-before-sum",
    what: "the ResBlock applies its last ReLU to the main branch before adding the shortcut",
    edits: [{ file: "resblock.ts", find: "return this.relu2.forward(main.add(shortcut));", replace: "return this.relu2.forward(main).add(shortcut);" }],
    loses: ["resblock.forward"],
  },
];
