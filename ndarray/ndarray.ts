/**
 * NDArray: a strided view over a device buffer, numpy/PyTorch style.
 *
 * An array is `{ buffer, shape, strides, offset, dtype, device }`: element (i₀, …, iₖ) lives
 * at `buffer[offset + Σ iⱼ·strides[j]]`. Views (reshape of a contiguous array, transpose,
 * permute, broadcastTo, slice, flip, asStrided) only compute new shape/strides/offset and
 * share the buffer; everything that computes goes through the device's kernel table, which
 * sees compact buffers only. Arrays are immutable except through the explicit in-place
 * methods (`assign`, `fill`, `iadd`, …), which write into the view they are called on.
 *
 * Every public method checks its arguments first (validate.ts): homework code is compiled
 * without type checks, and a wrong argument must be a one-line error naming the method,
 * never a JavaScript internal or a silently ignored value. The helpers the methods share
 * are `#private`, so the public surface is exactly what a student can call, and the
 * library's own calls go through them (and `construct`, `emptyArray`) unchecked: an op
 * checks its arguments once, not at every view it makes on the way.
 */
import {
  COMPARE_OPS,
  type BinaryOp,
  type CompareOp,
  type Device,
  type DeviceBuffer,
  type InputView,
  type KernelName,
  type MatrixView,
  type ReduceOp,
  type UnaryOp,
} from "./device.js";
import { defaultDevice } from "./devices/index.js";
import {
  canCastSameKind,
  DEFAULT_FLOAT,
  floating,
  floatResult,
  promoteScalar,
  resultType,
  type DType,
  type TypedArray,
} from "./dtype.js";
import { AxisError, DeviceMismatchError, DTypeError, IndexError, ShapeError, ValueError } from "./errors.js";
import { EDGE, formatArray, summaryAxes } from "./format.js";
import { applyIndex, checkIndex, type Index } from "./indexing.js";
import {
  broadcastShapes,
  checkShape,
  compactStrides,
  fmtShape,
  normalizeAxis,
  prod,
  sameShape,
  sortedAxes,
  type Shape,
} from "./shape.js";
import * as v from "./validate.js";

/** A nested JS array of numbers (or booleans), as `toArray()` returns and `array()` takes. */
export type NestedArray = number | boolean | NestedArray[];
/** An operand: another array, or a JS number broadcast as a weak scalar (see dtype.ts). */
export type Operand = NDArray | number;
/** The axes of a reduction: one, a list, or null/undefined for all. */
export type Axes = number | readonly number[] | null;

/**
 * Node's key for custom `console.log`/REPL output (what `util.inspect.custom` is); reached
 * through the global symbol registry so the library needs no `node:util` import.
 */
const INSPECT: unique symbol = Symbol.for("nodejs.util.inspect.custom");

/** What the reduction ops and `mean`/`var` say they take, for arity errors. */
const REDUCE_PARAMS = ["axis", "keepdims"];

/** True while the library constructs an array from parts it computed itself: the constructor skips its checks. */
let trusted = false;

/** `new NDArray(...)` for parts the library computed (a view of a checked array, a fresh result). */
function construct(buffer: DeviceBuffer, shape: readonly number[], strides: readonly number[], offset: number, device: Device): NDArray {
  trusted = true;
  try {
    return new NDArray(buffer, shape, strides, offset, device);
  } finally {
    trusted = false;
  }
}

/** A fresh zero-filled compact array of a shape already checked. */
function emptyArray(shape: readonly number[], dtype: DType, device: Device): NDArray {
  return construct(device.alloc(prod(shape), dtype), shape, compactStrides(shape), 0, device);
}

/** A fresh compact array that a kernel is about to write every element of (device.ts's allocResult). */
function resultArray(shape: readonly number[], dtype: DType, device: Device): NDArray {
  const size = prod(shape);
  return construct(device.allocResult?.(size, dtype) ?? device.alloc(size, dtype), shape, compactStrides(shape), 0, device);
}

export class NDArray {
  readonly buffer: DeviceBuffer;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
  readonly device: Device;
  readonly dtype: DType;

  /** Low-level: wraps a buffer as a view. Prefer the creation functions (`zeros`, `array`, …). */
  constructor(buffer: DeviceBuffer, shape: readonly number[], strides: readonly number[], offset: number, device: Device) {
    if (trusted) {
      [this.buffer, this.shape, this.strides, this.offset, this.device] = [buffer, shape, strides, offset, device];
    } else {
      const fn = "NDArray";
      v.arity(fn, arguments, ["buffer", "shape", "strides", "offset", "device"]);
      this.buffer = v.buffer(fn, "buffer", buffer);
      this.shape = v.shape(fn, "shape", shape);
      this.strides = v.list(fn, "strides", strides, v.integer);
      this.offset = v.integer(fn, "offset", offset);
      this.device = v.device(fn, "device", device);
    }
    this.dtype = this.buffer.dtype;
  }

  /** A fresh zero-filled compact array. */
  static empty(shape: Shape, dtype: DType, device: Device = defaultDevice()): NDArray {
    v.arity("empty", arguments, ["shape", "dtype", "device"]);
    const s = checkShape("empty", v.shape("empty", "shape", shape));
    return emptyArray(s, v.dtype("empty", "dtype", dtype), v.device("empty", "device", device));
  }

  /** A compact array holding a copy of `data` (row-major), with the typed array's dtype. */
  static fromTypedArray(data: TypedArray, shape: Shape, device: Device = defaultDevice()): NDArray {
    const fn = "fromTypedArray";
    v.arity(fn, arguments, ["data", "shape", "device"]);
    const values = v.typedArray(fn, "data", data);
    const s = checkShape(fn, v.shape(fn, "shape", shape));
    const dev = v.device(fn, "device", device);
    if (prod(s) !== values.length) {
      throw new ShapeError(fn, `${values.length} values cannot fill shape ${fmtShape(s)} (${prod(s)} elements)`);
    }
    return construct(dev.fromTypedArray(values), s, compactStrides(s), 0, dev);
  }

  get ndim(): number {
    return this.shape.length;
  }

  get size(): number {
    return prod(this.shape);
  }

  /** Row-major strides with no gaps (offset may be anything): a reshape can stay a view. */
  isContiguous(): boolean {
    v.arity("isContiguous", arguments, []);
    const expected = compactStrides(this.shape);
    return this.shape.every((d, i) => d <= 1 || this.strides[i] === expected[i]);
  }

  /** The whole buffer is this array in row-major order: kernels can take it as it is. */
  #isDense(): boolean {
    return this.offset === 0 && this.buffer.size === this.size && this.isContiguous();
  }

  // ---------------------------------------------------------------- views

  #view(shape: readonly number[], strides: readonly number[], offset = this.offset): NDArray {
    return construct(this.buffer, shape, strides, offset, this.device);
  }

  /**
   * The same elements in a new shape, given as a list (`reshape([3, 2])`, numpy) or as
   * integers (`reshape(3, 2)`, PyTorch); one dimension may be -1 (inferred). A view when the
   * array is contiguous, otherwise a compact copy (numpy sometimes avoids that copy; we don't).
   */
  reshape(shape: Shape): NDArray;
  reshape(...shape: number[]): NDArray;
  reshape(...args: unknown[]): NDArray {
    return this.#reshape(v.shapeArgs("reshape", "shape", args, "x.reshape"));
  }

  #reshape(shape: readonly number[]): NDArray {
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
    const source = this.isContiguous() ? this : this.#cast(this.dtype);
    return source.#view(target, compactStrides(target));
  }

  /** Flattens to 1-D (a view when contiguous). */
  flatten(): NDArray {
    v.arity("flatten", arguments, []);
    return this.#reshape([this.size]);
  }

  /**
   * `transpose()` reverses every axis (numpy's `.T`; for a matrix, PyTorch's `.t()`);
   * `transpose(d0, d1)` swaps two axes (PyTorch's `transpose(dim0, dim1)`);
   * `transpose([2, 0, 1])` orders them (numpy's `transpose(axes)`, as `permute`). A view.
   */
  transpose(axes: readonly number[]): NDArray;
  transpose(dim0?: number, dim1?: number): NDArray;
  transpose(dim0?: number | readonly number[], dim1?: number): NDArray {
    v.arity("transpose", arguments, ["dim0", "dim1"]);
    if (Array.isArray(dim0) && dim1 === undefined) return this.#permute(v.list("transpose", "axes", dim0, v.integer));
    const axes = this.shape.map((_, i) => i);
    if (dim0 === undefined && dim1 === undefined) return this.#permute(axes.reverse());
    if (dim0 === undefined || dim1 === undefined) {
      throw new ValueError("transpose", "give no axes (reverse all), two axes to swap, or one list of axes");
    }
    const a = normalizeAxis("transpose", v.axis("transpose", "dim0", dim0), this.ndim);
    const b = normalizeAxis("transpose", v.axis("transpose", "dim1", dim1), this.ndim);
    [axes[a], axes[b]] = [axes[b], axes[a]];
    return this.#permute(axes);
  }

  /** Shorthand for `transpose()`. */
  get T(): NDArray {
    return this.transpose();
  }

  /** Reorders axes: result axis i is this array's axis `axes[i]`; `permute([1, 0])` or `permute(1, 0)`. A view. */
  permute(axes: readonly number[]): NDArray;
  permute(...axes: number[]): NDArray;
  permute(...args: unknown[]): NDArray {
    return this.#permute(args.length === 1 && Array.isArray(args[0]) ? v.list("permute", "axes", args[0], v.integer) : args.map((a, i) => v.axis("permute", `axis ${i + 1}`, a)));
  }

  #permute(axes: readonly number[]): NDArray {
    if (axes.length !== this.ndim) {
      throw new AxisError("permute", `axes [${axes.join(",")}] do not match an array of ${this.ndim} dimensions (shape ${fmtShape(this.shape)})`);
    }
    sortedAxes("permute", axes, this.ndim);
    const order = axes.map((a) => normalizeAxis("permute", a, this.ndim));
    return this.#view(order.map((a) => this.shape[a]), order.map((a) => this.strides[a]));
  }

  /** A view of this array repeated along new or size-1 axes (stride 0), numpy's broadcast_to (PyTorch's expand). */
  broadcastTo(shape: Shape): NDArray {
    v.arity("broadcastTo", arguments, ["shape"]);
    return this.#broadcast(checkShape("broadcastTo", v.shape("broadcastTo", "shape", shape)));
  }

  #broadcast(target: readonly number[]): NDArray {
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
    return this.#view(target, strides);
  }

  /** Inserts a size-1 axis at `axis` (PyTorch's unsqueeze, numpy's expand_dims). A view. */
  unsqueeze(axis: number): NDArray {
    v.arity("unsqueeze", arguments, ["axis"]);
    const ax = normalizeAxis("unsqueeze", v.axis("unsqueeze", "axis", axis), this.ndim + 1);
    const shape = [...this.shape];
    const strides = [...this.strides];
    shape.splice(ax, 0, 1);
    strides.splice(ax, 0, 0);
    return this.#view(shape, strides);
  }

  /** Removes size-1 axes: all of them, or the ones named (each must have size 1). A view. */
  squeeze(axis?: number | readonly number[]): NDArray {
    v.arity("squeeze", arguments, ["axis"]);
    const named = v.axes("squeeze", "axis", axis);
    const axes = named === undefined || named === null ? this.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : sortedAxes("squeeze", named, this.ndim);
    for (const a of axes) {
      if (this.shape[a] !== 1) {
        throw new ShapeError("squeeze", `cannot squeeze axis ${a} of shape ${fmtShape(this.shape)}: its size is ${this.shape[a]}, not 1`);
      }
    }
    const keep = this.shape.map((_, i) => i).filter((i) => !axes.includes(i));
    return this.#view(keep.map((i) => this.shape[i]), keep.map((i) => this.strides[i]));
  }

  /**
   * Basic indexing, numpy style: `a.slice("1:3, ::-1, 0")` or `a.slice(0, null, { step: 2 })`.
   * A view. Lists and arrays do not index (see `take` and `where`). See indexing.ts.
   */
  slice(...indices: Index[]): NDArray {
    const checked = indices.map((ix, i) => v.index("slice", `index ${i + 1}`, ix));
    const view = applyIndex("slice", this.shape, this.strides, this.offset, checked);
    return this.#view(view.shape, view.strides, view.offset);
  }

  /** Reverses the order of elements along the given axes (all when omitted). A view with negative strides. */
  flip(axis?: number | readonly number[]): NDArray {
    v.arity("flip", arguments, ["axis"]);
    const axes = sortedAxes("flip", v.axes("flip", "axis", axis), this.ndim);
    let offset = this.offset;
    const strides = this.strides.map((s, i) => {
      if (!axes.includes(i)) return s;
      if (this.shape[i] > 0) offset += (this.shape[i] - 1) * s;
      return -s;
    });
    return this.#view(this.shape, strides, offset);
  }

  /**
   * A view with arbitrary shape, strides and offset (in elements) over the same buffer, as
   * numpy's `as_strided`. Checked: every reachable element must lie inside the buffer.
   */
  asStrided(shape: Shape, strides: readonly number[], offset = this.offset): NDArray {
    const fn = "asStrided";
    v.arity(fn, arguments, ["shape", "strides", "offset"]);
    const s = checkShape(fn, v.shape(fn, "shape", shape));
    const st = v.list(fn, "strides", strides, v.integer);
    const off = v.integer(fn, "offset", offset);
    if (st.length !== s.length) {
      throw new ShapeError(fn, `shape ${fmtShape(s)} and strides [${st.join(",")}] differ in length`);
    }
    if (prod(s) > 0) {
      let lo = off;
      let hi = off;
      s.forEach((d, i) => {
        const reach = (d - 1) * st[i];
        if (reach < 0) lo += reach;
        else hi += reach;
      });
      if (lo < 0 || hi >= this.buffer.size) {
        throw new IndexError(
          fn,
          `shape ${fmtShape(s)} with strides [${st.join(",")}] and offset ${off} reaches elements ${lo}…${hi}, outside the buffer of ${this.buffer.size}`,
        );
      }
    }
    return this.#view(s, st, off);
  }

  // ---------------------------------------------------------------- copies and conversion

  /** This array in a compact buffer of its own: `this` if it already is one, else a copy. */
  compact(): NDArray {
    v.arity("compact", arguments, []);
    return this.#isDense() ? this : this.#cast(this.dtype);
  }

  /** A compact copy that never shares the buffer (PyTorch's `clone`, numpy's `copy`). */
  clone(): NDArray {
    v.arity("clone", arguments, []);
    return this.#cast(this.dtype);
  }

  /** Converts to `dtype` (to bool: non-zero → true). Returns `this` when nothing changes unless `copy`. */
  astype(dtype: DType, copy = false): NDArray {
    v.arity("astype", arguments, ["dtype", "copy"]);
    return this.#asType(v.dtype("astype", "dtype", dtype), v.boolean("astype", "copy", copy));
  }

  #asType(dtype: DType, copy = false): NDArray {
    return dtype === this.dtype && !copy && this.#isDense() ? this : this.#cast(dtype);
  }

  /** A fresh compact copy converted to `dtype`. */
  #cast(dtype: DType): NDArray {
    const out = resultArray(this.shape, dtype, this.device);
    this.device.compact(this.buffer, out.buffer, this.shape, this.strides, this.offset);
    return out;
  }

  /** A copy on another device (`this` when already there): `x.to(cuda())` or `x.to("cuda")`. */
  to(device: Device | string): NDArray {
    v.arity("to", arguments, ["device"]);
    const target = v.device("to", "device", device);
    if (target === this.device) return this;
    return NDArray.fromTypedArray(this.toTypedArray(), this.shape, target);
  }

  /** The elements, row-major, in a fresh typed array on the host. */
  toTypedArray(): TypedArray {
    v.arity("toTypedArray", arguments, []);
    return this.device.toTypedArray(this.#asType(this.dtype).buffer);
  }

  /** Nested JS arrays (numbers; booleans for a bool array); a number for a 0-d array. */
  toArray(): NestedArray {
    v.arity("toArray", arguments, []);
    const flat = Array.from(this.toTypedArray(), (x) => (this.dtype === "bool" ? x !== 0 : x));
    const build = (axis: number, start: number): NestedArray => {
      if (axis === this.ndim) return flat[start];
      const step = prod(this.shape.slice(axis + 1));
      return Array.from({ length: this.shape[axis] }, (_, i) => build(axis + 1, start + i * step));
    };
    return build(0, 0);
  }

  /** The single element of a one-element array, as a number. */
  item(): number {
    v.arity("item", arguments, []);
    if (this.size !== 1) {
      throw new ValueError("item", `only arrays with one element can be converted to a number; shape is ${fmtShape(this.shape)}`);
    }
    return this.toTypedArray()[0];
  }

  /**
   * numpy's repr with dtype and device: `array([[1., 2.], [3., 4.]], dtype=float32, device=cpu)`
   * (see format.ts). A large array is summarised, and only the elements shown leave the device.
   */
  toString(): string {
    v.arity("toString", arguments, []);
    const cut = summaryAxes(this.shape);
    let shown: NDArray = this;
    cut.forEach((isCut, axis) => {
      if (!isCut) return;
      const n = this.shape[axis];
      const edges = [...Array(EDGE).keys(), ...Array.from({ length: EDGE }, (_, i) => n - EDGE + i)];
      shown = shown.take(edges, axis);
    });
    return formatArray(this.shape, this.dtype, this.device.name, shown.toTypedArray(), cut);
  }

  /** What `console.log` and the REPL print: the repr (or why the buffer cannot be read, e.g. freed). */
  [INSPECT](): string {
    try {
      return this.toString();
    } catch (e) {
      return `NDArray(shape=${fmtShape(this.shape)}, dtype=${this.dtype}, device=${this.device.name}: ${e instanceof Error ? e.message : String(e)})`;
    }
  }

  // ---------------------------------------------------------------- element-wise

  /** Broadcast to `shape`, cast to `dtype`, compact: a buffer ready for a kernel. */
  #prepared(dtype: DType, shape: readonly number[]): DeviceBuffer {
    const b = sameShape(this.shape, shape) ? this : this.#broadcast(shape);
    return b.#asType(dtype).buffer;
  }

  /** Whether the device reads this kernel's inputs through views (device.ts), so nothing need be compacted first. */
  #readsViews(kernel: KernelName): boolean {
    return this.device.readsViews?.has(kernel) ?? false;
  }

  /** Cast to `dtype` (a compact copy only when the dtype differs), then broadcast to `shape`: a view for such a kernel. */
  #viewed(dtype: DType, shape: readonly number[]): NDArray {
    const cast = dtype === this.dtype ? this : this.#cast(dtype);
    return sameShape(cast.shape, shape) ? cast : cast.#broadcast(shape);
  }

  #inputView(): InputView {
    return { shape: this.shape, strides: this.strides, offset: this.offset };
  }

  #checkDevice(op: string, other: NDArray): void {
    if (other.device !== this.device) throw new DeviceMismatchError(op, this.device.name, other.device.name);
  }

  #binary(op: BinaryOp | CompareOp, name: string, args: IArguments, other: Operand): NDArray {
    v.arity(name, args, ["other"]);
    const operand = v.operand(name, "other", other);
    const compare = (COMPARE_OPS as readonly string[]).includes(op);
    let dtype: DType;
    let shape: number[];
    if (typeof operand === "number") {
      dtype = promoteScalar(this.dtype, operand);
      shape = [...this.shape];
    } else {
      this.#checkDevice(name, operand);
      dtype = resultType(this.dtype, operand.dtype);
      shape = broadcastShapes(name, this.shape, operand.shape);
    }
    if (op === "Div") dtype = floatResult(dtype);
    else if (dtype === "bool" && !compare) dtype = "int32";
    const out = resultArray(shape, compare ? "bool" : dtype, this.device);
    // A weak scalar is first cast to the computation dtype, as numpy casts it.
    if (typeof operand === "number") {
      const value = dtype === "float32" ? Math.fround(operand) : operand;
      if (this.#readsViews(`scalar${op}`)) {
        const a = this.#viewed(dtype, shape);
        this.device[`scalar${op}`](a.buffer, value, out.buffer, a.#inputView());
      } else this.device[`scalar${op}`](this.#prepared(dtype, shape), value, out.buffer);
    } else if (this.#readsViews(`ewise${op}`)) {
      const [a, b] = [this.#viewed(dtype, shape), operand.#viewed(dtype, shape)];
      this.device[`ewise${op}`](a.buffer, b.buffer, out.buffer, [a.#inputView(), b.#inputView()]);
    } else this.device[`ewise${op}`](this.#prepared(dtype, shape), operand.#prepared(dtype, shape), out.buffer);
    return out;
  }

  /**
   * `other op this` (the reflected op, Python's `__rsub__`): with a number, a 0-d array of
   * the weak scalar's dtype on the left, so the dtype rule is the same as `this op other`.
   */
  #reflected(op: "Sub" | "Div" | "Pow", name: string, args: IArguments, other: Operand): NDArray {
    v.arity(name, args, ["other"]);
    const operand = v.operand(name, "other", other);
    const left = typeof operand === "number" ? emptyArray([], promoteScalar(this.dtype, operand), this.device).#assign(name, operand) : operand;
    const method = op === "Sub" ? "sub" : op === "Div" ? "div" : "pow";
    return left[method](this);
  }

  #unary(op: UnaryOp, name: string, args: IArguments, floatOnly: boolean): NDArray {
    v.arity(name, args, []);
    const dtype = floatOnly ? floatResult(this.dtype) : this.dtype === "bool" ? "int32" : this.dtype;
    const out = resultArray(this.shape, dtype, this.device);
    if (this.#readsViews(`ewise${op}`)) {
      const a = this.#viewed(dtype, this.shape);
      this.device[`ewise${op}`](a.buffer, out.buffer, a.#inputView());
    } else this.device[`ewise${op}`](this.#prepared(dtype, this.shape), out.buffer);
    return out;
  }

  add(other: Operand): NDArray {
    return this.#binary("Add", "add", arguments, other);
  }
  sub(other: Operand): NDArray {
    return this.#binary("Sub", "sub", arguments, other);
  }
  mul(other: Operand): NDArray {
    return this.#binary("Mul", "mul", arguments, other);
  }
  /** True division: integer operands give float64, as numpy's `/`. */
  div(other: Operand): NDArray {
    return this.#binary("Div", "div", arguments, other);
  }
  pow(other: Operand): NDArray {
    return this.#binary("Pow", "pow", arguments, other);
  }
  /** `other − this` (PyTorch's `rsub`): `x.rsub(1)` is 1 − x, with the dtype `x.sub(1)` would have. */
  rsub(other: Operand): NDArray {
    return this.#reflected("Sub", "rsub", arguments, other);
  }
  /** `other / this`: `x.rdiv(1)` is 1 / x (true division, as `div`). */
  rdiv(other: Operand): NDArray {
    return this.#reflected("Div", "rdiv", arguments, other);
  }
  /** `other ** this`: `x.rpow(2)` is 2ˣ. */
  rpow(other: Operand): NDArray {
    return this.#reflected("Pow", "rpow", arguments, other);
  }
  /** Element-wise maximum; NaN wins, as numpy.maximum. */
  maximum(other: Operand): NDArray {
    return this.#binary("Maximum", "maximum", arguments, other);
  }
  minimum(other: Operand): NDArray {
    return this.#binary("Minimum", "minimum", arguments, other);
  }
  eq(other: Operand): NDArray {
    return this.#binary("Eq", "eq", arguments, other);
  }
  ne(other: Operand): NDArray {
    return this.#binary("Ne", "ne", arguments, other);
  }
  lt(other: Operand): NDArray {
    return this.#binary("Lt", "lt", arguments, other);
  }
  le(other: Operand): NDArray {
    return this.#binary("Le", "le", arguments, other);
  }
  gt(other: Operand): NDArray {
    return this.#binary("Gt", "gt", arguments, other);
  }
  ge(other: Operand): NDArray {
    return this.#binary("Ge", "ge", arguments, other);
  }

  neg(): NDArray {
    return this.#unary("Neg", "neg", arguments, false);
  }
  abs(): NDArray {
    return this.#unary("Abs", "abs", arguments, false);
  }
  /** −1, 0 or 1 (NaN stays NaN), as numpy.sign. */
  sign(): NDArray {
    return this.#unary("Sign", "sign", arguments, false);
  }
  exp(): NDArray {
    return this.#unary("Exp", "exp", arguments, true);
  }
  log(): NDArray {
    return this.#unary("Log", "log", arguments, true);
  }
  sqrt(): NDArray {
    return this.#unary("Sqrt", "sqrt", arguments, true);
  }
  tanh(): NDArray {
    return this.#unary("Tanh", "tanh", arguments, true);
  }
  sin(): NDArray {
    return this.#unary("Sin", "sin", arguments, true);
  }
  cos(): NDArray {
    return this.#unary("Cos", "cos", arguments, true);
  }
  erf(): NDArray {
    return this.#unary("Erf", "erf", arguments, true);
  }

  /** x², as `x.mul(x)` (bool gives int32, as PyTorch's square). */
  square(): NDArray {
    v.arity("square", arguments, []);
    return this.mul(this);
  }

  /** 1 / x, true division as `div` (integers give float64). */
  reciprocal(): NDArray {
    v.arity("reciprocal", arguments, []);
    return this.rdiv(1);
  }

  /**
   * log(1 + x), accurate where x is tiny and 1 + x rounds (Goldberg's correction, from the
   * log and division kernels): with u = fl(1 + x), log1p(x) = log(u)·x/(u − 1), and x itself
   * where u rounds to exactly 1. Floats keep their dtype; integers give float64.
   */
  log1p(): NDArray {
    v.arity("log1p", arguments, []);
    const x = this.#asType(floatResult(this.dtype));
    const u = x.add(1);
    const d = u.sub(1);
    const corrected = u.log().mul(x.div(d));
    return where(d.eq(0), x, where(u.eq(Infinity), u, corrected));
  }

  /**
   * Limits every element to [min, max] (numpy's clip, PyTorch's clamp): `maximum(min)` then
   * `minimum(max)`, so NaN stays NaN and the dtype is what those give. Either bound may be
   * null (no bound on that side), a number or an array that broadcasts.
   */
  clip(min?: Operand | null, max?: Operand | null): NDArray {
    return this.#clip("clip", arguments, min, max);
  }

  /** PyTorch's name for `clip`. */
  clamp(min?: Operand | null, max?: Operand | null): NDArray {
    return this.#clip("clamp", arguments, min, max);
  }

  #clip(name: string, args: IArguments, min: unknown, max: unknown): NDArray {
    v.arity(name, args, ["min", "max"]);
    const lo = v.optionalOperand(name, "min", min);
    const hi = v.optionalOperand(name, "max", max);
    if (lo === undefined && hi === undefined) throw new ValueError(name, "give min, max or both (null leaves a side open)");
    const floored = lo === undefined ? this : this.maximum(lo);
    return hi === undefined ? floored : floored.minimum(hi);
  }

  /** `cond ? this : other`, element-wise with broadcasting over all three (numpy.where). */
  where(cond: NDArray, other: Operand): NDArray {
    v.arity("where", arguments, ["cond", "other"]);
    return where(v.ndarray("where", "cond", cond), this, v.operand("where", "other", other));
  }

  // ---------------------------------------------------------------- in place

  /**
   * Writes `value` (broadcast to this shape) into this view's elements, in place, and
   * returns `this`. The cast must be "same kind" (numpy's rule for in-place ops): a float
   * cannot be written into an int32 array, nor anything but bool into a bool array.
   */
  assign(value: Operand): NDArray {
    v.arity("assign", arguments, ["value"]);
    return this.#assign("assign", v.operand("assign", "value", value));
  }

  /** Sets every element to `value`, in place, and returns `this` (numpy's `fill`, PyTorch's `fill_`); same-kind as `assign`. */
  fill(value: number): NDArray {
    v.arity("fill", arguments, ["value"]);
    return this.#assign("fill", v.number("fill", "value", value));
  }

  #assign(name: string, value: Operand): NDArray {
    // A size-0 array may have stride 0 on a longer axis without being a broadcast.
    const broadcastAxis = this.size === 0 ? -1 : this.shape.findIndex((d, i) => d > 1 && this.strides[i] === 0);
    if (broadcastAxis >= 0) {
      throw new ValueError(name, `cannot write into a broadcast view (axis ${broadcastAxis} of shape ${fmtShape(this.shape)} has stride 0); write into a .clone() instead`);
    }
    if (typeof value === "number") {
      const fits = this.dtype === "bool" ? value === 0 || value === 1 : this.dtype === "int32" ? Number.isInteger(value) : true;
      if (!fits) {
        throw new DTypeError(name, `cannot write ${value} into an array of dtype ${this.dtype} in place (a same-kind cast is required)`);
      }
      this.device.scalarSetitem(value, this.buffer, this.shape, this.strides, this.offset);
      return this;
    }
    this.#checkDevice(name, value);
    if (!canCastSameKind(value.dtype, this.dtype)) {
      throw new DTypeError(name, `cannot write ${value.dtype} values into an array of dtype ${this.dtype} in place (a same-kind cast is required); use .astype("${this.dtype}") explicitly`);
    }
    let src: NDArray;
    try {
      src = value.#broadcast(this.shape);
    } catch {
      throw new ShapeError(name, `value of shape ${fmtShape(value.shape)} cannot be broadcast to the target shape ${fmtShape(this.shape)}`);
    }
    const compacted = src.buffer === this.buffer ? src.#cast(src.dtype) : src.#asType(src.dtype);
    this.device.ewiseSetitem(compacted.buffer, this.buffer, this.shape, this.strides, this.offset);
    return this;
  }

  #inPlace(name: string, args: IArguments, result: (x: NDArray, other: Operand) => NDArray, other: Operand): NDArray {
    v.arity(name, args, ["other"]);
    const operand = v.operand(name, "other", other);
    if (typeof operand !== "number") broadcastShapes(name, this.shape, operand.shape);
    const r = result(this, operand);
    if (!canCastSameKind(r.dtype, this.dtype)) {
      throw new DTypeError(name, `result dtype ${r.dtype} cannot be stored in place into an array of dtype ${this.dtype} (operand dtype ${typeof operand === "number" ? "number " + operand : operand.dtype}); use the out-of-place op instead`);
    }
    if (!sameShape(r.shape, this.shape)) {
      throw new ShapeError(name, `in-place result has shape ${fmtShape(r.shape)}, but the target has shape ${fmtShape(this.shape)}`);
    }
    return this.#assign(name, r.#asType(this.dtype));
  }

  /** this += other, in place (same-kind cast, result shape must equal this shape). */
  iadd(other: Operand): NDArray {
    return this.#inPlace("iadd", arguments, (x, y) => x.add(y), other);
  }
  isub(other: Operand): NDArray {
    return this.#inPlace("isub", arguments, (x, y) => x.sub(y), other);
  }
  imul(other: Operand): NDArray {
    return this.#inPlace("imul", arguments, (x, y) => x.mul(y), other);
  }
  idiv(other: Operand): NDArray {
    return this.#inPlace("idiv", arguments, (x, y) => x.div(y), other);
  }

  // ---------------------------------------------------------------- reductions

  /** The checked (axis, keepdims) of a reduction; an array as axis is most likely PyTorch's `max(a, b)`. */
  #reduceArgs(name: string, args: IArguments, axis: unknown, keepdims: unknown, params = REDUCE_PARAMS): { axis: Axes | undefined; keepdims: boolean } {
    v.arity(name, args, params);
    if (axis instanceof NDArray && (name === "max" || name === "min")) {
      v.fail(name, "axis", axis, "an integer axis, a list of axes, or null for all", `x.${name}imum(other) for the element-wise ${name}imum`);
    }
    return { axis: v.axes(name, "axis", axis), keepdims: keepdims === undefined ? false : v.boolean(name, "keepdims", keepdims) };
  }

  /**
   * Reduces `axes` (sorted, distinct) by moving them last, compacting to (outer × r)
   * and running one last-axis kernel.
   */
  #reduce(op: ReduceOp, name: string, axis: Axes | undefined, keepdims: boolean, dtype: DType): NDArray {
    const axes = sortedAxes(name, axis, this.ndim);
    const kept = this.shape.map((_, i) => i).filter((i) => !axes.includes(i));
    const r = prod(axes.map((i) => this.shape[i]));
    if (r === 0 && op !== "Sum" && op !== "Prod") {
      throw new ValueError(name, `cannot reduce over a zero-size axis (shape ${fmtShape(this.shape)}, axis ${axis ?? "all"}): ${name} has no identity`);
    }
    const outShape = kept.map((i) => this.shape[i]);
    const moved = this.#permute([...kept, ...axes]);
    const inputDType = op === "Argmax" || op === "Argmin" ? this.dtype : dtype;
    const out = resultArray(outShape, dtype, this.device);
    if (this.#readsViews(`reduce${op}`)) {
      const input = moved.#viewed(inputDType, moved.shape);
      this.device[`reduce${op}`](input.buffer, out.buffer, r, { ...input.#inputView(), reduced: axes.length });
    } else this.device[`reduce${op}`](moved.#asType(inputDType).buffer, out.buffer, r);
    if (!keepdims) return out;
    return out.#reshape(this.shape.map((d, i) => (axes.includes(i) ? 1 : d)));
  }

  /** How many elements each result of a reduction over `axis` combines. */
  #countOver(op: string, axis: Axes | undefined): number {
    return prod(sortedAxes(op, axis, this.ndim).map((i) => this.shape[i]));
  }

  /** Sum over `axis` (a number, a list, or all when omitted). int32 and bool sum to int32. */
  sum(axis?: Axes, keepdims = false): NDArray {
    const a = this.#reduceArgs("sum", arguments, axis, keepdims);
    return this.#reduce("Sum", "sum", a.axis, a.keepdims, floating(this.dtype) ? this.dtype : "int32");
  }

  /** Product over `axis` (1 over an empty axis). int32 and bool multiply to int32 (numpy and PyTorch would use int64). */
  prod(axis?: Axes, keepdims = false): NDArray {
    const a = this.#reduceArgs("prod", arguments, axis, keepdims);
    return this.#reduce("Prod", "prod", a.axis, a.keepdims, floating(this.dtype) ? this.dtype : "int32");
  }

  /** Mean over `axis`; integer inputs give float64, as numpy. */
  mean(axis?: Axes, keepdims = false): NDArray {
    const a = this.#reduceArgs("mean", arguments, axis, keepdims);
    const count = this.#countOver("mean", a.axis);
    return this.#reduce("Sum", "mean", a.axis, a.keepdims, floatResult(this.dtype)).div(count);
  }

  /** Variance over `axis`, dividing by N − ddof (numpy's `ddof`; PyTorch's `correction`). Default ddof 0: biased. */
  var(axis?: Axes, keepdims = false, ddof = 0): NDArray {
    return this.#variance("var", arguments, axis, keepdims, ddof);
  }

  /** Standard deviation: `sqrt(var(axis, keepdims, ddof))`, biased unless ddof = 1 (numpy's default; PyTorch's is ddof 1). */
  std(axis?: Axes, keepdims = false, ddof = 0): NDArray {
    return this.#variance("std", arguments, axis, keepdims, ddof).sqrt();
  }

  #variance(name: string, args: IArguments, axis: unknown, keepdims: unknown, ddof: unknown): NDArray {
    const a = this.#reduceArgs(name, args, axis, keepdims, [...REDUCE_PARAMS, "ddof"]);
    const correction = ddof === undefined ? 0 : v.number(name, "ddof", ddof);
    const count = this.#countOver(name, a.axis);
    const centred = this.sub(this.mean(a.axis, true));
    return centred.mul(centred).sum(a.axis, a.keepdims).div(count - correction);
  }

  max(axis?: Axes, keepdims = false): NDArray {
    const a = this.#reduceArgs("max", arguments, axis, keepdims);
    return this.#reduce("Max", "max", a.axis, a.keepdims, this.dtype);
  }

  min(axis?: Axes, keepdims = false): NDArray {
    const a = this.#reduceArgs("min", arguments, axis, keepdims);
    return this.#reduce("Min", "min", a.axis, a.keepdims, this.dtype);
  }

  /** Whether any element over `axis` is non-zero (NaN counts as non-zero, as numpy). bool; false over an empty axis. */
  any(axis?: Axes, keepdims = false): NDArray {
    const a = this.#reduceArgs("any", arguments, axis, keepdims);
    return this.ne(0).sum(a.axis, a.keepdims).gt(0);
  }

  /** Whether every element over `axis` is non-zero. bool; true over an empty axis. */
  all(axis?: Axes, keepdims = false): NDArray {
    const a = this.#reduceArgs("all", arguments, axis, keepdims);
    return this.eq(0).sum(a.axis, a.keepdims).eq(0);
  }

  /** Index of the first maximum along `axis` (int32); over the flattened array when omitted, as numpy. */
  argmax(axis?: number, keepdims = false): NDArray {
    return this.#argReduce("Argmax", "argmax", arguments, axis, keepdims);
  }

  argmin(axis?: number, keepdims = false): NDArray {
    return this.#argReduce("Argmin", "argmin", arguments, axis, keepdims);
  }

  #argReduce(op: "Argmax" | "Argmin", name: string, args: IArguments, axis: unknown, keepdims: unknown): NDArray {
    v.arity(name, args, REDUCE_PARAMS);
    const keep = keepdims === undefined ? false : v.boolean(name, "keepdims", keepdims);
    if (axis === undefined || axis === null) {
      const flat = this.#reshape([this.size]).#reduce(op, name, 0, false, "int32");
      return keep ? flat.#reshape(this.shape.map(() => 1)) : flat;
    }
    return this.#reduce(op, name, normalizeAxis(name, v.axis(name, "axis", axis), this.ndim), keep, "int32");
  }

  // ---------------------------------------------------------------- along one axis

  /**
   * Runs a last-axis kernel over `axis` (the flattened array when null/undefined): moves the
   * axis last, compacts to (outer × r), and moves the result's axis back.
   */
  #alongAxis(name: string, axis: unknown, dtype: DType, outDType: DType, kernel: (a: DeviceBuffer, out: DeviceBuffer, r: number) => void): NDArray {
    const chosen = axis === undefined || axis === null ? undefined : v.axis(name, "axis", axis);
    const source = chosen === undefined ? this.#reshape([this.size]) : this;
    const ax = normalizeAxis(name, chosen ?? 0, source.ndim);
    const order = source.shape.map((_, i) => i).filter((i) => i !== ax);
    const moved = source.#permute([...order, ax]).#asType(dtype);
    const out = resultArray(moved.shape, outDType, this.device);
    if (out.size > 0) kernel(moved.buffer, out.buffer, source.shape[ax]);
    const back = source.shape.map((_, i) => (i === ax ? source.ndim - 1 : i < ax ? i : i - 1));
    return out.#permute(back);
  }

  /**
   * Running sums along `axis` (numpy's cumsum; the flattened array when omitted, as numpy;
   * PyTorch requires the axis). Each sum accumulates in float64 from the first element, so
   * float results are the sequential sums rounded once. int32 and bool give int32.
   */
  cumsum(axis?: number | null): NDArray {
    v.arity("cumsum", arguments, ["axis"]);
    const dtype = floating(this.dtype) ? this.dtype : "int32";
    return this.#alongAxis("cumsum", axis, dtype, dtype, this.device.cumsum);
  }

  /**
   * Indices (int32) that sort each line along `axis` ascending (last axis by default, as
   * numpy and PyTorch; the flattened array for null). Stable: equal elements keep their
   * order. NaN sorts last, as numpy. For descending order, `x.neg().argsort(axis)`.
   */
  argsort(axis: number | null = -1): NDArray {
    v.arity("argsort", arguments, ["axis"], "x.argsort(axis); for descending order x.neg().argsort(axis)");
    return this.#alongAxis("argsort", axis, this.dtype, "int32", this.device.argsort);
  }

  // ---------------------------------------------------------------- matmul

  /**
   * Matrix product with numpy's `matmul` rules: the last two axes multiply, leading
   * (batch) axes broadcast; a 1-D left operand acts as a row and a 1-D right operand as a
   * column, and that axis is removed from the result.
   */
  matmul(other: NDArray): NDArray {
    v.arity("matmul", arguments, ["other"]);
    const rhs = v.ndarray("matmul", "other", other, typeof other === "number" ? `x.mul(${other}) to scale` : undefined);
    this.#checkDevice("matmul", rhs);
    if (this.ndim === 0 || rhs.ndim === 0) {
      throw new ShapeError("matmul", `shapes ${fmtShape(this.shape)} and ${fmtShape(rhs.shape)}: 0-d operands are not allowed; use mul`);
    }
    const a = this.ndim === 1 ? this.unsqueeze(0) : this;
    const b = rhs.ndim === 1 ? rhs.unsqueeze(1) : rhs;
    const [m, n] = a.shape.slice(-2);
    const [n2, p] = b.shape.slice(-2);
    if (n !== n2) {
      throw new ShapeError("matmul", `shapes ${fmtShape(this.shape)} and ${fmtShape(rhs.shape)} do not align (${n} ≠ ${n2})`);
    }
    const [batchA, batchB] = [a.shape.slice(0, -2), b.shape.slice(0, -2)];
    let batch: number[];
    try {
      batch = broadcastShapes("matmul", batchA, batchB);
    } catch {
      throw new ShapeError("matmul", `shapes ${fmtShape(this.shape)} and ${fmtShape(rhs.shape)}: batch axes ${fmtShape(batchA)} and ${fmtShape(batchB)} cannot be broadcast together`);
    }
    let dtype = resultType(a.dtype, b.dtype);
    if (dtype === "bool") dtype = "int32";
    const out = resultArray([...batch, m, p], dtype, this.device);
    const count = prod(batch);
    if (count > 0) a.#matmulInto(b, out, dtype, batch, batchB.length === 0);
    let result = out;
    if (rhs.ndim === 1) result = result.squeeze(-1);
    if (this.ndim === 1) result = result.squeeze(rhs.ndim === 1 ? -1 : -2);
    return result;
  }

  /**
   * out = this · b over the broadcast `batch`. A right operand without batch axes is one
   * matrix for every batch entry, so (when the left one's batch and row axes walk as one)
   * the batch folds into the rows: one (batch·m × n) · (n × p) product, never b copied per
   * entry. A device that reads matmul's views gets each operand where it lies (a
   * transposed weight is not copied); otherwise both are broadcast and compacted.
   */
  #matmulInto(b: NDArray, out: NDArray, dtype: DType, batch: readonly number[], foldable: boolean): void {
    const [m, n] = this.shape.slice(-2);
    const p = b.shape[b.ndim - 1];
    const count = prod(batch);
    const rows = foldable && count > 1 ? this.#viewed(dtype, this.shape).#foldedRows() : undefined;
    if (rows !== undefined) {
      rows.#matmulInto(b, out, dtype, [], false);
      return;
    }
    if (this.#readsViews(count === 1 ? "matmul" : "matmulBatched")) {
      const a = this.#viewed(dtype, [...batch, m, n]).#matrixOperand();
      const c = b.#viewed(dtype, [...batch, n, p]).#matrixOperand();
      const views: [MatrixView, MatrixView] = [a.view, c.view];
      if (count === 1) this.device.matmul(a.buffer, c.buffer, out.buffer, m, n, p, views);
      else this.device.matmulBatched(a.buffer, c.buffer, out.buffer, count, m, n, p, views);
      return;
    }
    const ab = this.#prepared(dtype, [...batch, m, n]);
    const bb = b.#prepared(dtype, [...batch, n, p]);
    if (count === 1) this.device.matmul(ab, bb, out.buffer, m, n, p);
    else this.device.matmulBatched(ab, bb, out.buffer, count, m, n, p);
  }

  /** A (…, m, n) array as one (rows × n) matrix: a view when its leading axes and rows walk as one, else a compact copy. */
  #foldedRows(): NDArray {
    const n = this.shape[this.ndim - 1];
    const rows = prod(this.shape.slice(0, -1));
    const stride = this.#jointStride(this.ndim - 1);
    if (stride === undefined) return this.#cast(this.dtype).#reshape([rows, n]);
    return this.#view([rows, n], [stride, this.strides[this.ndim - 1]]);
  }

  /** The stride of axes [0, end) walked as one axis, or undefined when they do not (size-1 axes never matter). */
  #jointStride(end: number): number | undefined {
    let stride: number | undefined;
    for (let i = end - 1; i >= 0; i--) {
      if (this.shape[i] === 1) continue;
      if (stride !== undefined && this.strides[i] !== stride) return undefined;
      stride = this.strides[i] * this.shape[i];
    }
    const inner = this.shape.slice(0, end).findLastIndex((d) => d !== 1);
    return inner < 0 ? 0 : this.strides[inner];
  }

  /** This (…batch, r, c) array as a batch of matrices read in place (compacted when its batch axes do not walk as one). */
  #matrixOperand(): { buffer: DeviceBuffer; view: MatrixView } {
    const batchStride = this.#jointStride(this.ndim - 2);
    const src = batchStride === undefined ? this.#cast(this.dtype) : this;
    const [row, col] = src.strides.slice(-2);
    const batch = batchStride ?? row * src.shape[src.ndim - 2];
    return { buffer: src.buffer, view: { batch, row, col, offset: src.offset } };
  }

  // ---------------------------------------------------------------- gather

  /**
   * Elements at `indices` along `axis`, as numpy's take: the axis is replaced by the
   * indices' shape (a number drops it), and without an axis the array is flattened first.
   * Indices are integers, negative ones counting from the end. A copy.
   */
  take(indices: NDArray | readonly number[] | number, axis?: number | null): NDArray {
    v.arity("take", arguments, ["indices", "axis"]);
    const { list, shape } = takeIndices(indices);
    const source = axis === undefined || axis === null ? this.#reshape([this.size]) : this;
    const ax = normalizeAxis("take", axis === undefined || axis === null ? 0 : v.axis("take", "axis", axis), source.ndim);
    const n = source.shape[ax];
    const rows = Int32Array.from(list, (i) => checkIndex("take", i, ax, n));
    const outShape = [...source.shape];
    outShape[ax] = list.length;
    const out = resultArray(outShape, this.dtype, this.device);
    if (out.size > 0) {
      const dense = source.#asType(this.dtype);
      const indexBuffer = this.device.fromTypedArray(rows);
      try {
        this.device.take(dense.buffer, indexBuffer, out.buffer, n, prod(source.shape.slice(ax + 1)));
      } finally {
        this.device.free(indexBuffer);
      }
    }
    return out.#reshape([...source.shape.slice(0, ax), ...shape, ...source.shape.slice(ax + 1)]);
  }
}

/** `take`'s indices as a flat list and the shape they give the taken axis. */
function takeIndices(indices: unknown): { list: number[]; shape: number[] } {
  const expects = "an int32 NDArray, a list of integers or an integer";
  if (typeof indices === "number") return { list: [v.integer("take", "indices", indices)], shape: [] };
  if (Array.isArray(indices)) {
    const list = v.list("take", "indices", indices, v.integer);
    return { list, shape: [list.length] };
  }
  if (indices instanceof NDArray) {
    if (indices.dtype !== "int32") {
      v.fail("take", "indices", indices, expects, indices.dtype === "bool" ? "where(mask, x, 0) (a mask does not index)" : `indices.astype("int32")`);
    }
    return { list: Array.from(indices.toTypedArray()), shape: [...indices.shape] };
  }
  return v.fail("take", "indices", indices, expects);
}

/**
 * `cond ? a : b`, element-wise, broadcasting all three (numpy.where); `cond` is read as
 * bool (non-zero = true). The result dtype promotes `a` and `b`, numbers being weak
 * scalars; two numbers give int32 when both are integers, else the default float.
 */
export function where(cond: NDArray, a: Operand, b: Operand): NDArray {
  v.arity("where", arguments, ["cond", "a", "b"]);
  const c = v.ndarray("where", "cond", cond);
  const x = v.operand("where", "a", a);
  const y = v.operand("where", "b", b);
  const device = c.device;
  const arrays = [x, y].filter((z): z is NDArray => z instanceof NDArray);
  for (const z of arrays) if (z.device !== device) throw new DeviceMismatchError("where", device.name, z.device.name);
  const shape = broadcastShapes("where", c.shape, ...arrays.map((z) => z.shape));
  const numbers = [x, y].filter((z): z is number => typeof z === "number");
  let dtype: DType;
  if (arrays.length === 2) dtype = resultType(arrays[0].dtype, arrays[1].dtype);
  else if (arrays.length === 1) dtype = promoteScalar(arrays[0].dtype, numbers[0]);
  else dtype = numbers.every(Number.isInteger) ? "int32" : DEFAULT_FLOAT;
  const operand = (z: Operand) => (z instanceof NDArray ? z : emptyArray([], dtype, device).assign(z));
  const prep = (z: NDArray, dt: DType) => z.broadcastTo(shape).astype(dt).buffer;
  const out = resultArray(shape, dtype, device);
  device.ewiseWhere(prep(c, "bool"), prep(operand(x), dtype), prep(operand(y), dtype), out.buffer);
  return out;
}
