// @ts-nocheck -- AssemblyScript, compiled by asc (npm run build:wasm), not by tsc.
/**
 * The module's heap and the argument area.
 *
 * Every cpu buffer lives in this module's linear memory (TLSF, AssemblyScript's minimal
 * runtime allocator), so kernels read their operands where they are: no per-op copy in.
 * Shapes and strides do not fit in wasm parameters, so the host writes them into one fixed
 * area of i32 slots before a call: the shape from SHAPE, the strides of up to three operands
 * from STRIDES_A, STRIDES_B and STRIDES_OUT, each MAX_DIMS long (in elements).
 */
export const MAX_DIMS: i32 = 32;
const AREA: usize = memory.data(4 * MAX_DIMS * 8, 16);
export const SHAPE: usize = AREA;
export const STRIDES_A: usize = AREA + 4 * MAX_DIMS;
export const STRIDES_B: usize = AREA + 8 * MAX_DIMS;
export const STRIDES_OUT: usize = AREA + 12 * MAX_DIMS;
/** The odometer of the walk in progress (kernels are never re-entered), and what each carry adds. */
export const INDEX: usize = AREA + 16 * MAX_DIMS;
export const CARRY_A: usize = AREA + 20 * MAX_DIMS;
export const CARRY_B: usize = AREA + 24 * MAX_DIMS;
export const CARRY_OUT: usize = AREA + 28 * MAX_DIMS;

/** Where the host writes shapes and strides (see above). */
export function args(): usize {
  return AREA;
}

/** A zero-filled block of `bytes`, 16-byte aligned; traps when memory cannot grow. */
export function alloc(bytes: usize): usize {
  const p = heap.alloc(bytes);
  memory.fill(p, 0, bytes);
  return p;
}

/** A block of `bytes` whose contents are whatever was there (for scratch the caller overwrites). */
export function scratch(bytes: usize): usize {
  return heap.alloc(bytes);
}

export function release(p: usize): void {
  heap.free(p);
}

@inline export function dim(base: usize, i: i32): i32 {
  return load<i32>(base + (<usize>i << 2));
}
