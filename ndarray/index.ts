/**
 * The NDArray library: one array type, two devices. Homeworks import it as "#ndarray".
 *
 * This list is the public surface, and every function and method on it checks its
 * arguments at run time (test/ndarray/api-validation.test.ts enumerates it). The shape,
 * index and dtype plumbing the library uses inside stays out of it.
 */
export { allclose, arrayEqual, type CloseOptions } from "./allclose.js";
export { arange, array, eye, full, fullLike, linspace, ones, onesLike, zeros, zerosLike, type ArrayOptions } from "./creation.js";
export * from "./device.js";
export * from "./devices/index.js";
export { DEFAULT_FLOAT, DTYPES, isFloat, promoteTypes, typedArrayFor, type DType, type TypedArray } from "./dtype.js";
export * from "./errors.js";
export { Generator, type ChoiceOptions, type DrawOptions } from "./generator.js";
export type { Index, Slice } from "./indexing.js";
export * from "./join.js";
export { NDArray, where, type Axes, type NestedArray, type Operand } from "./ndarray.js";
export * from "./npy.js";
export * from "./ops.js";
export { manualSeed, rand, randn } from "./random.js";
export { normalizeAxes, type Shape } from "./shape.js";
