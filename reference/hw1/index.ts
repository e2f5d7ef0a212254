/** hw1 (MLPs), reference solutions: every layer, loss, optimiser, initialiser and model, re-exported. */
export * from "./activation.js";
export * from "./autograd/index.js";
export * from "./batchnorm.js";
export * from "./dropout.js";
export * from "./errors.js";
export * from "./init.js";
export * from "./layernorm.js";
export * from "./linear.js";
export * from "./loss.js";
export * from "./models.js";
export * from "./module.js";
export * from "./optim.js";
export * from "./resnet.js";
