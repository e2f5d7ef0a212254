import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arange, array, eye, full, fullLike, linspace, NDArray, ones, ShapeError, ValueError, zeros, zerosLike } from "#ndarray";

describe("creation", () => {
  it("full/zeros/ones fill every element, with the default float32", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 }), fc.integer({ min: -5, max: 5 }), (shape, v) => {
        const a = full(shape, v);
        expect(a.shape).toEqual(shape);
        expect(a.dtype).toBe("float32");
        expect(Array.from(a.toTypedArray())).toEqual(new Array(shape.reduce((p, d) => p * d, 1)).fill(v));
        expect(Array.from(zeros(shape, { dtype: "int32" }).toTypedArray()).every((x) => x === 0)).toBe(true);
        expect(Array.from(ones(shape, { dtype: "float64" }).toTypedArray()).every((x) => x === 1)).toBe(true);
      }),
    );
  });

  it("*Like copies shape, dtype and device unless told otherwise", () => {
    const a = zeros([2, 3], { dtype: "int32" });
    expect(zerosLike(a).dtype).toBe("int32");
    expect(fullLike(a, 7, { dtype: "float64" }).toArray()).toEqual([[7, 7, 7], [7, 7, 7]]);
  });

  it("arange: numpy's length ceil((stop − start) / step) and values start + i·step", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -20, max: 20 }),
        fc.integer({ min: -20, max: 20 }),
        fc.integer({ min: -5, max: 5 }).filter((s) => s !== 0),
        (start, stop, step) => {
          const a = arange(start, stop, step);
          const n = Math.max(0, Math.ceil((stop - start) / step));
          expect(a.dtype).toBe("int32");
          expect(a.shape).toEqual([n]);
          expect(Array.from(a.toTypedArray())).toEqual(Array.from({ length: n }, (_, i) => start + i * step));
        },
      ),
    );
    expect(arange(4).toArray()).toEqual([0, 1, 2, 3]);
    expect(arange(1, 0, -0.25).dtype).toBe("float32");
    expect(arange(1, 0, -0.25).toArray()).toEqual([1, 0.75, 0.5, 0.25]);
    expect(() => arange(0, 1, 0)).toThrow(ValueError);
  });

  it("linspace includes both ends", () => {
    expect(linspace(0, 1, 5, { dtype: "float64" }).toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(linspace(2, 3, 1).toArray()).toEqual([2]);
    expect(linspace(2, 3, 0).shape).toEqual([0]);
  });

  it("eye puts ones on diagonal k", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: -5, max: 5 }), (n, m, k) => {
        const a = eye(n, m, k).toArray() as number[][];
        a.forEach((row, i) => row.forEach((v, j) => expect(v).toBe(j - i === k ? 1 : 0)));
      }),
    );
  });

  it("array: nested numbers, booleans, typed arrays, 0-d", () => {
    const a = array([[1, 2], [3, 4]]);
    expect(a.shape).toEqual([2, 2]);
    expect(a.dtype).toBe("float32");
    expect(array([[1, 2]], { dtype: "int32" }).dtype).toBe("int32");
    expect(array([true, false]).dtype).toBe("bool");
    expect(array(new Float64Array([1, 2, 3, 4]), { shape: [2, 2] }).dtype).toBe("float64");
    expect(array(3.5).shape).toEqual([]);
    expect(array(3.5).item()).toBe(3.5);
    expect(array([]).shape).toEqual([0]);
    expect(array([[], []]).shape).toEqual([2, 0]);
  });

  it("array copies its input", () => {
    const src = new Float32Array([1, 2, 3]);
    const a = array(src);
    src[0] = 99;
    expect(a.toArray()).toEqual([1, 2, 3]);
  });

  it("rejects ragged, non-numeric and mis-sized input with the reason", () => {
    expect(() => array([[1, 2], [3]])).toThrow("array: ragged nested array: data[1] has 1 entries, expected 2 (inferred shape [2,2])");
    expect(() => array([[1, 2], 3] as never)).toThrow(ShapeError);
    expect(() => array(["x"] as never)).toThrow('array: data[0] must be a number or a boolean, got the string "x"');
    expect(() => NDArray.fromTypedArray(new Float32Array(5), [2, 3])).toThrow("fromTypedArray: 5 values cannot fill shape [2,3] (6 elements)");
    expect(() => zeros([2, -1])).toThrow("zeros: invalid shape [2,-1]: every dimension must be a non-negative integer");
    expect(() => zeros([2], { dtype: "float16" as never })).toThrow('zeros: unknown dtype "float16"; expected one of float32, float64, int32, bool; did you mean "float32" (there is no float16)?');
  });
});
