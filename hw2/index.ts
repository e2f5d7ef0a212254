/** hw2 (CNNs): resampling, convolutions, transposed convolutions, pooling, scanning MLPs, a CNN; bonus layers. */
export * from "./batchnorm2d.js";
export * from "./cnn.js";
export * from "./conv1d.js";
export * from "./conv2d.js";
export * from "./convtranspose.js";
export * from "./data.js";
export * from "./dropout2d.js";
export * from "./errors.js";
export * from "./flatten.js";
export * from "./layers.js";
export * from "./pool.js";
export * from "./resampling.js";
export * from "./resblock.js";
export * from "./scanning.js";
export * from "./transforms.js";
