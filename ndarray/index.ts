/** The NDArray library: one array type, two devices. Homeworks import it as "#ndarray". */
export * from "./allclose.js";
export * from "./creation.js";
export * from "./device.js";
export * from "./devices/index.js";
export * from "./dtype.js";
export * from "./errors.js";
export * from "./generator.js";
export * from "./indexing.js";
export * from "./join.js";
export * from "./ndarray.js";
export * from "./npy.js";
export * from "./shape.js";
