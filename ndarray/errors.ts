/**
 * Typed errors for the NDArray library. Every message names the operation, shows the
 * shapes, dtypes, axes or devices it saw, and says what would fix it; `code` is stable so
 * the autograder and tests can match on it without parsing prose.
 */
export class KitError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Shapes that do not fit the operation (`matmul: shapes [3,4] and [5,2] do not align (4 ≠ 5)`). */
export class ShapeError extends KitError {
  constructor(op: string, detail: string) {
    super("E_SHAPE", `${op}: ${detail}`);
  }
}

/** An axis outside `[-ndim, ndim)`, or repeated where axes must be distinct. */
export class AxisError extends KitError {
  constructor(op: string, detail: string) {
    super("E_AXIS", `${op}: ${detail}`);
  }
}

/** An integer index outside its axis, or more indices than the array has axes. */
export class IndexError extends KitError {
  constructor(op: string, detail: string) {
    super("E_INDEX", `${op}: ${detail}`);
  }
}

/** A dtype the operation cannot take, or a cast an in-place operation may not make. */
export class DTypeError extends KitError {
  constructor(op: string, detail: string) {
    super("E_DTYPE", `${op}: ${detail}`);
  }
}

/** Operands living on different devices. */
export class DeviceMismatchError extends KitError {
  constructor(op: string, a: string, b: string) {
    super(
      "E_DEVICE_MISMATCH",
      `${op}: operands are on different devices (${a} and ${b}); move one with .to(device)`,
    );
  }
}

/** A device that cannot run here (the CUDA addon not built, no driver, no GPU). */
export class DeviceUnavailableError extends KitError {
  constructor(device: string, reason: string) {
    super("E_DEVICE_UNAVAILABLE", `device ${device} is unavailable: ${reason}`);
  }
}

/** A value the operation cannot take (a negative size, a probability outside [0, 1], ...). */
export class ValueError extends KitError {
  constructor(op: string, detail: string) {
    super("E_VALUE", `${op}: ${detail}`);
  }
}

/**
 * An argument of the wrong type or form (`zeros("3")`, `x.add(undefined)`, `x.slice([0, 1])`).
 * Homework code is compiled without type checks, so the library checks every argument at
 * run time; the message names the function, the argument, what it got and what it expects.
 */
export class ArgumentTypeError extends KitError {
  constructor(op: string, detail: string) {
    super("E_TYPE", `${op}: ${detail}`);
  }
}

/** A `.npy`/`.npz` file this library cannot read: wrong magic, unsupported dtype, truncated. */
export class NpyFormatError extends KitError {
  constructor(source: string, detail: string) {
    super("E_NPY_FORMAT", `${source}: ${detail}`);
  }
}

/**
 * Thrown by a homework stub that has not been written yet. The grader reports it as
 * "not attempted" rather than as a failure with a stack trace.
 */
export class NotImplementedError extends KitError {
  constructor(what: string) {
    super("E_NOT_IMPLEMENTED", `${what} is not implemented yet`);
  }
}
