/** hw1 (MLPs), reference solutions: every layer, loss, optimiser and model, re-exported. */
export * from "./activation.js";
export * from "./autograd/index.js";
export * from "./batchnorm.js";
export * from "./dropout.js";
export * from "./errors.js";
export * from "./linear.js";
export * from "./loss.js";
export * from "./models.js";
export * from "./optim.js";
