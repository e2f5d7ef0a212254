/**
 * Printing. Each expected body (everything before `dtype=`/`shape=`) is numpy 2.4's own
 * `repr` of the same values, copied from its output: the digits, the alignment, scientific
 * notation, wrapping at 75 characters and summaries follow numpy's rules. After the body
 * this library always names dtype and device (numpy leaves out its default dtypes and has
 * no device), and puts them on a line of their own when the last line would pass 75.
 */
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { arange, array, defaultDevice, NDArray, zeros } from "#ndarray";

const dev = defaultDevice().name;
const f32 = (values: number[], shape = [values.length]) => NDArray.fromTypedArray(Float32Array.from(values), shape);
const f64 = (values: number[], shape = [values.length]) => NDArray.fromTypedArray(Float64Array.from(values), shape);

describe("toString: numpy's repr, with dtype and device", () => {
  it.each([
    ["int32 matrix", () => arange(6).reshape(2, 3), "array([[0, 1, 2],\n       [3, 4, 5]], dtype=int32, device=DEV)"],
    ["float32, decimal points aligned", () => array([[0.5, 1], [2, -3.25]]), "array([[ 0.5 ,  1.  ],\n       [ 2.  , -3.25]], dtype=float32, device=DEV)"],
    [
      "float64, 3-D, blank line between blocks",
      () => arange(24).astype("float64").reshape([2, 3, 4]),
      "array([[[ 0.,  1.,  2.,  3.],\n        [ 4.,  5.,  6.,  7.],\n        [ 8.,  9., 10., 11.]],\n\n       [[12., 13., 14., 15.],\n        [16., 17., 18., 19.],\n        [20., 21., 22., 23.]]], dtype=float64, device=DEV)",
    ],
    ["bool: True padded to False's width", () => array([true, false, true]), "array([ True, False,  True], dtype=bool, device=DEV)"],
    ["0-d float32, shortest digits", () => array(0.1), "array(0.1, dtype=float32, device=DEV)"],
    ["0-d float64, at most 8 digits after the point", () => f64([1 / 3], []), "array(0.33333333, dtype=float64, device=DEV)"],
    ["empty 1-D", () => zeros([0]), "array([], dtype=float32, device=DEV)"],
    ["empty 2-D names its shape", () => zeros([2, 0]), "array([], shape=(2, 0), dtype=float32, device=DEV)"],
    ["a strided view prints its own elements", () => arange(12).reshape(2, 3, 2).slice(":, :, 0").mul(2).slice(), "array([[ 0,  4,  8],\n       [12, 16, 20]], dtype=int32, device=DEV)"],
    ["negative zero keeps its sign", () => f64([-0, 1]), "array([-0.,  1.], dtype=float64, device=DEV)"],
    ["non-finite values", () => f64([NaN, Infinity, -Infinity]), "array([ nan,  inf, -inf], dtype=float64, device=DEV)"],
    ["scientific for the whole array, with nan and -inf", () => f64([1e9, NaN, -Infinity]), "array([1.e+09,    nan,   -inf], dtype=float64, device=DEV)"],
    ["float32 halfway between two shortest decimals: the even digit", () => f32([3883660.25, 1]), "array([3.8836602e+06, 1.0000000e+00], dtype=float32, device=DEV)"],
    [
      "long rows wrap at 75 characters",
      () => arange(30, "float32"),
      "array([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12.,\n       13., 14., 15., 16., 17., 18., 19., 20., 21., 22., 23., 24., 25.,\n       26., 27., 28., 29.], dtype=float32, device=DEV)",
    ],
    ["summarised 1-D names its shape", () => arange(2000), "array([   0,    1,    2, ..., 1997, 1998, 1999],\n      shape=(2000,), dtype=int32, device=DEV)"],
    [
      "summarised 2-D: edges of every long axis, scientific by numpy's range rule",
      () => arange(2000).reshape(40, 50).astype("float32").div(7),
      "array([[0.0000000e+00, 1.4285715e-01, 2.8571430e-01, ..., 6.7142859e+00,\n        6.8571429e+00, 7.0000000e+00],\n       [7.1428571e+00, 7.2857141e+00, 7.4285712e+00, ..., 1.3857142e+01,\n        1.4000000e+01, 1.4142858e+01],\n       [1.4285714e+01, 1.4428572e+01, 1.4571428e+01, ..., 2.1000000e+01,\n        2.1142857e+01, 2.1285715e+01],\n       ...,\n       [2.6428571e+02, 2.6442856e+02, 2.6457144e+02, ..., 2.7100000e+02,\n        2.7114285e+02, 2.7128571e+02],\n       [2.7142856e+02, 2.7157144e+02, 2.7171429e+02, ..., 2.7814285e+02,\n        2.7828571e+02, 2.7842856e+02],\n       [2.7857144e+02, 2.7871429e+02, 2.7885715e+02, ..., 2.8528571e+02,\n        2.8542856e+02, 2.8557144e+02]],\n      shape=(40, 50), dtype=float32, device=DEV)",
    ],
    [
      "dtype and device go on a line of their own when the last line is long",
      () => arange(10, "float32").mul(1.5),
      "array([ 0. ,  1.5,  3. ,  4.5,  6. ,  7.5,  9. , 10.5, 12. , 13.5],\n      dtype=float32, device=DEV)",
    ],
  ])("%s", (_, make, expected) => {
    expect(make().toString()).toBe(expected.replaceAll("DEV", dev));
  });
});

describe("console.log, the REPL and template strings show the repr", () => {
  it("util.inspect (what console.log and the REPL call) prints the repr, not the buffer and kernel table", () => {
    const x = array([[1, 2], [3, 4]]);
    expect(inspect(x)).toBe(`array([[1., 2.],\n       [3., 4.]], dtype=float32, device=${dev})`);
    expect(inspect({ x: arange(3) })).toContain(`array([0, 1, 2], dtype=int32, device=${dev})`);
    expect(`${arange(2)}`).toBe(`array([0, 1], dtype=int32, device=${dev})`);
  });

  it("a summarised array reads only the elements it shows from the device", () => {
    const big = zeros([1000, 1000]);
    let read = 0;
    const device = big.device;
    const spy = { ...device, toTypedArray: (buf: Parameters<typeof device.toTypedArray>[0]) => ((read += buf.size), device.toTypedArray(buf)) };
    const onSpy = new NDArray(big.buffer, big.shape, big.strides, big.offset, spy);
    expect(onSpy.toString()).toContain("shape=(1000, 1000)");
    expect(read).toBe(36);
  });
});
