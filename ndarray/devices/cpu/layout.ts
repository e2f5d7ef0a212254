/**
 * Views as the WebAssembly kernels take them: the fewest axes that describe the same walk.
 *
 * Size-1 axes are dropped, and an axis merges into the one inside it when every operand
 * steps across the pair as across one axis (stride[i] = stride[i+1]·shape[i+1]), so a
 * contiguous block is one long row whatever its shape and the kernels' odometer moves only
 * where the layout really jumps. Leading size-1 axes pad the result to the kernel's minimum.
 */
import { compactStrides } from "../../shape.js";
import { clearArgs, MAX_DIMS, writeArgs } from "./module.js";

export interface Merged {
  readonly shape: number[];
  /** One list per operand, in the order given. */
  readonly strides: number[][];
}

/** Called for every kernel call, so plain loops: no closures or intermediate lists. */
export function mergeAxes(shape: readonly number[], strides: readonly (readonly number[])[], min: number): Merged {
  const operands = strides.length;
  const outShape: number[] = [];
  const outStrides: number[][] = [];
  for (let k = 0; k < operands; k++) outStrides.push([]);
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (d === 1) continue;
    const last = outShape.length - 1;
    let merges = last >= 0;
    for (let k = 0; k < operands && merges; k++) merges = outStrides[k][last] === strides[k][i] * d;
    if (merges) {
      outShape[last] *= d;
      for (let k = 0; k < operands; k++) outStrides[k][last] = strides[k][i];
    } else {
      outShape.push(d);
      for (let k = 0; k < operands; k++) outStrides[k].push(strides[k][i]);
    }
  }
  const pad = min - outShape.length;
  if (pad > 0) {
    const ones = new Array<number>(pad).fill(1);
    const zeros = new Array<number>(pad).fill(0);
    return { shape: [...ones, ...outShape], strides: outStrides.map((s) => [...zeros, ...s]) };
  }
  return { shape: outShape, strides: outStrides };
}

/**
 * Merges `shape` for inputs of the given strides and a compact output, writes the result into
 * the argument area (shape, strides a, b, out) and returns the axis count, or -1 when even
 * merged it has more axes than the area holds (the caller then uses the cpu-js kernel).
 */
export function writeView(shape: readonly number[], inputs: readonly (readonly number[])[], min: number): number {
  const merged = mergeAxes(shape, [...inputs, compactStrides(shape)], min);
  const nd = merged.shape.length;
  if (nd > MAX_DIMS) return -1;
  writeArgs("shape", merged.shape);
  writeArgs("a", merged.strides[0]);
  if (inputs.length > 1) writeArgs("b", merged.strides[1]);
  else clearArgs("b", nd);
  writeArgs("out", merged.strides[merged.strides.length - 1]);
  return nd;
}
