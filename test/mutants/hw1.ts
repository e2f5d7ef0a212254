/**
 * Planted bugs in hw1: each is the reference with one small, named change, and the test
 * it must lose points in. mutants.test.ts grades every one of them.
 */
import type { Mutant } from "./mutant.js";

export const HW1_MUTANTS: Mutant[] = [
  {
    id: "sigmoid-backward-sign",
    what: "sign flip in Sigmoid's gradient",
    edits: [{ file: "activation.ts", find: "return dLdA.mul(A.mul(A.neg().add(1)));", replace: "return dLdA.mul(A.mul(A.neg().add(1))).neg();" }],
    loses: ["sigmoid.backward"],
  },
  {
    id: "relu-backward-by-value",
    what: "ReLU backward multiplies by A instead of by the mask A > 0",
    edits: [{ file: "activation.ts", find: "return dLdA.mul(A.gt(0));", replace: "return dLdA.mul(A);" }],
    loses: ["relu.backward"],
  },
  {
    id: "softmax-no-max-shift",
    what: "softmax without the max shift, overflowing on large logits",
    edits: [{ file: "activation.ts", find: "const E = Z.sub(Z.max(-1, true)).exp();", replace: "const E = Z.exp();" }],
    loses: ["softmax.forward"],
  },
  {
    id: "linear-dldw-no-transpose",
    what: "dLdW computed as Aᵀ·dLdZ (the transpose of the right answer)",
    edits: [{ file: "linear.ts", find: "this.dLdW = dLdZ.transpose().matmul(A);", replace: "this.dLdW = A.transpose().matmul(dLdZ);" }],
    loses: ["linear.backward_weight"],
  },
  {
    id: "linear-forgot-dldb",
    what: "Linear.backward never stores dLdb",
    edits: [{ file: "linear.ts", find: "this.dLdb = dLdZ.sum(0);", replace: "" }],
    loses: ["linear.backward_bias"],
  },
  {
    id: "cross-entropy-backward-not-mean",
    what: "cross-entropy gradient not divided by the batch size",
    edits: [{ file: "loss.ts", find: "return softmax.sub(T).div(softmax.shape[0]);", replace: "return softmax.sub(T);" }],
    loses: ["crossentropy.backward"],
  },
  {
    id: "sgd-momentum-before-decay",
    what: "SGD adds weight decay after momentum instead of before it",
    edits: [
      { file: "optim.ts", find: "      if (this.weightDecay !== 0) g = g.add(p.data.mul(this.weightDecay));\n      if (this.momentum", replace: "      if (this.momentum" },
      {
        file: "optim.ts",
        find: "      p.data.isub(g.mul(this.lr));",
        replace: "      if (this.weightDecay !== 0) g = g.add(p.data.mul(this.weightDecay));\n      p.data.isub(g.mul(this.lr));",
      },
    ],
    loses: ["sgd.weight_decay"],
  },
  {
    id: "adam-no-bias-correction",
    what: "Adam without bias correction",
    edits: [{ file: "optim.ts", find: "const mHat = m.div(1 - beta1 ** t);\n    const vHat = v.div(1 - beta2 ** t);", replace: "const mHat = m;\n    const vHat = v;" }],
    loses: ["adam.steps"],
  },
  {
    id: "adamw-coupled-decay",
    what: "AdamW folds the decay into the gradient (that is Adam with weight decay)",
    edits: [
      {
        file: "optim.ts",
        find: "p.data.imul(1 - this.lr * this.weightDecay);\n      this.update(i, p.data, g);",
        replace: "this.update(i, p.data, g.add(p.data.mul(this.weightDecay)));",
      },
    ],
    loses: ["adamw.steps"],
  },
  {
    id: "batchnorm-running-var-biased",
    what: "BatchNorm keeps the biased variance in its running estimate",
    edits: [{ file: "batchnorm.ts", find: "iadd(Z.var(0, false, 1).mul(this.momentum))", replace: "iadd(Z.var(0).mul(this.momentum))" }],
    loses: ["batchnorm.running_stats"],
  },
  {
    id: "batchnorm-normalise-unbiased",
    what: "BatchNorm normalises with the unbiased batch variance",
    edits: [{ file: "batchnorm.ts", find: "V = Z.var(0);", replace: "V = Z.var(0, false, 1);" }],
    loses: ["batchnorm.train_forward"],
  },
  {
    id: "batchnorm-dldw-unnormalised",
    what: "BatchNorm's dLdW sums dLdBZ without multiplying by the normalised input",
    edits: [{ file: "batchnorm.ts", find: "this.dLdW = dLdBZ.mul(NZ).sum(0);", replace: "this.dLdW = dLdBZ.sum(0);" }],
    loses: ["batchnorm.param_grads"],
  },
  {
    id: "dropout-backward-no-scale",
    what: "Dropout backward without the 1/(1 − p) scale",
    edits: [{ file: "dropout.ts", find: "return dLdy.mul(this.mask).mul(scale);", replace: "return dLdy.mul(this.mask);" }],
    loses: ["dropout.backward"],
  },
  {
    id: "sequential-backward-forward-order",
    what: "a model's backward walks the layers first to last",
    edits: [
      {
        file: "models.ts",
        find: "for (let l = this.layers.length - 1; l >= 0; l--) grad = this.layers[l].backward(grad);",
        replace: "for (const layer of this.layers) grad = layer.backward(grad);",
      },
    ],
    loses: ["mlp4.backward"],
  },
  // §8 autograd (bonus)
  {
    id: "autograd-overwrite-reused-grad",
    what: "a tensor used twice keeps only the last gradient it receives (set, not added)",
    edits: [{ file: "autograd/backward.ts", find: "grads.set(parent, sofar === undefined ? pg : sofar.add(pg));", replace: "grads.set(parent, pg);" }],
    loses: ["autograd.diamond"],
  },
  {
    id: "autograd-preorder",
    what: "nodes processed in depth-first pre-order from the output, so a reused tensor passes its gradient on before all its uses have added to it",
    edits: [
      { file: "autograd/backward.ts", find: "    for (const parent of t.parents) visit(parent);\n    order.push(t);", replace: "    order.push(t);\n    for (const parent of t.parents) visit(parent);" },
      { file: "autograd/backward.ts", find: "for (let i = order.length - 1; i >= 0; i--) {", replace: "for (let i = 0; i < order.length; i++) {" },
    ],
    loses: ["autograd.diamond"],
  },
  {
    id: "autograd-no-unbroadcast",
    what: "gradients of broadcast operands are not summed back to the operand's shape",
    edits: [{ file: "autograd/broadcast.ts", find: "  if (axes.length === 0) return grad;\n  return grad.sum(axes, true).reshape(shape);", replace: "  return grad;" }],
    loses: ["autograd.broadcasting", "autograd.mlp_step"],
  },
  {
    id: "autograd-unbroadcast-leading-only",
    what: "unbroadcast sums the new leading axes but not the size-1 axes",
    edits: [{ file: "autograd/broadcast.ts", find: "(i < lead || (shape[i - lead] === 1 && d !== 1) ? [i] : [])", replace: "(i < lead ? [i] : [])" }],
    loses: ["autograd.broadcasting"],
  },
  {
    id: "autograd-matmul-linear-style",
    what: "matmul's dL/dB computed as Gᵀ·A (Linear's dLdW formula) instead of Aᵀ·G",
    edits: [{ file: "autograd/matmul.ts", find: "unbroadcast(a.data.transpose(-1, -2).matmul(G), b.shape)", replace: "unbroadcast(G.transpose(-1, -2).matmul(a.data), b.shape)" }],
    loses: ["autograd.matmul"],
  },
  {
    id: "autograd-mean-not-divided",
    what: "mean's gradient not divided by the number of elements averaged",
    edits: [{ file: "autograd/reduce.ts", find: "[expandReduced(G, a.shape, axis, keepdims).div(n)]", replace: "[expandReduced(G, a.shape, axis, keepdims)]" }],
    loses: ["autograd.reductions"],
  },
  {
    id: "autograd-sum-reduced-axes-not-restored",
    what: "a reduction's gradient is broadcast without putting the reduced axes back",
    edits: [{ file: "autograd/reduce.ts", find: "const kept = keepdims ? G : G.reshape(shape.map((d, i) => (axes.includes(i) ? 1 : d)));", replace: "const kept = G;" }],
    loses: ["autograd.reductions"],
  },
  {
    id: "autograd-logsumexp-no-shift",
    what: "logsumexp without the max shift, overflowing on large inputs",
    edits: [{ file: "autograd/reduce.ts", find: "const kept = a.data.sub(m).exp().sum(axis, true).log().add(m);", replace: "const kept = a.data.exp().sum(axis, true).log();" }],
    loses: ["autograd.logsumexp"],
  },
  {
    id: "autograd-tanh-derivative-of-input",
    what: "tanh's derivative written 1 − A² with the input A instead of the output Y",
    edits: [{ file: "autograd/unary.ts", find: "[G.mul(Y.mul(Y).neg().add(1))]", replace: "[G.mul(a.data.mul(a.data).neg().add(1))]" }],
    loses: ["autograd.unary"],
  },
  {
    id: "autograd-div-denominator-sign",
    what: "div's gradient for the denominator without its minus sign",
    edits: [{ file: "autograd/elementwise.ts", find: "unbroadcast(G.mul(A.data).div(B.data.mul(B.data)).neg(), B.shape)", replace: "unbroadcast(G.mul(A.data).div(B.data.mul(B.data)), B.shape)" }],
    loses: ["autograd.elementwise"],
  },
  {
    id: "autograd-transpose-backward-reverses",
    what: "transpose's gradient reverses every axis instead of swapping the same two back",
    edits: [{ file: "autograd/shapes.ts", find: "[G.transpose(dim0, dim1)]", replace: "[G.transpose()]" }],
    loses: ["autograd.shapes"],
  },
  {
    id: "autograd-no-grad-records",
    what: "noGrad runs fn without switching gradient recording off",
    edits: [{ file: "autograd/tensor.ts", find: "  gradEnabled = false;\n  try {", replace: "  try {" }],
    loses: ["autograd.no_grad"],
  },
];
