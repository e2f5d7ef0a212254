/**
 * Planted bugs in hw0: each is the reference with one small, named change, and the test
 * it must lose points in. mutants.test.ts grades every one of them.
 */
import type { Mutant } from "./mutant.js";

export const HW0_MUTANTS: Mutant[] = [
  {
    id: "onehot-shifted-classes",
    what: "oneHot compares with 1…k instead of 0…k−1",
    edits: [{ file: "practice.ts", find: "arange(0, k, 1,", replace: "arange(1, k + 1, 1," }],
    loses: ["practice.onehot"],
  },
  {
    id: "standardize-unbiased-variance",
    what: "standardize divides by the unbiased variance (N − 1)",
    edits: [{ file: "practice.ts", find: "const variance = X.var(0, true);", replace: "const variance = X.var(0, true, 1);" }],
    loses: ["practice.standardize"],
  },
  {
    id: "distances-no-factor-two",
    what: "the expansion ‖a‖² − 2a·b + ‖b‖² without its factor 2",
    edits: [{ file: "practice.ts", find: ".sub(cross.mul(2))", replace: ".sub(cross)" }],
    loses: ["practice.distances"],
  },
  {
    id: "error-rate-wrong-axis",
    what: "errorRate takes the argmax over the batch axis",
    edits: [{ file: "practice.ts", find: "return Z.argmax(1).ne(y)", replace: "return Z.argmax(0).ne(y)" }],
    loses: ["practice.error_rate"],
  },
  {
    id: "idx-little-endian",
    what: "parseIdx reads the sizes little-endian",
    edits: [{ file: "idx.ts", find: "view.getUint32(4 + 4 * i)", replace: "view.getUint32(4 + 4 * i, true)" }],
    loses: ["idx.parse"],
  },
  {
    id: "idx-no-gunzip",
    what: "parseIdx never decompresses gzip",
    edits: [{ file: "idx.ts", find: "      data = gunzipSync(data);", replace: "      data = bytes;" }],
    loses: ["idx.gzip"],
  },
  {
    id: "idx-ignores-type-byte",
    what: "parseIdx checks only the ndim byte of the magic number",
    edits: [{ file: "idx.ts", find: "  if (magic !== expected) {", replace: "  if ((magic & 0xff) !== ndim) {" }],
    loses: ["idx.bad_magic"],
  },
  {
    id: "idx-allows-trailing-bytes",
    what: "parseIdx ignores bytes after the data",
    edits: [
      { file: "idx.ts", find: "  if (present > count) {", replace: "  if (present < 0) {" },
      { file: "idx.ts", find: "Int32Array.from(data.subarray(headerBytes))", replace: "Int32Array.from(data.subarray(headerBytes, headerBytes + count))" },
    ],
    loses: ["idx.bad_size"],
  },
  {
    id: "normalize-not-scaled",
    what: "normalizeImages forgets to divide the pixels by 255",
    edits: [{ file: "normalize.ts", find: '.astype("float32").div(255)', replace: '.astype("float32")' }],
    loses: ["normalize.images"],
  },
  {
    id: "softmax-loss-no-max-shift",
    what: "softmaxLoss exponentiates the raw logits (overflow on large ones)",
    edits: [{ file: "softmax.ts", find: "const logSumExp = Z.sub(m).exp().sum(1, true).log().add(m);", replace: "const logSumExp = Z.exp().sum(1, true).log();" }],
    loses: ["softmax.loss_stable"],
  },
  {
    id: "softmax-gradient-not-mean",
    what: "softmaxLossGradient is not divided by the batch size",
    edits: [{ file: "softmax.ts", find: "return softmax.sub(oneHot(y, Z.shape[1])).div(Z.shape[0]);", replace: "return softmax.sub(oneHot(y, Z.shape[1]));" }],
    loses: ["softmax.gradient", "softmaxreg.gradient"],
  },
  {
    id: "regression-drops-last-batch",
    what: "softmaxRegressionEpoch skips the last, smaller minibatch",
    edits: [{ file: "regression.ts", find: "for (let start = 0; start < X.shape[0]; start += batch) {", replace: "for (let start = 0; start + batch <= X.shape[0]; start += batch) {" }],
    loses: ["softmaxreg.epoch"],
  },
  {
    id: "regression-not-in-place",
    what: "softmaxRegressionEpoch rebinds a local θ instead of updating it in place",
    edits: [
      { file: "regression.ts", find: "  for (let start = 0; start < X.shape[0]; start += batch) {\n    const rows", replace: "  let th = theta;\n  for (let start = 0; start < X.shape[0]; start += batch) {\n    const rows" },
      { file: "regression.ts", find: "    theta.isub(softmaxRegressionGradient(X.slice(rows), y.slice(rows), theta).mul(lr));", replace: "    th = th.sub(softmaxRegressionGradient(X.slice(rows), y.slice(rows), th).mul(lr));" },
    ],
    loses: ["softmaxreg.epoch"],
  },
  {
    id: "twolayer-no-relu-mask",
    what: "twoLayerGradients backpropagates through ReLU without its mask",
    edits: [{ file: "twolayer.ts", find: "const G1 = G2.matmul(W2.transpose()).mul(Z1.gt(0));", replace: "const G1 = G2.matmul(W2.transpose());" }],
    loses: ["twolayer.gradients"],
  },
  {
    id: "twolayer-stale-order",
    what: "twoLayerEpoch updates W2 before computing W1's gradient",
    edits: [
      {
        file: "twolayer.ts",
        find: "    const { dLdW1, dLdW2 } = twoLayerGradients(X.slice(rows), y.slice(rows), W1, W2);\n    W1.isub(dLdW1.mul(lr));\n    W2.isub(dLdW2.mul(lr));",
        replace: "    W2.isub(twoLayerGradients(X.slice(rows), y.slice(rows), W1, W2).dLdW2.mul(lr));\n    W1.isub(twoLayerGradients(X.slice(rows), y.slice(rows), W1, W2).dLdW1.mul(lr));",
      },
    ],
    loses: ["twolayer.epoch"],
  },
  {
    id: "gradcheck-divides-by-eps",
    what: "numericalGradient divides the central difference by eps instead of 2·eps",
    edits: [{ file: "gradcheck.ts", find: "grad[i] = (plus - minus) / (2 * eps);", replace: "grad[i] = (plus - minus) / eps;" }],
    loses: ["gradcheck.values"],
  },
  {
    id: "gradcheck-float32",
    what: "numericalGradient perturbs x in its own dtype (float32 rounds the step away)",
    edits: [
      { file: "gradcheck.ts", find: 'const values = x.astype("float64", true).toTypedArray();', replace: "const values = x.clone().toTypedArray();" },
    ],
    loses: ["gradcheck.float32_input"],
  },
  {
    id: "gradcheck-perturbs-input",
    what: "numericalGradient writes each perturbation into the caller's x and leaves it there",
    edits: [
      {
        file: "gradcheck.ts",
        find: "    values[i] = original;\n",
        replace: "    values[i] = original;\n    x.reshape([-1]).slice(i).assign(original - eps);\n",
      },
    ],
    loses: ["gradcheck.input_unchanged"],
  },
];
