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
    says: /Compare y as a column \(N, 1\) with arange\(k\)/,
  },
  {
    id: "standardize-unbiased-variance",
    what: "standardize divides by the unbiased variance (N − 1)",
    edits: [{ file: "practice.ts", find: "const variance = X.var(0, true);", replace: "const variance = X.var(0, true, 1);" }],
    loses: ["practice.standardize"],
    says: /biased variance \(divide by N\)/,
  },
  {
    id: "distances-no-factor-two",
    what: "the expansion ‖a‖² − 2a·b + ‖b‖² without its factor 2",
    edits: [{ file: "practice.ts", find: ".sub(cross.mul(2))", replace: ".sub(cross)" }],
    loses: ["practice.distances"],
    says: /keeps its factor 2/,
  },
  {
    id: "error-rate-wrong-axis",
    what: "errorRate takes the argmax over the batch axis",
    edits: [{ file: "practice.ts", find: "return Z.argmax(1).ne(y)", replace: "return Z.argmax(0).ne(y)" }],
    loses: ["practice.error_rate"],
    says: /N=7, k=7[\s\S]*not axis 0/,
  },
  {
    id: "idx-little-endian",
    what: "parseIdx reads the sizes little-endian",
    edits: [{ file: "idx.ts", find: "view.getUint32(4 + 4 * i)", replace: "view.getUint32(4 + 4 * i, true)" }],
    loses: ["idx.parse"],
    says: /big-endian/,
    dies: { how: "exception", why: "parseIdx checks the sizes it reads against the bytes present, so sizes read little-endian make the student's own parseIdx throw IdxFormatError on a valid file, naming the absurd size it read; the suite cannot turn a rejection of a valid file into a value without a new output" },
  },
  {
    id: "idx-no-gunzip",
    what: "parseIdx never decompresses gzip",
    edits: [{ file: "idx.ts", find: "      data = gunzipSync(data);", replace: "      data = bytes;" }],
    loses: ["idx.gzip"],
    says: /0x1f 0x8b is gzip/,
    dies: { how: "exception", why: "without gunzip the gzip header fails the student's own magic-number check, so parseIdx throws IdxFormatError naming the magic 0x1f8b…, which is the mistake itself" },
  },
  {
    id: "idx-ignores-type-byte",
    what: "parseIdx checks only the ndim byte of the magic number",
    edits: [{ file: "idx.ts", find: "  if (magic !== expected) {", replace: "  if ((magic & 0xff) !== ndim) {" }],
    loses: ["idx.bad_magic"],
    says: /all four magic bytes/,
  },
  {
    id: "idx-allows-trailing-bytes",
    what: "parseIdx ignores bytes after the data",
    edits: [
      { file: "idx.ts", find: "  if (present > count) {", replace: "  if (present < 0) {" },
      { file: "idx.ts", find: "Int32Array.from(data.subarray(headerBytes))", replace: "Int32Array.from(data.subarray(headerBytes, headerBytes + count))" },
    ],
    loses: ["idx.bad_size"],
    says: /fewer and more are both errors/,
  },
  {
    id: "normalize-not-scaled",
    what: "normalizeImages forgets to divide the pixels by 255",
    edits: [{ file: "normalize.ts", find: '.astype("float32").div(255)', replace: '.astype("float32")' }],
    loses: ["normalize.images"],
    says: /divide by 255/,
  },
  {
    id: "softmax-loss-no-max-shift",
    what: "softmaxLoss exponentiates the raw logits (overflow on large ones)",
    edits: [{ file: "softmax.ts", find: "const logSumExp = Z.sub(m).exp().sum(1, true).log().add(m);", replace: "const logSumExp = Z.exp().sum(1, true).log();" }],
    loses: ["softmax.loss_stable"],
    says: /∞ in 1 place[\s\S]*Shift by the row maximum/,
  },
  {
    id: "softmax-gradient-not-mean",
    what: "softmaxLossGradient is not divided by the batch size",
    edits: [{ file: "softmax.ts", find: "return softmax.sub(oneHot(y, Z.shape[1])).div(Z.shape[0]);", replace: "return softmax.sub(oneHot(y, Z.shape[1]));" }],
    loses: ["softmax.gradient", "softmaxreg.gradient"],
    says: /factor N = 4 missing or extra[\s\S]*\/ N/,
  },
  {
    id: "regression-drops-last-batch",
    what: "softmaxRegressionEpoch skips the last, smaller minibatch",
    edits: [{ file: "regression.ts", find: "for (let start = 0; start < X.shape[0]; start += batch) {", replace: "for (let start = 0; start + batch <= X.shape[0]; start += batch) {" }],
    loses: ["softmaxreg.epoch"],
    says: /keep the last, smaller minibatch/,
  },
  {
    id: "regression-not-in-place",
    what: "softmaxRegressionEpoch rebinds a local θ instead of updating it in place",
    edits: [
      { file: "regression.ts", find: "  for (let start = 0; start < X.shape[0]; start += batch) {\n    const rows", replace: "  let th = theta;\n  for (let start = 0; start < X.shape[0]; start += batch) {\n    const rows" },
      { file: "regression.ts", find: "    theta.isub(softmaxRegressionGradient(X.slice(rows), y.slice(rows), theta).mul(lr));", replace: "    th = th.sub(softmaxRegressionGradient(X.slice(rows), y.slice(rows), th).mul(lr));" },
    ],
    loses: ["softmaxreg.epoch"],
    says: /theta = theta\.sub\(…\) only rebinds a local name/,
  },
  {
    id: "twolayer-no-relu-mask",
    what: "twoLayerGradients backpropagates through ReLU without its mask",
    edits: [{ file: "twolayer.ts", find: "const G1 = G2.matmul(W2.transpose()).mul(Z1.gt(0));", replace: "const G1 = G2.matmul(W2.transpose());" }],
    loses: ["twolayer.gradients"],
    says: /not left out/,
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
    says: /W2 updated before W1's gradient is computed is wrong/,
  },
  {
    id: "onehot-returns-bool",
    what: "oneHot returns the comparison's booleans, not float32",
    edits: [{ file: "practice.ts", find: 'return y.reshape([-1, 1]).eq(classes).astype("float32");', replace: "return y.reshape([-1, 1]).eq(classes);" }],
    loses: ["practice.onehot"],
    says: /expected dtype float32, got bool; the values match[\s\S]*cast the booleans to float32/,
  },
  {
    id: "standardize-wrong-axis",
    what: "standardize takes the mean over axis 1 (each row) instead of axis 0",
    edits: [{ file: "practice.ts", find: "const mean = X.mean(0, true);", replace: "const mean = X.mean(1, true);" }],
    loses: ["practice.standardize"],
    says: /Reduce over axis 0 \(the rows\)/,
  },
  {
    id: "idx-zlib-error-escapes",
    what: "parseIdx lets zlib's own error escape on a damaged gzip file instead of throwing IdxFormatError",
    edits: [{ file: "idx.ts", find: "      throw new IdxFormatError(source, `starts like gzip but does not decompress", replace: "      throw err;\n      throw new IdxFormatError(source, `starts like gzip but does not decompress" }],
    loses: ["idx.bad_size"],
    says: /turn a gunzip failure into IdxFormatError/,
    dies: {
      how: "exception",
      why: "a rejection is an IdxFormatError by the handout's contract; any other error is shown as what it is (zlib's Error and its message), which names the mistake, while a stub's NotImplementedError must still read 'not attempted'",
    },
  },
  {
    id: "idx-dataview-no-offset",
    what: "parseIdx makes its DataView over bytes.buffer without bytes.byteOffset",
    edits: [{ file: "idx.ts", find: "const view = new DataView(data.buffer, data.byteOffset, data.byteLength);", replace: "const view = new DataView(data.buffer);" }],
    loses: ["idx.parse"],
    says: /must start at bytes\.byteOffset/,
    dies: {
      how: "exception",
      why: "reading the header from the wrong bytes fails the student's own magic-number check on a valid file, so parseIdx throws IdxFormatError before returning anything a value check could see",
    },
  },
  {
    id: "regression-last-batch-divided-by-batch",
    what: "softmaxRegressionEpoch averages the last, smaller minibatch's gradient over `batch` rows instead of its own",
    edits: [
      {
        file: "regression.ts",
        find: "theta.isub(softmaxRegressionGradient(X.slice(rows), y.slice(rows), theta).mul(lr));",
        replace: "theta.isub(softmaxRegressionGradient(X.slice(rows), y.slice(rows), theta).mul((lr * X.slice(rows).shape[0]) / batch));",
      },
    ],
    loses: ["softmaxreg.epoch"],
    says: /divided by its own size, not by batch/,
  },
  {
    id: "twolayer-mask-from-output",
    what: "twoLayerGradients multiplies by ReLU's output instead of by the 0/1 mask of its input",
    edits: [{ file: "twolayer.ts", find: "const G1 = G2.matmul(W2.transpose()).mul(Z1.gt(0));", replace: "const G1 = G2.matmul(W2.transpose()).mul(A1);" }],
    loses: ["twolayer.gradients"],
    says: /not ReLU's output times anything/,
  },
  {
    id: "gradcheck-divides-by-eps",
    what: "numericalGradient divides the central difference by eps instead of 2·eps",
    edits: [{ file: "gradcheck.ts", find: "grad[i] = (plus - minus) / (2 * eps);", replace: "grad[i] = (plus - minus) / eps;" }],
    loses: ["gradcheck.values"],
    says: /every value is 2× the expected one[\s\S]*\(2·eps\)/,
  },
  {
    id: "gradcheck-float32",
    what: "numericalGradient perturbs x in its own dtype (float32 rounds the step away)",
    edits: [
      { file: "gradcheck.ts", find: 'const values = x.astype("float64", true).toTypedArray();', replace: "const values = x.clone().toTypedArray();" },
    ],
    loses: ["gradcheck.float32_input"],
    says: /copy x to float64/,
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
    says: /modified its input `x`[\s\S]*never x itself/,
  },
];
