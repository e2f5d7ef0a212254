/**
 * Element-wise kernels: binary (`ewiseAdd`), scalar (`scalarAdd`), comparison (`ewiseLt`,
 * writing a bool buffer) and unary (`ewiseExp`) ops, plus `ewiseWhere`. The binary, scalar
 * and unary ones read their inputs through the views the NDArray class passes (a broadcast
 * bias, a transposed operand: inputs.ts), so nothing is copied first. Each entry checks
 * its buffers and calls the addon's kernel of the same name; the table below names every
 * entry once, typed by the kernel table's families (device.ts), so a missing or misspelt
 * kernel is a type error.
 */
import type { BinaryOp, CompareOp, Device, DeviceBuffer, EwiseUnaryKernel, InputView } from "../../device.js";
import { DTYPE_CODES } from "./buffer.js";
import { checkDType, checkSize, type CudaContext } from "./context.js";
import { compactView, mergeInputs } from "./inputs.js";

type Prefixed<P extends string, O extends string> = `${P}${O}`;

/** The element-wise kernels of the device behind `ctx`. */
export function ewiseKernels(ctx: CudaContext) {
  /** a ⊙ b into `out` of a's dtype (arithmetic) or bool (comparison). */
  const ewise = (op: Prefixed<"ewise", BinaryOp | CompareOp>, outDType: "same" | "bool") => (a: DeviceBuffer, b: DeviceBuffer, out: DeviceBuffer, views?: readonly [InputView, InputView]): void => {
    const m = ctx.memory();
    const [pa, pb, po] = [m.read(op, a), m.read(op, b), m.write(op, out)];
    checkDType(op, b, a.dtype, "b");
    checkDType(op, out, outDType === "bool" ? "bool" : a.dtype, "out");
    if (!views) {
      checkSize(op, a, out.size, "a");
      checkSize(op, b, out.size, "b");
    }
    if (out.size === 0) return;
    const v = mergeInputs(op, out.size, [a, b], views ?? [compactView(out.size), compactView(out.size)]);
    m.addon[op](pa, pb, po, DTYPE_CODES[a.dtype], v.shape, v.strides[0], v.offsets[0], v.strides[1], v.offsets[1]);
    ctx.done();
  };
  const ewiseArithmetic = (op: Prefixed<"ewise", BinaryOp>) => ewise(op, "same");
  const ewiseComparison = (op: Prefixed<"ewise", CompareOp>) => ewise(op, "bool");

  /** a ⊙ value into `out` of a's dtype (arithmetic) or bool (comparison). */
  const scalar = (op: Prefixed<"scalar", BinaryOp | CompareOp>, outDType: "same" | "bool") => (a: DeviceBuffer, value: number, out: DeviceBuffer, view?: InputView): void => {
    const m = ctx.memory();
    const [pa, po] = [m.read(op, a), m.write(op, out)];
    checkDType(op, out, outDType === "bool" ? "bool" : a.dtype, "out");
    if (!view) checkSize(op, a, out.size, "a");
    if (out.size === 0) return;
    const v = mergeInputs(op, out.size, [a], [view ?? compactView(out.size)]);
    m.addon[op](pa, value, po, DTYPE_CODES[a.dtype], v.shape, v.strides[0], v.offsets[0]);
    ctx.done();
  };
  const scalarArithmetic = (op: Prefixed<"scalar", BinaryOp>) => scalar(op, "same");
  const scalarComparison = (op: Prefixed<"scalar", CompareOp>) => scalar(op, "bool");

  const unary = (op: EwiseUnaryKernel) => (a: DeviceBuffer, out: DeviceBuffer, view?: InputView): void => {
    const m = ctx.memory();
    const [pa, po] = [m.read(op, a), m.write(op, out)];
    checkDType(op, out, a.dtype, "out");
    if (!view) checkSize(op, a, out.size, "a");
    if (out.size === 0) return;
    const v = mergeInputs(op, out.size, [a], [view ?? compactView(out.size)]);
    m.addon[op](pa, po, DTYPE_CODES[a.dtype], v.shape, v.strides[0], v.offsets[0]);
    ctx.done();
  };

  return {
    ewiseAdd: ewiseArithmetic("ewiseAdd"),
    ewiseSub: ewiseArithmetic("ewiseSub"),
    ewiseMul: ewiseArithmetic("ewiseMul"),
    ewiseDiv: ewiseArithmetic("ewiseDiv"),
    ewisePow: ewiseArithmetic("ewisePow"),
    ewiseMaximum: ewiseArithmetic("ewiseMaximum"),
    ewiseMinimum: ewiseArithmetic("ewiseMinimum"),
    ewiseEq: ewiseComparison("ewiseEq"),
    ewiseNe: ewiseComparison("ewiseNe"),
    ewiseLt: ewiseComparison("ewiseLt"),
    ewiseLe: ewiseComparison("ewiseLe"),
    ewiseGt: ewiseComparison("ewiseGt"),
    ewiseGe: ewiseComparison("ewiseGe"),
    scalarAdd: scalarArithmetic("scalarAdd"),
    scalarSub: scalarArithmetic("scalarSub"),
    scalarMul: scalarArithmetic("scalarMul"),
    scalarDiv: scalarArithmetic("scalarDiv"),
    scalarPow: scalarArithmetic("scalarPow"),
    scalarMaximum: scalarArithmetic("scalarMaximum"),
    scalarMinimum: scalarArithmetic("scalarMinimum"),
    scalarEq: scalarComparison("scalarEq"),
    scalarNe: scalarComparison("scalarNe"),
    scalarLt: scalarComparison("scalarLt"),
    scalarLe: scalarComparison("scalarLe"),
    scalarGt: scalarComparison("scalarGt"),
    scalarGe: scalarComparison("scalarGe"),
    ewiseNeg: unary("ewiseNeg"),
    ewiseAbs: unary("ewiseAbs"),
    ewiseSign: unary("ewiseSign"),
    ewiseExp: unary("ewiseExp"),
    ewiseLog: unary("ewiseLog"),
    ewiseSqrt: unary("ewiseSqrt"),
    ewiseTanh: unary("ewiseTanh"),
    ewiseSin: unary("ewiseSin"),
    ewiseCos: unary("ewiseCos"),
    ewiseErf: unary("ewiseErf"),

    ewiseWhere(cond: DeviceBuffer, a: DeviceBuffer, b: DeviceBuffer, out: DeviceBuffer): void {
      const m = ctx.memory();
      const [pc, pa, pb, po] = [m.read("ewiseWhere", cond), m.read("ewiseWhere", a), m.read("ewiseWhere", b), m.write("ewiseWhere", out)];
      checkDType("ewiseWhere", cond, "bool", "cond");
      checkDType("ewiseWhere", a, out.dtype, "a");
      checkDType("ewiseWhere", b, out.dtype, "b");
      for (const [buf, role] of [[cond, "cond"], [a, "a"], [b, "b"]] as const) checkSize("ewiseWhere", buf, out.size, role);
      if (out.size === 0) return;
      m.addon.ewiseWhere(pc, pa, pb, po, DTYPE_CODES[out.dtype], out.size);
      ctx.done();
    },
  } satisfies Pick<Device, Prefixed<"ewise" | "scalar", BinaryOp | CompareOp> | EwiseUnaryKernel | "ewiseWhere">;
}
