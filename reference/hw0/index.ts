/** hw0 (warm-up), reference solutions: NDArray practice, IDX parsing, softmax regression, a two-layer network, gradient checking. */
export * from "./errors.js";
export * from "./gradcheck.js";
export * from "./idx.js";
export * from "./normalize.js";
export * from "./practice.js";
export * from "./regression.js";
export * from "./softmax.js";
export * from "./twolayer.js";
