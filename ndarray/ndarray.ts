/**
 * NDArray: a strided view over a device buffer, numpy/PyTorch style.
 *
 * An array is `{ buffer, shape, strides, offset, dtype, device }`: element (i₀, …, iₖ) lives
 * at `buffer[offset + Σ iⱼ·strides[j]]`. Views (reshape of a contiguous array, transpose,
 * permute, broadcastTo, slice, flip, asStrided) only compute new shape/strides/offset and
 * share the buffer; everything that computes goes through the device's kernel table, which
 * sees compact buffers only. Arrays are immutable except through the explicit in-place
 * methods (`assign`, `iadd`, …), which write into the view they are called on.
 */
import { COMPARE_OPS, type BinaryOp, type CompareOp, type Device, type DeviceBuffer, type ReduceOp, type UnaryOp } from "./device.js";
import { defaultDevice } from "./devices/index.js";
import {
  canCastSameKind,
  DEFAULT_FLOAT,
  floatResult,
  isFloat,
  promoteScalar,
  promoteTypes,
  type DType,
  type TypedArray,
} from "./dtype.js";
import { AxisError, DeviceMismatchError, DTypeError, IndexError, ShapeError, ValueError } from "./errors.js";
import { formatArray } from "./format.js";
import { applyIndex, checkIndex, type Index } from "./indexing.js";
import {
  broadcastShapes,
  checkShape,
  compactStrides,
  fmtShape,
  normalizeAxes,
  normalizeAxis,
  prod,
  sameShape,
  type Shape,
} from "./shape.js";

/** A nested JS array of numbers (or booleans), as `toArray()` returns and `array()` takes. */
export type NestedArray = number | boolean | NestedArray[];
/** An operand: another array, or a JS number broadcast as a weak scalar (see dtype.ts). */
export type Operand = NDArray | number;

export class NDArray {
  readonly dtype: DType;

  /** Low-level: wraps a buffer as a view. Prefer the creation functions (`zeros`, `array`, …). */
  constructor(
    readonly buffer: DeviceBuffer,
    readonly shape: readonly number[],
    readonly strides: readonly number[],
    readonly offset: number,
    readonly device: Device,
  ) {
    this.dtype = buffer.dtype;
  }

  /** A fresh zero-filled compact array. */
  static empty(shape: Shape, dtype: DType, device: Device = defaultDevice()): NDArray {
    const s = checkShape("empty", shape);
    return new NDArray(device.alloc(prod(s), dtype), s, compactStrides(s), 0, device);
  }

  /** A compact array holding a copy of `data` (row-major), with the typed array's dtype. */
  static fromTypedArray(data: TypedArray, shape: Shape, device: Device = defaultDevice()): NDArray {
    const s = checkShape("fromTypedArray", shape);
    if (prod(s) !== data.length) {
      throw new ShapeError("fromTypedArray", `${data.length} values cannot fill shape ${fmtShape(s)} (${prod(s)} elements)`);
    }
    return new NDArray(device.fromTypedArray(data), s, compactStrides(s), 0, device);
  }

  get ndim(): number {
    return this.shape.length;
  }

  get size(): number {
    return prod(this.shape);
  }

  /** Row-major strides with no gaps (offset may be anything): a reshape can stay a view. */
  isContiguous(): boolean {
    const expected = compactStrides(this.shape);
    return this.shape.every((d, i) => d <= 1 || this.strides[i] === expected[i]);
  }

  /** The whole buffer is this array in row-major order: kernels can take it as it is. */
  private isDense(): boolean {
    return this.offset === 0 && this.buffer.size === this.size && this.isContiguous();
  }

  // ---------------------------------------------------------------- views

  private view(shape: readonly number[], strides: readonly number[], offset = this.offset): NDArray {
    return new NDArray(this.buffer, shape, strides, offset, this.device);
  }

  /**
   * The same elements in a new shape; one dimension may be -1 (inferred). A view when the
   * array is contiguous, otherwise a compact copy (numpy sometimes avoids that copy; we don't).
   */
  reshape(shape: Shape): NDArray {
    const known = shape.filter((d) => d !== -1);
    const unknown = shape.length - known.length;
    const rest = prod(known);
    let target = [...shape];
    if (unknown > 1) throw new ShapeError("reshape", `can only infer one dimension, got ${fmtShape(shape)}`);
    if (unknown === 1) {
      if (rest === 0 || this.size % rest !== 0) {
        throw new ShapeError("reshape", `cannot reshape array of shape ${fmtShape(this.shape)} (${this.size} elements) into ${fmtShape(shape)}`);
      }
      target = shape.map((d) => (d === -1 ? this.size / rest : d));
    }
    checkShape("reshape", target);
    if (prod(target) !== this.size) {
      throw new ShapeError(
        "reshape",
        `cannot reshape array of shape ${fmtShape(this.shape)} (${this.size} elements) into ${fmtShape(target)} (${prod(target)} elements)`,
      );
    }
    const source = this.isContiguous() ? this : this.compact();
    return source.view(target, compactStrides(target));
  }

  /** Flattens to 1-D (a view when contiguous). */
  flatten(): NDArray {
    return this.reshape([this.size]);
  }

  /**
   * `transpose()` reverses every axis (numpy's `.T`; for a matrix, PyTorch's `.t()`);
   * `transpose(d0, d1)` swaps two axes (PyTorch's `transpose(dim0, dim1)`). A view.
   */
  transpose(dim0?: number, dim1?: number): NDArray {
    const axes = this.shape.map((_, i) => i);
    if (dim0 === undefined && dim1 === undefined) return this.permute(axes.reverse());
    if (dim0 === undefined || dim1 === undefined) {
      throw new ValueError("transpose", "give no axes (reverse all) or exactly two axes to swap");
    }
    const a = normalizeAxis("transpose", dim0, this.ndim);
    const b = normalizeAxis("transpose", dim1, this.ndim);
    [axes[a], axes[b]] = [axes[b], axes[a]];
    return this.permute(axes);
  }

  /** Shorthand for `transpose()`. */
  get T(): NDArray {
    return this.transpose();
  }

  /** Reorders axes: result axis i is this array's axis `axes[i]`. A view. */
  permute(axes: readonly number[]): NDArray {
    if (axes.length !== this.ndim) {
      throw new AxisError("permute", `axes [${axes.join(",")}] do not match an array of ${this.ndim} dimensions (shape ${fmtShape(this.shape)})`);
    }
    normalizeAxes("permute", axes, this.ndim);
    const order = axes.map((a) => normalizeAxis("permute", a, this.ndim));
    return this.view(order.map((a) => this.shape[a]), order.map((a) => this.strides[a]));
  }

  /** A view of this array repeated along new or size-1 axes (stride 0), numpy's broadcast_to. */
  broadcastTo(shape: Shape): NDArray {
    const target = checkShape("broadcastTo", shape);
    const lead = target.length - this.ndim;
    const fail = () =>
      new ShapeError("broadcastTo", `cannot broadcast shape ${fmtShape(this.shape)} to ${fmtShape(target)}`);
    if (lead < 0) throw fail();
    const strides = target.map((d, i) => {
      if (i < lead) return 0;
      const own = this.shape[i - lead];
      if (own === d) return this.strides[i - lead];
      if (own === 1) return 0;
      throw fail();
    });
    return this.view(target, strides);
  }

  /** Inserts a size-1 axis at `axis` (PyTorch's unsqueeze, numpy's expand_dims). A view. */
  unsqueeze(axis: number): NDArray {
    const ax = normalizeAxis("unsqueeze", axis, this.ndim + 1);
    const shape = [...this.shape];
    const strides = [...this.strides];
    shape.splice(ax, 0, 1);
    strides.splice(ax, 0, 0);
    return this.view(shape, strides);
  }

  /** Removes size-1 axes: all of them, or the ones named (each must have size 1). A view. */
  squeeze(axis?: number | readonly number[]): NDArray {
    const axes =
      axis === undefined ? this.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : normalizeAxes("squeeze", axis, this.ndim);
    for (const a of axes) {
      if (this.shape[a] !== 1) {
        throw new ShapeError("squeeze", `cannot squeeze axis ${a} of shape ${fmtShape(this.shape)}: its size is ${this.shape[a]}, not 1`);
      }
    }
    const keep = this.shape.map((_, i) => i).filter((i) => !axes.includes(i));
    return this.view(keep.map((i) => this.shape[i]), keep.map((i) => this.strides[i]));
  }

  /** Basic indexing, numpy style: `a.slice("1:3, ::-1, 0")` or `a.slice(0, null, { step: 2 })`. A view. See indexing.ts. */
  slice(...indices: Index[]): NDArray {
    const v = applyIndex("slice", this.shape, this.strides, this.offset, indices);
    return this.view(v.shape, v.strides, v.offset);
  }

  /** Reverses the order of elements along the given axes (all when omitted). A view with negative strides. */
  flip(axis?: number | readonly number[]): NDArray {
    const axes = normalizeAxes("flip", axis, this.ndim);
    let offset = this.offset;
    const strides = this.strides.map((s, i) => {
      if (!axes.includes(i)) return s;
      if (this.shape[i] > 0) offset += (this.shape[i] - 1) * s;
      return -s;
    });
    return this.view(this.shape, strides, offset);
  }

  /**
   * A view with arbitrary shape, strides and offset (in elements) over the same buffer, as
   * numpy's `as_strided`. Checked: every reachable element must lie inside the buffer.
   */
  asStrided(shape: Shape, strides: readonly number[], offset = this.offset): NDArray {
    const s = checkShape("asStrided", shape);
    if (strides.length !== s.length) {
      throw new ShapeError("asStrided", `shape ${fmtShape(s)} and strides [${strides.join(",")}] differ in length`);
    }
    if (prod(s) > 0) {
      let lo = offset;
      let hi = offset;
      s.forEach((d, i) => {
        const reach = (d - 1) * strides[i];
        if (reach < 0) lo += reach;
        else hi += reach;
      });
      if (lo < 0 || hi >= this.buffer.size) {
        throw new IndexError(
          "asStrided",
          `shape ${fmtShape(s)} with strides [${strides.join(",")}] and offset ${offset} reaches elements ${lo}…${hi}, outside the buffer of ${this.buffer.size}`,
        );
      }
    }
    return this.view(s, [...strides], offset);
  }

  // ---------------------------------------------------------------- copies and conversion

  /** This array in a compact buffer of its own: `this` if it already is one, else a copy. */
  compact(): NDArray {
    return this.isDense() ? this : this.astype(this.dtype, true);
  }

  /** A compact copy that never shares the buffer (PyTorch's `clone`, numpy's `copy`). */
  clone(): NDArray {
    return this.astype(this.dtype, true);
  }

  /** Converts to `dtype` (to bool: non-zero → true). Returns `this` when nothing changes unless `copy`. */
  astype(dtype: DType, copy = false): NDArray {
    if (dtype === this.dtype && !copy && this.isDense()) return this;
    const out = NDArray.empty(this.shape, dtype, this.device);
    this.device.compact(this.buffer, out.buffer, this.shape, this.strides, this.offset);
    return out;
  }

  /** A copy on another device (`this` when already there). */
  to(device: Device): NDArray {
    if (device === this.device) return this;
    return NDArray.fromTypedArray(this.toTypedArray(), this.shape, device);
  }

  /** The elements, row-major, in a fresh typed array on the host. */
  toTypedArray(): TypedArray {
    return this.device.toTypedArray(this.compact().buffer);
  }

  /** Nested JS arrays (numbers; booleans for a bool array); a number for a 0-d array. */
  toArray(): NestedArray {
    const flat = Array.from(this.toTypedArray(), (v) => (this.dtype === "bool" ? v !== 0 : v));
    const build = (axis: number, start: number): NestedArray => {
      if (axis === this.ndim) return flat[start];
      const step = prod(this.shape.slice(axis + 1));
      return Array.from({ length: this.shape[axis] }, (_, i) => build(axis + 1, start + i * step));
    };
    return build(0, 0);
  }

  /** The single element of a one-element array, as a number. */
  item(): number {
    if (this.size !== 1) {
      throw new ValueError("item", `only arrays with one element can be converted to a number; shape is ${fmtShape(this.shape)}`);
    }
    return this.toTypedArray()[0];
  }

  toString(): string {
    return formatArray(this.shape, this.dtype, this.toTypedArray());
  }

  // ---------------------------------------------------------------- element-wise

  /** Broadcast to `shape`, cast to `dtype`, compact: a buffer ready for a kernel. */
  private prepared(dtype: DType, shape: readonly number[]): DeviceBuffer {
    const b = sameShape(this.shape, shape) ? this : this.broadcastTo(shape);
    return b.astype(dtype).buffer;
  }

  private checkDevice(op: string, other: NDArray): void {
    if (other.device !== this.device) throw new DeviceMismatchError(op, this.device.name, other.device.name);
  }

  private binary(op: BinaryOp | CompareOp, name: string, other: Operand): NDArray {
    const compare = (COMPARE_OPS as readonly string[]).includes(op);
    let dtype: DType;
    let shape: number[];
    if (typeof other === "number") {
      dtype = promoteScalar(this.dtype, other);
      shape = [...this.shape];
    } else {
      this.checkDevice(name, other);
      dtype = promoteTypes(this.dtype, other.dtype);
      shape = broadcastShapes(name, this.shape, other.shape);
    }
    if (op === "Div") dtype = floatResult(dtype);
    else if (dtype === "bool" && !compare) dtype = "int32";
    const out = NDArray.empty(shape, compare ? "bool" : dtype, this.device);
    const a = this.prepared(dtype, shape);
    // A weak scalar is first cast to the computation dtype, as numpy casts it.
    if (typeof other === "number") this.device[`scalar${op}`](a, dtype === "float32" ? Math.fround(other) : other, out.buffer);
    else this.device[`ewise${op}`](a, other.prepared(dtype, shape), out.buffer);
    return out;
  }

  private unary(op: UnaryOp, floatOnly: boolean): NDArray {
    const dtype = floatOnly ? floatResult(this.dtype) : this.dtype === "bool" ? "int32" : this.dtype;
    const out = NDArray.empty(this.shape, dtype, this.device);
    this.device[`ewise${op}`](this.prepared(dtype, this.shape), out.buffer);
    return out;
  }

  add(other: Operand): NDArray {
    return this.binary("Add", "add", other);
  }
  sub(other: Operand): NDArray {
    return this.binary("Sub", "sub", other);
  }
  mul(other: Operand): NDArray {
    return this.binary("Mul", "mul", other);
  }
  /** True division: integer operands give float64, as numpy's `/`. */
  div(other: Operand): NDArray {
    return this.binary("Div", "div", other);
  }
  pow(other: Operand): NDArray {
    return this.binary("Pow", "pow", other);
  }
  /** Element-wise maximum; NaN wins, as numpy.maximum. */
  maximum(other: Operand): NDArray {
    return this.binary("Maximum", "maximum", other);
  }
  minimum(other: Operand): NDArray {
    return this.binary("Minimum", "minimum", other);
  }
  eq(other: Operand): NDArray {
    return this.binary("Eq", "eq", other);
  }
  ne(other: Operand): NDArray {
    return this.binary("Ne", "ne", other);
  }
  lt(other: Operand): NDArray {
    return this.binary("Lt", "lt", other);
  }
  le(other: Operand): NDArray {
    return this.binary("Le", "le", other);
  }
  gt(other: Operand): NDArray {
    return this.binary("Gt", "gt", other);
  }
  ge(other: Operand): NDArray {
    return this.binary("Ge", "ge", other);
  }

  neg(): NDArray {
    return this.unary("Neg", false);
  }
  abs(): NDArray {
    return this.unary("Abs", false);
  }
  sign(): NDArray {
    return this.unary("Sign", false);
  }
  exp(): NDArray {
    return this.unary("Exp", true);
  }
  log(): NDArray {
    return this.unary("Log", true);
  }
  sqrt(): NDArray {
    return this.unary("Sqrt", true);
  }
  tanh(): NDArray {
    return this.unary("Tanh", true);
  }
  sin(): NDArray {
    return this.unary("Sin", true);
  }
  cos(): NDArray {
    return this.unary("Cos", true);
  }
  erf(): NDArray {
    return this.unary("Erf", true);
  }

  /** `cond ? this : other`, element-wise with broadcasting over all three (numpy.where). */
  where(cond: NDArray, other: Operand): NDArray {
    return where(cond, this, other);
  }

  // ---------------------------------------------------------------- in place

  /**
   * Writes `value` (broadcast to this shape) into this view's elements, in place, and
   * returns `this`. The cast must be "same kind" (numpy's rule for in-place ops): a float
   * cannot be written into an int32 array, nor anything but bool into a bool array.
   */
  assign(value: Operand): NDArray {
    // A size-0 array may have stride 0 on a longer axis without being a broadcast.
    const broadcastAxis = this.size === 0 ? -1 : this.shape.findIndex((d, i) => d > 1 && this.strides[i] === 0);
    if (broadcastAxis >= 0) {
      throw new ValueError("assign", `cannot write into a broadcast view (axis ${broadcastAxis} of shape ${fmtShape(this.shape)} has stride 0); write into a .clone() instead`);
    }
    if (typeof value === "number") {
      const fits = this.dtype === "bool" ? value === 0 || value === 1 : this.dtype === "int32" ? Number.isInteger(value) : true;
      if (!fits) {
        throw new DTypeError("assign", `cannot write ${value} into an array of dtype ${this.dtype} in place (a same-kind cast is required)`);
      }
      this.device.scalarSetitem(value, this.buffer, this.shape, this.strides, this.offset);
      return this;
    }
    this.checkDevice("assign", value);
    if (!canCastSameKind(value.dtype, this.dtype)) {
      throw new DTypeError("assign", `cannot write ${value.dtype} values into an array of dtype ${this.dtype} in place (a same-kind cast is required); use .astype("${this.dtype}") explicitly`);
    }
    let src: NDArray;
    try {
      src = value.broadcastTo(this.shape);
    } catch {
      throw new ShapeError("assign", `value of shape ${fmtShape(value.shape)} cannot be broadcast to the target shape ${fmtShape(this.shape)}`);
    }
    const compacted = src.buffer === this.buffer ? src.clone() : src.compact();
    this.device.ewiseSetitem(compacted.buffer, this.buffer, this.shape, this.strides, this.offset);
    return this;
  }

  private inPlace(name: string, result: (x: NDArray) => NDArray, other: Operand): NDArray {
    if (typeof other !== "number") broadcastShapes(name, this.shape, other.shape);
    const r = result(this);
    if (!canCastSameKind(r.dtype, this.dtype)) {
      throw new DTypeError(name, `result dtype ${r.dtype} cannot be stored in place into an array of dtype ${this.dtype} (operand dtype ${typeof other === "number" ? "number " + other : other.dtype}); use the out-of-place op instead`);
    }
    if (!sameShape(r.shape, this.shape)) {
      throw new ShapeError(name, `in-place result has shape ${fmtShape(r.shape)}, but the target has shape ${fmtShape(this.shape)}`);
    }
    return this.assign(r.dtype === this.dtype ? r : r.astype(this.dtype));
  }

  /** this += other, in place (same-kind cast, result shape must equal this shape). */
  iadd(other: Operand): NDArray {
    return this.inPlace("iadd", (x) => x.add(other), other);
  }
  isub(other: Operand): NDArray {
    return this.inPlace("isub", (x) => x.sub(other), other);
  }
  imul(other: Operand): NDArray {
    return this.inPlace("imul", (x) => x.mul(other), other);
  }
  idiv(other: Operand): NDArray {
    return this.inPlace("idiv", (x) => x.div(other), other);
  }

  // ---------------------------------------------------------------- reductions

  /**
   * Reduces `axes` (sorted, distinct) by moving them last, compacting to (outer × r)
   * and running one last-axis kernel.
   */
  private reduce(op: ReduceOp, name: string, axis: number | readonly number[] | null | undefined, keepdims: boolean, dtype: DType): NDArray {
    const axes = normalizeAxes(name, axis, this.ndim);
    const kept = this.shape.map((_, i) => i).filter((i) => !axes.includes(i));
    const r = prod(axes.map((i) => this.shape[i]));
    if (r === 0 && op !== "Sum") {
      throw new ValueError(name, `cannot reduce over a zero-size axis (shape ${fmtShape(this.shape)}, axis ${axis ?? "all"}): ${name} has no identity`);
    }
    const outShape = kept.map((i) => this.shape[i]);
    const moved = this.permute([...kept, ...axes]);
    const input = moved.astype(op === "Argmax" || op === "Argmin" ? this.dtype : dtype);
    const out = NDArray.empty(outShape, dtype, this.device);
    this.device[`reduce${op}`](input.buffer, out.buffer, r);
    if (!keepdims) return out;
    return out.reshape(this.shape.map((d, i) => (axes.includes(i) ? 1 : d)));
  }

  /** How many elements each result of a reduction over `axis` combines. */
  private countOver(op: string, axis: number | readonly number[] | null | undefined): number {
    return prod(normalizeAxes(op, axis, this.ndim).map((i) => this.shape[i]));
  }

  /** Sum over `axis` (a number, a list, or all when omitted). int32 and bool sum to int32. */
  sum(axis?: number | readonly number[] | null, keepdims = false): NDArray {
    return this.reduce("Sum", "sum", axis, keepdims, isFloat(this.dtype) ? this.dtype : "int32");
  }

  /** Mean over `axis`; integer inputs give float64, as numpy. */
  mean(axis?: number | readonly number[] | null, keepdims = false): NDArray {
    const count = this.countOver("mean", axis);
    const dtype = floatResult(this.dtype);
    return this.reduce("Sum", "mean", axis, keepdims, dtype).div(count);
  }

  /** Variance over `axis`, dividing by N − ddof (numpy's `ddof`; PyTorch's `correction`). Default ddof 0: biased. */
  var(axis?: number | readonly number[] | null, keepdims = false, ddof = 0): NDArray {
    const count = this.countOver("var", axis);
    const centred = this.sub(this.mean(axis, true));
    return centred.mul(centred).sum(axis, keepdims).div(count - ddof);
  }

  max(axis?: number | readonly number[] | null, keepdims = false): NDArray {
    return this.reduce("Max", "max", axis, keepdims, this.dtype);
  }

  min(axis?: number | readonly number[] | null, keepdims = false): NDArray {
    return this.reduce("Min", "min", axis, keepdims, this.dtype);
  }

  /** Index of the first maximum along `axis` (int32); over the flattened array when omitted, as numpy. */
  argmax(axis?: number, keepdims = false): NDArray {
    return this.argReduce("Argmax", "argmax", axis, keepdims);
  }

  argmin(axis?: number, keepdims = false): NDArray {
    return this.argReduce("Argmin", "argmin", axis, keepdims);
  }

  private argReduce(op: "Argmax" | "Argmin", name: string, axis: number | undefined, keepdims: boolean): NDArray {
    if (axis === undefined) {
      const flat = this.flatten().reduce(op, name, 0, false, "int32");
      return keepdims ? flat.reshape(this.shape.map(() => 1)) : flat;
    }
    return this.reduce(op, name, normalizeAxis(name, axis, this.ndim), keepdims, "int32");
  }

  // ---------------------------------------------------------------- matmul

  /**
   * Matrix product with numpy's `matmul` rules: the last two axes multiply, leading
   * (batch) axes broadcast; a 1-D left operand acts as a row and a 1-D right operand as a
   * column, and that axis is removed from the result.
   */
  matmul(other: NDArray): NDArray {
    this.checkDevice("matmul", other);
    if (this.ndim === 0 || other.ndim === 0) {
      throw new ShapeError("matmul", `shapes ${fmtShape(this.shape)} and ${fmtShape(other.shape)}: 0-d operands are not allowed; use mul`);
    }
    const a = this.ndim === 1 ? this.unsqueeze(0) : this;
    const b = other.ndim === 1 ? other.unsqueeze(1) : other;
    const [m, n] = a.shape.slice(-2);
    const [n2, p] = b.shape.slice(-2);
    if (n !== n2) {
      throw new ShapeError("matmul", `shapes ${fmtShape(this.shape)} and ${fmtShape(other.shape)} do not align (${n} ≠ ${n2})`);
    }
    const [batchA, batchB] = [a.shape.slice(0, -2), b.shape.slice(0, -2)];
    let batch: number[];
    try {
      batch = broadcastShapes("matmul", batchA, batchB);
    } catch {
      throw new ShapeError("matmul", `shapes ${fmtShape(this.shape)} and ${fmtShape(other.shape)}: batch axes ${fmtShape(batchA)} and ${fmtShape(batchB)} cannot be broadcast together`);
    }
    let dtype = promoteTypes(a.dtype, b.dtype);
    if (dtype === "bool") dtype = "int32";
    const out = NDArray.empty([...batch, m, p], dtype, this.device);
    const ab = a.prepared(dtype, [...batch, m, n]);
    const bb = b.prepared(dtype, [...batch, n, p]);
    const count = prod(batch);
    if (count === 1) this.device.matmul(ab, bb, out.buffer, m, n, p);
    else if (count > 0) this.device.matmulBatched(ab, bb, out.buffer, count, m, n, p);
    let result = out;
    if (other.ndim === 1) result = result.squeeze(-1);
    if (this.ndim === 1) result = result.squeeze(other.ndim === 1 ? -1 : -2);
    return result;
  }

  // ---------------------------------------------------------------- gather

  /** Elements at `indices` along `axis` (numpy's take for a 1-D index list). A copy. */
  take(indices: NDArray | readonly number[], axis: number): NDArray {
    const ax = normalizeAxis("take", axis, this.ndim);
    const list = Array.isArray(indices) ? (indices as readonly number[]) : Array.from((indices as NDArray).toTypedArray());
    const outShape = [...this.shape];
    outShape[ax] = list.length;
    const out = NDArray.empty(outShape, this.dtype, this.device);
    const lead = new Array<Index>(ax).fill(null);
    list.forEach((i, k) => {
      out.slice(...lead, k).assign(this.slice(...lead, checkIndex("take", i, ax, this.shape[ax])));
    });
    return out;
  }
}

/**
 * `cond ? a : b`, element-wise, broadcasting all three (numpy.where); `cond` is read as
 * bool (non-zero = true). The result dtype promotes `a` and `b`, numbers being weak
 * scalars; two numbers give int32 when both are integers, else the default float.
 */
export function where(cond: NDArray, a: Operand, b: Operand): NDArray {
  const device = cond.device;
  const arrays = [a, b].filter((x): x is NDArray => x instanceof NDArray);
  for (const x of arrays) if (x.device !== device) throw new DeviceMismatchError("where", device.name, x.device.name);
  const shape = broadcastShapes("where", cond.shape, ...arrays.map((x) => x.shape));
  const numbers = [a, b].filter((x): x is number => typeof x === "number");
  let dtype: DType;
  if (arrays.length === 2) dtype = promoteTypes(arrays[0].dtype, arrays[1].dtype);
  else if (arrays.length === 1) dtype = promoteScalar(arrays[0].dtype, numbers[0]);
  else dtype = numbers.every(Number.isInteger) ? "int32" : DEFAULT_FLOAT;
  const operand = (x: Operand) => (x instanceof NDArray ? x : NDArray.empty([], dtype, device).assign(x));
  const prep = (x: NDArray, dt: DType) => x.broadcastTo(shape).astype(dt).buffer;
  const out = NDArray.empty(shape, dtype, device);
  device.ewiseWhere(prep(cond, "bool"), prep(operand(a), dtype), prep(operand(b), dtype), out.buffer);
  return out;
}
