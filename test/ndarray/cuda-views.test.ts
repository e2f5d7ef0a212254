/**
 * The cuda device reads operands where they lie, on the emulation addon: a broadcast bias,
 * a transposed matrix, a reversed or sliced view reach the element-wise kernels as strides
 * (no compact copy first, so an op is one launch), and the results are the cpu device's.
 */
import { describe, expect, it } from "vitest";
import { allclose, arange, cpu, Generator, type NDArray } from "#ndarray";
import { cudaEmulatedDevice as device } from "../../ndarray/devices/cuda/emulated.js";
import { mergeInputs } from "../../ndarray/devices/cuda/inputs.js";
import { counted, emulationReady } from "./emulation.js";

const { usable, skipped } = emulationReady();

const same = (got: NDArray, want: NDArray) => expect(Array.from(got.to(cpu()).toTypedArray())).toEqual(Array.from(want.toTypedArray()));

describe.skipIf(!usable)(`cuda: operands read in place${skipped ? ` (skipped: ${skipped})` : ""}`, () => {
  it("merges axes that walk memory as one for every input, and keeps broadcast axes apart", () => {
    const buf = device.alloc(24, "float32");
    const bias = device.alloc(4, "float32");
    expect(mergeInputs("ewiseAdd", 24, [buf, buf], [
      { shape: [2, 3, 4], strides: [12, 4, 1], offset: 0 },
      { shape: [2, 3, 4], strides: [12, 4, 1], offset: 0 },
    ])).toEqual({ shape: [24], strides: [[1], [1]], offsets: [0, 0] });
    expect(mergeInputs("ewiseAdd", 24, [buf, bias], [
      { shape: [2, 3, 4], strides: [12, 4, 1], offset: 0 },
      { shape: [2, 3, 4], strides: [0, 0, 1], offset: 0 },
    ])).toEqual({ shape: [6, 4], strides: [[4, 1], [0, 1]], offsets: [0, 0] });
    expect(() => mergeInputs("ewiseAdd", 24, [bias], [{ shape: [24], strides: [1], offset: 0 }])).toThrow("ewiseAdd: the view reaches elements 0…23, outside the buffer of 4");
  });

  it("a bias add over rows, a transposed operand and a reversed one: one launch each, no copy, the cpu device's values", () => {
    const rng = new Generator(3);
    const x = rng.randn([65, 33]);
    const bias = rng.randn([33]);
    const [xd, bd] = [x.to(device), bias.to(device)];
    const add = counted(() => xd.add(bd));
    expect(add.launches).toBe(1);
    expect(add.mallocs + add.reuses).toBe(1);
    same(add.result, x.add(bias));
    const t = counted(() => xd.T.mul(2));
    expect(t.launches).toBe(1);
    same(t.result, x.T.mul(2));
    const rev = counted(() => xd.slice("::-3", "1::2").exp().sub(xd.slice("::-3", "1::2")));
    expect(rev.launches).toBe(2);
    same(rev.result, x.slice("::-3", "1::2").exp().sub(x.slice("::-3", "1::2")));
    const cols = counted(() => xd.lt(bd.reshape(1, 33)));
    expect(cols.launches).toBe(1);
    same(cols.result, x.lt(bias.reshape(1, 33)));
  });

  it("int32 wraps and float32 math stays in float32 through strided reads", () => {
    const big = arange(2 ** 30, 2 ** 30 + 6, 1, { dtype: "int32", device: cpu() }).reshape(2, 3);
    same(big.to(device).T.add(big.to(device).T), big.T.add(big.T));
    const f = arange(0, 12, 1, { dtype: "float32", device: cpu() }).reshape(3, 4).mul(0.37);
    for (const op of ["exp", "log", "tanh", "sqrt", "erf", "sin", "cos"] as const) {
      const got = f.to(device).T[op]().to(cpu());
      const want = f.T[op]();
      const close = Array.from(got.toTypedArray()).every((g, i) => {
        const w = want.toTypedArray()[i];
        return g === w || (Number.isNaN(g) && Number.isNaN(w)) || Math.abs(g - w) <= 2 ** -22 * Math.max(1, Math.abs(w));
      });
      expect(close, op).toBe(true);
    }
  });

  it("reductions read the array in place: over axis 0 (a thread per column), a row (one block), a full sum (split across blocks, two launches)", () => {
    const rng = new Generator(5);
    const x = rng.randn([40, 300]);
    const xd = x.to(device);
    const columns = counted(() => xd.sum(0));
    expect(columns.launches).toBe(1);
    expect(columns.mallocs + columns.reuses).toBe(1);
    expect(allclose(columns.result.to(cpu()), x.sum(0), { rtol: 1e-12, atol: 1e-12 })).toBe(true);
    const rows = counted(() => xd.T.max(0));
    expect(rows.launches).toBe(1);
    same(rows.result, x.T.max(0));
    const all = counted(() => xd.sum());
    expect(all.launches).toBe(2);
    expect(allclose(all.result.to(cpu()), x.sum(), { rtol: 1e-12, atol: 1e-12 })).toBe(true);
  });

  it("split reductions keep the first extreme and the first NaN, as the cpu device's scan", () => {
    const n = 20000;
    const x = arange(0, n, 1, { dtype: "float64", device: cpu() }).sin();
    x.slice(777).assign(3);
    x.slice(15000).assign(3);
    const xd = x.to(device);
    expect(xd.argmax().item()).toBe(777);
    expect(xd.max().item()).toBe(3);
    for (const a of [x, xd]) {
      a.slice(12345).assign(Number.NaN);
      a.slice(19999).assign(Number.NaN);
    }
    expect(xd.argmax().item()).toBe(12345);
    expect(xd.argmin().item()).toBe(12345);
    expect(Number.isNaN(xd.min().item())).toBe(true);
    expect(xd.reshape(4, 5000).argmax(1).toArray()).toEqual(x.reshape(4, 5000).argmax(1).toArray());
    expect(xd.reshape(4, 5000).argmax(1).toTypedArray()[2]).toBe(2345);
  });

  it("matmul reads W.T and a shared 2-D right operand in place, on odd shapes across both tile sizes, float32 and float64", () => {
    const rng = new Generator(11);
    for (const dtype of ["float32", "float64"] as const) {
      for (const [m, n, p] of [[1, 1, 1], [7, 65, 1], [65, 7, 129], [129, 130, 131], [1, 129, 7]]) {
        const x = rng.randn([2, m, n]).astype(dtype);
        const w = rng.randn([p, n]).astype(dtype);
        const [xd, wd] = [x.to(device), w.to(device)];
        const run = counted(() => xd.matmul(wd.T));
        expect(run.launches, `${dtype} ${m}×${n}·${n}×${p}`).toBe(1);
        const want = x.matmul(w.T);
        const tol = dtype === "float32" ? 1e-4 : 1e-12;
        expect(allclose(run.result.to(cpu()), want, { rtol: tol, atol: tol }), `${dtype} ${m}×${n}·${n}×${p}`).toBe(true);
        const batched = counted(() => xd.matmul(xd.transpose(1, 2)));
        expect(batched.launches).toBe(1);
        expect(allclose(batched.result.to(cpu()), x.matmul(x.transpose(1, 2)), { rtol: tol, atol: tol })).toBe(true);
      }
    }
  });

  it("float32 128x128 tiles read aligned operands as float4 and the rest element by element, with the same values", () => {
    const rng = new Generator(13);
    for (const [m, n, p] of [[128, 8, 128], [129, 12, 132], [200, 36, 260], [131, 9, 129]]) {
      const x = rng.randn([m, n + 4]).astype("float32");
      const w = rng.randn([n, p + 4]).astype("float32");
      const [xd, wd] = [x.to(device), w.to(device)];
      // Whole arrays (aligned rows when n and p are multiples of 4), then views that start one element in.
      for (const [xs, ws] of [[":, :" + n, ":, :" + p], [":, 1:" + (n + 1), ":, 1:" + (p + 1)]] as const) {
        const got = xd.slice(...xs.split(", ")).matmul(wd.slice(...ws.split(", ")));
        const want = x.slice(...xs.split(", ")).matmul(w.slice(...ws.split(", ")));
        expect(allclose(got.to(cpu()), want, { rtol: 1e-4, atol: 1e-4 }), `${m}×${n}·${n}×${p} [${xs}] [${ws}]`).toBe(true);
      }
    }
  });
});
