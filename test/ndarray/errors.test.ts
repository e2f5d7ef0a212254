/** The messages the issue pins: each names the operation, the shapes/dtypes/axis and the reason. */
import { describe, expect, it } from "vitest";
import { arange, AxisError, DTypeError, IndexError, KitError, pad, ShapeError, zeros } from "#ndarray";

function thrown(f: () => unknown): KitError {
  try {
    f();
  } catch (e) {
    if (e instanceof KitError) return e;
    throw e;
  }
  throw new Error("expected a KitError, nothing was thrown");
}

describe("error messages", () => {
  const a = arange(12).reshape([3, 4]);

  it.each([
    ["matmul", () => zeros([3, 4]).matmul(zeros([5, 2])), ShapeError, "E_SHAPE", "matmul: shapes [3,4] and [5,2] do not align (4 ≠ 5)"],
    ["reshape", () => a.reshape([5, 2]), ShapeError, "E_SHAPE", "reshape: cannot reshape array of shape [3,4] (12 elements) into [5,2] (10 elements)"],
    ["reshape -1", () => a.reshape([5, -1]), ShapeError, "E_SHAPE", "reshape: cannot reshape array of shape [3,4] (12 elements) into [5,-1]"],
    ["broadcast", () => a.add(zeros([3])), ShapeError, "E_SHAPE", "add: shapes [3,4] and [3] cannot be broadcast together (axis -1: 4 ≠ 3)"],
    ["broadcastTo", () => a.broadcastTo([4, 3]), ShapeError, "E_SHAPE", "broadcastTo: cannot broadcast shape [3,4] to [4,3]"],
    ["axis", () => a.sum(2), AxisError, "E_AXIS", "sum: axis 2 is out of range for an array of 2 dimensions (valid: -2 to 1)"],
    ["negative axis", () => a.max(-3), AxisError, "E_AXIS", "max: axis -3 is out of range for an array of 2 dimensions (valid: -2 to 1)"],
    ["slice index", () => a.slice(0, 4), IndexError, "E_INDEX", "slice: index 4 is out of bounds for axis 1 with size 4"],
    ["too many indices", () => a.slice(0, 0, 0), IndexError, "E_INDEX", "slice: too many indices for array of shape [3,4]: 2 dimensions, 3 indexed"],
    ["iadd dtype", () => a.iadd(zeros([3, 4])), DTypeError, "E_DTYPE", "iadd: result dtype float64 cannot be stored in place into an array of dtype int32"],
    ["assign dtype", () => a.assign(zeros([4])), DTypeError, "E_DTYPE", "assign: cannot write float32 values into an array of dtype int32 in place"],
    ["assign number", () => a.assign(0.5), DTypeError, "E_DTYPE", "assign: cannot write 0.5 into an array of dtype int32 in place"],
  ])("%s", (_, f, cls, code, message) => {
    const e = thrown(f);
    expect(e).toBeInstanceOf(cls);
    expect(e.code).toBe(code);
    expect(e.name).toBe(cls.name);
    expect(e.message).toContain(message);
  });
});

describe("in-place errors name the in-place op", () => {
  it("iadd with shapes that do not broadcast", () => {
    expect(() => zeros([3]).iadd(zeros([4]))).toThrow("iadd: shapes [3] and [4] cannot be broadcast together (axis -1: 3 ≠ 4)");
  });
});

describe("pad", () => {
  it("names itself when the value does not fit the dtype", () => {
    expect(() => pad(arange(3), [[1, 1]], 0.5)).toThrow("pad: the pad value 0.5 does not fit an array of dtype int32");
  });
});
