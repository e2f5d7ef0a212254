/** The hw1 bonus, reverse-mode autograd: Tensor, noGrad, the backward pass and the ops. See handouts/hw1.md §8. */
export * from "./backward.js";
export * from "./broadcast.js";
export * from "./elementwise.js";
export * from "./matmul.js";
export * from "./reduce.js";
export * from "./shapes.js";
export * from "./tensor.js";
export * from "./unary.js";
