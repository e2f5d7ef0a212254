/**
 * Views as the WebAssembly kernels take them: the fewest axes that describe the same walk.
 *
 * Size-1 axes are dropped, and an axis merges into the one inside it when every operand
 * steps across the pair as across one axis (stride[i] = stride[i+1]·shape[i+1]), so a
 * contiguous block is one long row whatever its shape and the kernels' odometer moves only
 * where the layout really jumps. Leading size-1 axes pad the result to the kernel's minimum.
 */
import { compactStrides } from "../../shape.js";
import { MAX_DIMS, writeArgs } from "./module.js";

export interface Merged {
  readonly shape: number[];
  /** One list per operand, in the order given. */
  readonly strides: number[][];
}

export function mergeAxes(shape: readonly number[], strides: readonly (readonly number[])[], min: number): Merged {
  const keep = shape.flatMap((d, i) => (d === 1 ? [] : [i]));
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (const i of keep) {
    const last = outShape.length - 1;
    if (last >= 0 && strides.every((s, k) => outStrides[k][last] === s[i] * shape[i])) {
      outShape[last] *= shape[i];
      strides.forEach((s, k) => (outStrides[k][last] = s[i]));
    } else {
      outShape.push(shape[i]);
      strides.forEach((s, k) => outStrides[k].push(s[i]));
    }
  }
  while (outShape.length < min) {
    outShape.unshift(1);
    outStrides.forEach((s) => s.unshift(0));
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
  writeArgs("b", inputs.length > 1 ? merged.strides[1] : new Array<number>(nd).fill(0));
  writeArgs("out", merged.strides[merged.strides.length - 1]);
  return nd;
}
