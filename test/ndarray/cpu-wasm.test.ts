/**
 * What only the cpu device's WebAssembly side has: buffers in the module's memory (views
 * that survive memory growth, free, the heap budget and staged typed arrays), inputs read
 * in place (broadcast, transposed, permuted), matmul's batch folding, the accuracy of its
 * transcendentals, and bit-identical results (a checksum pinned here holds on any machine).
 * The NDArray suite itself runs on cpu as every other file of this folder does.
 */
import { describe, expect, it } from "vitest";
import { array, deviceByName, Generator, type NDArray } from "#ndarray";
import { alloc, HEAP_BUDGET, WasmBuffer } from "../../ndarray/devices/cpu/buffer.js";
import { wasm } from "../../ndarray/devices/cpu/module.js";
import { mergeAxes } from "../../ndarray/devices/cpu/layout.js";
import { CpuBuffer } from "../../ndarray/devices/cpu-js/buffer.js";
import { erf } from "../../ndarray/devices/cpu-js/erf.js";

const cpu = deviceByName("cpu");
const cpuJs = deviceByName("cpu-js");
const bits = (x: NDArray) => Array.from(new Uint32Array(Float64Array.from(x.astype("float64").toTypedArray()).buffer));

describe("cpu buffers in WebAssembly memory", () => {
  it("keep their values when memory grows (views are re-made) and free once", () => {
    const a = array([1, 2, 3], { dtype: "float32", device: cpu });
    expect(a.buffer).toBeInstanceOf(WasmBuffer);
    const before = wasm.memory.buffer.byteLength;
    const big = cpu.alloc(16 * 2 ** 20, "float32");
    expect(wasm.memory.buffer.byteLength).toBeGreaterThan(before);
    expect(Array.from(a.add(1).toTypedArray())).toEqual([2, 3, 4]);
    cpu.free(big);
    cpu.free(big);
    expect(() => cpu.toTypedArray(big)).toThrow("the float32 buffer of 16777216 elements was freed");
  });

  it("past the heap budget are typed arrays, staged for the kernels, with the same results", () => {
    const rng = new Generator(3);
    const x = rng.randn([37, 29], { dtype: "float32", device: cpu });
    const w = rng.randn([41, 29], { dtype: "float32", device: cpu });
    const held = [];
    for (const size of [2 ** 22, 2 ** 16, 2 ** 10, 1]) {
      for (let b = alloc(size, "float32"); b instanceof WasmBuffer; b = alloc(size, "float32")) held.push(b);
    }
    expect(held.length).toBeGreaterThan(HEAP_BUDGET / 2 ** 25);
    const xs = x.clone();
    expect(xs.buffer).toBeInstanceOf(CpuBuffer);
    expect(bits(xs.matmul(w.T))).toEqual(bits(x.matmul(w.T)));
    expect(bits(xs.exp().add(x.T.T))).toEqual(bits(x.exp().add(x)));
    expect(bits(xs.T.compact())).toEqual(bits(x.T.compact()));
    expect(bits(xs.sum(0))).toEqual(bits(x.sum(0)));
    expect(bits(xs.slice("3:20", "::2").matmul(w.slice(null, "::2").T))).toEqual(bits(x.slice("3:20", "::2").matmul(w.slice(null, "::2").T)));
    const target = xs.clone();
    target.slice("1:5").assign(x.slice("6:10").neg());
    expect(bits(target.slice("1:5"))).toEqual(bits(x.slice("6:10").neg()));
    expect(bits(target.slice("5:"))).toEqual(bits(x.slice("5:")));
    held.forEach((b) => cpu.free(b));
    expect(cpu.alloc(4, "float32")).toBeInstanceOf(WasmBuffer);
  });
});

describe("inputs read in place", () => {
  it("merges axes contiguous for every operand and drops size-1 axes", () => {
    expect(mergeAxes([2, 3, 4], [[12, 4, 1], [12, 4, 1]], 1)).toEqual({ shape: [24], strides: [[1], [1]] });
    expect(mergeAxes([2, 1, 3], [[3, 7, 1]], 2)).toEqual({ shape: [1, 6], strides: [[0, 1]] });
    expect(mergeAxes([4, 5], [[1, 4], [5, 1]], 1)).toEqual({ shape: [4, 5], strides: [[1, 4], [5, 1]] });
  });

  it("a bias added to a permuted view, a transposed weight and a shared right operand equal cpu-js bit for bit (float64)", () => {
    const rng = new Generator(5);
    const z = rng.randn([2, 5, 6, 3], { dtype: "float64", device: cpu });
    const b = rng.randn([3, 1, 1], { dtype: "float64", device: cpu });
    const w = rng.randn([7, 6], { dtype: "float64", device: cpu });
    const x = rng.randn([4, 3, 6], { dtype: "float64", device: cpu });
    const js = (t: NDArray) => t.to(cpuJs);
    expect(bits(z.permute([0, 3, 1, 2]).add(b))).toEqual(bits(js(z).permute([0, 3, 1, 2]).add(js(b))));
    expect(bits(x.matmul(w.T))).toEqual(bits(js(x).matmul(js(w).T)));
    expect(bits(x.transpose(1, 2).matmul(x))).toEqual(bits(js(x).transpose(1, 2).matmul(js(x))));
    expect(bits(z.sum([0, 2]))).toEqual(bits(js(z).sum([0, 2])));
    expect(bits(z.permute([3, 1, 0, 2]).max(1))).toEqual(bits(js(z).permute([3, 1, 0, 2]).max(1)));
    const withNaN = array([[NaN, -0, 0, 1.5], [2, NaN, -1, 0]], { dtype: "float32", device: cpu });
    for (const op of ["eq", "ne", "lt", "le", "gt", "ge"] as const) {
      expect(withNaN.T[op](withNaN.slice(null, 0)).toArray()).toEqual(js(withNaN).T[op](js(withNaN).slice(null, 0)).toArray());
      expect(withNaN[op](0).toArray()).toEqual(js(withNaN)[op](0).toArray());
    }
  });

  it("matmul folds the batch into rows when the right operand is 2-D, also for a sliced left operand", () => {
    const rng = new Generator(6);
    const a = rng.randn([3, 4, 5], { dtype: "float64", device: cpu });
    const b = rng.randn([5, 2], { dtype: "float64", device: cpu });
    const folded = a.matmul(b);
    for (let t = 0; t < 3; t++) expect(bits(folded.slice(t))).toEqual(bits(a.slice(t).matmul(b)));
    const sliced = a.slice(null, "1:3");
    expect(bits(sliced.matmul(b))).toEqual(bits(sliced.compact().matmul(b)));
  });
});

describe("strided copies", () => {
  const bytes = (x: NDArray) => {
    const d = x.toTypedArray();
    return Array.from(new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
  };

  it("move every short run length (1 to 20 elements of 1, 4 and 8 bytes) bit for bit, both ways", () => {
    const rng = new Generator(8);
    for (const n of Array.from({ length: 20 }, (_, i) => i + 1)) {
      const f64 = rng.randn([3, 4, 3, n + 2], { dtype: "float64", device: cpu });
      for (const x of [f64, f64.astype("float32"), f64.gt(0)]) {
        const view = x.slice(null, null, null, `1:${n + 1}`);
        expect(bytes(view.compact())).toEqual(bytes(view.to(cpuJs).compact()));
        const target = x.clone();
        target.slice(null, null, null, `1:${n + 1}`).assign(view.flip(0));
        const want = x.to(cpuJs).clone();
        want.slice(null, null, null, `1:${n + 1}`).assign(view.to(cpuJs).flip(0));
        expect(bytes(target)).toEqual(bytes(want));
      }
    }
  });
});

describe("casts", () => {
  const bytes = (x: NDArray) => {
    const d = x.toTypedArray();
    return Array.from(new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
  };
  const values = [0, -0, 0.5, -0.5, 1.5, -2.5, 1, -1, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 3e9, -3e9, 1e20, -1e20, 2 ** 53 + 2, NaN, Infinity, -Infinity, 16777217, 0.1];
  const dtypes = ["bool", "int32", "float32", "float64"] as const;

  it("convert every pair of dtypes as cpu-js's typed-array stores do (truncation, ToInt32's wrap, NaN and ±Infinity, rounding), on views and into views", () => {
    const source = array(values, { dtype: "float64", device: cpu });
    for (const from of dtypes) {
      const x = source.astype(from);
      const xs = x.to(cpuJs);
      for (const to of dtypes) {
        expect(bytes(x.flip(0).astype(to))).toEqual(bytes(xs.flip(0).astype(to)));
        const target = array(new Array<number>(2 * values.length).fill(7), { dtype: to, device: cpu });
        const want = target.to(cpuJs);
        cpu.ewiseSetitem(x.buffer, target.buffer, [values.length], [-2], 2 * values.length - 1);
        cpuJs.ewiseSetitem(xs.buffer, want.buffer, [values.length], [-2], 2 * values.length - 1);
        expect(bytes(target)).toEqual(bytes(want));
      }
    }
  });
});

describe("transcendentals", () => {
  const xs = Array.from({ length: 2001 }, (_, i) => (i - 1000) / 97.3);
  const ulp64 = (x: number) => 2 ** (Math.floor(Math.log2(Math.abs(x) || 2 ** -1074)) - 52);

  it("float64 exp, log, tanh and erf are within 2 ulp of V8's Math and cpu-js's erf (each under 1 ulp of the true value; sqrt exact)", () => {
    const x = array(xs, { dtype: "float64", device: cpu });
    const pos = x.abs().add(1e-3);
    const cases: [NDArray, (v: number) => number, number[]][] = [
      [x.exp(), Math.exp, xs],
      [pos.log(), Math.log, Array.from(pos.toTypedArray())],
      [x.tanh(), Math.tanh, xs],
      [x.erf(), erf, xs],
      [pos.sqrt(), Math.sqrt, Array.from(pos.toTypedArray())],
    ];
    for (const [got, f, inputs] of cases) {
      const g = got.toTypedArray();
      inputs.forEach((v, i) => expect(Math.abs(g[i] - f(v))).toBeLessThanOrEqual(f === Math.sqrt ? 0 : 2 * ulp64(f(v))));
    }
  });

  it("float32 results are the float64 function rounded once: within 1 ulp of fround(Math.f(x))", () => {
    const x = array(xs, { dtype: "float32", device: cpu });
    const inputs = Array.from(x.toTypedArray());
    for (const [got, f] of [[x.exp(), Math.exp], [x.tanh(), Math.tanh], [x.erf(), erf]] as const) {
      const g = got.toTypedArray();
      inputs.forEach((v, i) => {
        const want = Math.fround(f(v));
        expect(Math.abs(g[i] - want)).toBeLessThanOrEqual(ulp64(want) * 2 ** 29);
      });
    }
  });
});

describe("determinism", () => {
  it("float32 matmul, exp and sum give the same bits on every machine (a pinned checksum)", () => {
    const rng = new Generator(11);
    const a = rng.randn([67, 300], { dtype: "float32", device: cpu });
    const b = rng.randn([300, 45], { dtype: "float32", device: cpu });
    const c = a.matmul(b).exp().sum(1);
    const words = new Uint32Array(Float32Array.from(c.toTypedArray()).buffer);
    const checksum = words.reduce((h, w) => (Math.imul(h, 31) + w) >>> 0, 7);
    expect(checksum).toBe(2223211472);
  });
});
