// @ts-nocheck -- AssemblyScript, compiled by asc (npm run build:wasm), not by tsc.
/**
 * The cpu device's WebAssembly kernels (the entry asc compiles): memory and argument area,
 * strided copies, element-wise ops, reductions and matmul. ndarray/devices/cpu/ calls them.
 */
export { alloc, args, release, scratch } from "./memory";
export { castCopy, copy8, copy32, copy64 } from "./strided";
export { binaryF32, binaryF64, compareF32, compareF64, compareScalarF32, compareScalarF64, scalarF32, scalarF64, unaryF32, unaryF64 } from "./ewise";
export { reduceF32, reduceF64 } from "./reduce";
export { matmulF32, matmulF64 } from "./matmul";
