// @ts-nocheck -- AssemblyScript, compiled by asc (npm run build:wasm), not by tsc.
/**
 * The odometer every strided kernel walks its outer axes with.
 *
 * A kernel handles its innermost axis (or two) in tight loops and steps through the rest
 * with `step`, which says which axis moved; the operand pointers then move by that axis's
 * carry, precomputed by `carries`: the axis's stride less what the axes inside it had walked.
 * So a step costs one add per operand, however deep the view, and never a multiplication.
 */
import { CARRY_A, CARRY_B, CARRY_OUT, INDEX, SHAPE, STRIDES_A, STRIDES_B, STRIDES_OUT, dim } from "./memory";

function carriesOf(strides: usize, carry: usize, outer: i32): void {
  let back: i32 = 0;
  for (let ax = outer - 1; ax >= 0; ax--) {
    const s = dim(strides, ax);
    store<i32>(carry + (<usize>ax << 2), s - back);
    back += s * (dim(SHAPE, ax) - 1);
  }
}

/** Resets the odometer over axes [0, outer) and computes every operand's carries. */
export function carries(outer: i32): void {
  carriesOf(STRIDES_A, CARRY_A, outer);
  carriesOf(STRIDES_B, CARRY_B, outer);
  carriesOf(STRIDES_OUT, CARRY_OUT, outer);
  memory.fill(INDEX, 0, <usize>outer << 2);
}

/** Advances the odometer over axes [0, outer): the axis that moved, or -1 when the walk is over. */
@inline export function step(outer: i32): i32 {
  let ax = outer - 1;
  while (ax >= 0) {
    const at = INDEX + (<usize>ax << 2);
    const i = load<i32>(at) + 1;
    if (i < dim(SHAPE, ax)) {
      store<i32>(at, i);
      return ax;
    }
    store<i32>(at, 0);
    ax--;
  }
  return -1;
}

/** How far operand pointers move (in bytes) when axis `ax` carries, for elements of `size` bytes. */
@inline export function carry(base: usize, ax: i32, size: usize): usize {
  return <usize>(load<i32>(base + (<usize>ax << 2)) * <i32>size);
}
