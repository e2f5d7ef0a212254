/**
 * Printing. The expected strings are numpy's own `repr` of the same arrays (numpy 1.24,
 * copied from its output); printing is numpy-like, not byte-identical in every case
 * (numpy switches whole arrays to scientific notation by a range rule we do not copy).
 */
import { describe, expect, it } from "vitest";
import { arange, array, zeros } from "#ndarray";

describe("toString", () => {
  it.each([
    ["int32 matrix", () => arange(6).reshape([2, 3]), "array([[0, 1, 2],\n       [3, 4, 5]], dtype=int32)"],
    ["float32, decimal points aligned", () => array([[0.5, 1], [2, -3.25]]), "array([[ 0.5 ,  1.  ],\n       [ 2.  , -3.25]], dtype=float32)"],
    [
      "float64, 3-D, blank line between blocks",
      () => arange(24).astype("float64").reshape([2, 3, 4]),
      "array([[[ 0.,  1.,  2.,  3.],\n        [ 4.,  5.,  6.,  7.],\n        [ 8.,  9., 10., 11.]],\n\n       [[12., 13., 14., 15.],\n        [16., 17., 18., 19.],\n        [20., 21., 22., 23.]]])",
    ],
    ["bool", () => array([true, false]), "array([ True, False])"],
    ["0-d float32, shortest digits", () => array(0.1), "array(0.1, dtype=float32)"],
    ["empty 2-D", () => zeros([2, 0]), "array([], shape=(2, 0), dtype=float32)"],
    ["summarised", () => arange(2000), "array([   0,    1,    2, ..., 1997, 1998, 1999], dtype=int32)"],
  ])("%s", (_, make, expected) => {
    expect(make().toString()).toBe(expected);
  });

  it("prints non-finite values as numpy does", () => {
    expect(array([Number.NaN, Infinity, -Infinity], { dtype: "float64" }).toString()).toBe("array([ nan,  inf, -inf])");
  });
});
