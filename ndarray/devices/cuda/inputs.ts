/**
 * The inputs of an element-wise kernel as the addon reads them in place (KitInputs in
 * ndarray/native/launchers.h): the output's shape, and each input's strides and offset over
 * it. Axes of size 1 are dropped and neighbouring axes that walk memory as one for every
 * input are merged, so a contiguous operand costs no index arithmetic on the device and a
 * bias broadcast over rows costs one division per element.
 */
import type { DeviceBuffer, InputView } from "../../device.js";
import { ValueError } from "../../errors.js";
import { checkReach } from "./context.js";

/** At most this many axes reach an element-wise kernel, after merging. */
const MAX_DIMS = 8;

export interface MergedInputs {
  readonly shape: number[];
  readonly strides: number[][];
  readonly offsets: number[];
}

/** The whole of each compact buffer, as a one-axis view: what a call without views reads. */
export function compactView(size: number): InputView {
  return { shape: [size], strides: [1], offset: 0 };
}

/**
 * The views (all of the output's shape, `size` elements) merged for the addon, after
 * checking that each lies inside its buffer; more than MAX_DIMS axes left is an error.
 */
export function mergeInputs(op: string, size: number, buffers: readonly DeviceBuffer[], views: readonly InputView[]): MergedInputs {
  views.forEach((v, i) => {
    if (v.shape.reduce((a, b) => a * b, 1) !== size) throw new ValueError(op, `input ${i} has shape [${v.shape.join(",")}], not the output's ${size} elements`);
    checkReach(op, buffers[i], v.shape, v.strides, v.offset);
  });
  const shape: number[] = [];
  const strides: number[][] = views.map(() => []);
  views[0].shape.forEach((d, axis) => {
    if (d === 1) return;
    const last = shape.length - 1;
    if (last >= 0 && views.every((v, i) => strides[i][last] === v.strides[axis] * d)) {
      shape[last] *= d;
      views.forEach((v, i) => (strides[i][last] = v.strides[axis]));
    } else {
      shape.push(d);
      views.forEach((v, i) => strides[i].push(v.strides[axis]));
    }
  });
  if (shape.length > MAX_DIMS) {
    throw new ValueError(op, `the cuda device reads element-wise inputs of at most ${MAX_DIMS} axes after merging contiguous ones; shape [${views[0].shape.join(",")}] has ${shape.length}; compact() the operands first`);
  }
  return { shape, strides, offsets: views.map((v) => v.offset) };
}
