import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ArgumentTypeError, Generator, NDArray, ShapeError, ValueError, DTypeError } from "#ndarray";

const shapeArb = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 3 });
const seedArb = fc.oneof(fc.integer(), fc.string());
const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const host = (x: NDArray) => Array.from(x.toTypedArray());

/** The first `n` uniforms of a fresh generator with this seed. */
function uniforms(seed: number | string, n: number): number[] {
  const g = new Generator(seed);
  return Array.from({ length: n }, () => g.uniformDouble());
}

function boxMuller(u: number[]): number[] {
  const z: number[] = [];
  for (let i = 0; i + 1 < u.length; i += 2) {
    z.push(Math.sqrt(-2 * Math.log(1 - u[i])) * Math.cos(2 * Math.PI * u[i + 1]));
  }
  return z;
}

function fisherYates(u: number[], n: number): number[] {
  const out = Array.from({ length: n }, (_, i) => i);
  let k = 0;
  for (let i = n - 1; i >= 1; i--) {
    const j = Math.floor(u[k++] * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

const sorted = (v: number[]) => [...v].sort((a, b) => a - b);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** A generator whose stream is a fixed list of uniforms, to reach edge values. */
class Scripted extends Generator {
  private i = 0;
  constructor(private readonly us: number[]) {
    super(0);
  }
  override uniformDouble(): number {
    return this.us[this.i++ % this.us.length];
  }
}

describe("Generator: reproducibility", () => {
  it("same seed gives identical arrays from every method", () => {
    fc.assert(
      fc.property(seedArb, shapeArb, (seed, shape) => {
        const draw = (g: Generator) => [
          host(g.rand(shape)),
          host(g.randn(shape, { dtype: "float64" })),
          host(g.randint(-3, 7, shape)),
          host(g.bernoulli(0.3, shape)),
          host(g.permutation(9)),
          host(g.choice(5, shape)),
        ];
        expect(draw(new Generator(seed))).toEqual(draw(new Generator(seed)));
      }),
    );
  });

  it("different seeds give different streams", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer(), (a, b) => {
        fc.pre(a !== b);
        expect(host(new Generator(a).rand([16], { dtype: "float64" }))).not.toEqual(
          host(new Generator(b).rand([16], { dtype: "float64" })),
        );
      }),
    );
    expect(uniforms("7", 4)).toEqual(uniforms(7, 4));
  });

  it("successive calls continue one stream", () => {
    const g = new Generator(3);
    const a = host(g.rand([3], { dtype: "float64" }));
    const b = host(g.rand([2], { dtype: "float64" }));
    expect([...a, ...b]).toEqual(uniforms(3, 5));
  });
});

describe("Generator: documented draws", () => {
  it("rand(shape) is the first size uniforms, row-major", () => {
    fc.assert(
      fc.property(fc.integer(), shapeArb, (seed, shape) => {
        const x = new Generator(seed).rand(shape, { dtype: "float64" });
        expect(x.shape).toEqual(shape);
        expect(x.dtype).toBe("float64");
        expect(host(x)).toEqual(uniforms(seed, sizeOf(shape)));
        const y = new Generator(seed).rand(shape);
        expect(y.dtype).toBe("float32");
        expect(host(y)).toEqual(uniforms(seed, sizeOf(shape)).map(Math.fround));
      }),
    );
  });

  it("rand of shape [] is 0-d and takes one draw; shape [0] takes none", () => {
    const g = new Generator(11);
    const x = g.rand([], { dtype: "float64" });
    expect(x.shape).toEqual([]);
    expect(x.size).toBe(1);
    expect(g.rand([0]).size).toBe(0);
    expect(host(x)[0]).toBe(uniforms(11, 1)[0]);
    expect(g.uniformDouble()).toBe(uniforms(11, 2)[1]);
  });

  it("uniform(low, high) is low + (high - low)·u", () => {
    fc.assert(
      fc.property(fc.integer(), fc.double({ min: -10, max: 10, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }), (seed, low, width) => {
        const x = new Generator(seed).uniform(low, low + width, [2, 3], { dtype: "float64" });
        const want = uniforms(seed, 6).map((u) => low + (low + width - low) * u);
        expect(host(x)).toEqual(want);
      }),
    );
  });

  it("randn is Box–Muller over consecutive pairs (u1, u2)", () => {
    fc.assert(
      fc.property(fc.integer(), shapeArb, (seed, shape) => {
        const n = sizeOf(shape);
        const x = new Generator(seed).randn(shape, { dtype: "float64" });
        expect(x.shape).toEqual(shape);
        expect(host(x)).toEqual(boxMuller(uniforms(seed, 2 * n)));
        const y = new Generator(seed).randn(shape);
        expect(y.dtype).toBe("float32");
        expect(host(y)).toEqual(boxMuller(uniforms(seed, 2 * n)).map(Math.fround));
      }),
    );
  });

  it("normal(mean, std) is mean + std·z with z as randn", () => {
    const z = boxMuller(uniforms(5, 40));
    const x = new Generator(5).normal(2, 0.5, [4, 5], { dtype: "float64" });
    expect(host(x)).toEqual(z.map((v) => 2 + 0.5 * v));
  });

  it("randn survives u1 = 0 (1 - u1 avoids log 0)", () => {
    const zero = host(new Scripted([0, 0.25]).randn([2], { dtype: "float64" }));
    expect(zero.map(Math.abs)).toEqual([0, 0]);
    const tail = host(new Scripted([1 - 2 ** -53, 0]).randn([1], { dtype: "float64" }))[0];
    expect(Number.isFinite(tail)).toBe(true);
    expect(tail).toBeGreaterThan(8);
  });

  it("randint is floor(low + u·(high - low)), int32, within [low, high)", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 1, max: 50 }), shapeArb, (seed, low, width, shape) => {
        const x = new Generator(seed).randint(low, low + width, shape);
        expect(x.dtype).toBe("int32");
        expect(x.shape).toEqual(shape);
        const v = host(x);
        expect(v).toEqual(uniforms(seed, v.length).map((u) => Math.floor(low + u * width)));
        for (const k of v) expect(k >= low && k < low + width).toBe(true);
      }),
    );
    expect(new Generator(1).randint(0, 3, [5], { dtype: "float64" }).dtype).toBe("float64");
    expect(host(new Scripted([1 - 2 ** -53]).randint(-(2 ** 31), 2 ** 31, [1]))).toEqual([2 ** 31 - 1]);
  });

  it("bernoulli(p) is u < p, float32 by default", () => {
    fc.assert(
      fc.property(fc.integer(), fc.double({ min: 0, max: 1, noNaN: true }), shapeArb, (seed, p, shape) => {
        const x = new Generator(seed).bernoulli(p, shape);
        expect(x.dtype).toBe("float32");
        expect(x.shape).toEqual(shape);
        expect(host(x)).toEqual(uniforms(seed, sizeOf(shape)).map((u) => (u < p ? 1 : 0)));
      }),
    );
  });

  it("bernoulli takes dtype bool, int32, float64; p = 0 and p = 1 are constant", () => {
    const want = uniforms(9, 12).map((u) => (u < 0.5 ? 1 : 0));
    expect(want).toContain(0);
    expect(want).toContain(1);
    for (const dtype of ["bool", "int32", "float64"] as const) {
      const x = new Generator(9).bernoulli(0.5, [3, 4], { dtype });
      expect(x.dtype).toBe(dtype);
      expect(host(x)).toEqual(want);
    }
    expect(new Generator(9).bernoulli(0.5, [1], { dtype: "bool" }).toTypedArray()).toBeInstanceOf(Uint8Array);
    expect(host(new Generator(2).bernoulli(0, [50]))).toEqual(Array(50).fill(0));
    expect(host(new Generator(2).bernoulli(1, [50]))).toEqual(Array(50).fill(1));
  });

  it("permutation(n) is Fisher–Yates from the identity over the same uniforms", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 60 }), (seed, n) => {
        const x = new Generator(seed).permutation(n);
        expect(x.dtype).toBe("int32");
        expect(x.shape).toEqual([n]);
        const v = host(x);
        expect(v).toEqual(fisherYates(uniforms(seed, Math.max(n - 1, 0)), n));
        expect(sorted(v)).toEqual(range(n));
      }),
    );
  });

  it("permutation(n) takes n - 1 draws", () => {
    const g = new Generator(4);
    g.permutation(10);
    expect(g.uniformDouble()).toBe(uniforms(4, 10)[9]);
    const h = new Generator(4);
    h.permutation(1);
    h.permutation(0);
    expect(h.uniformDouble()).toBe(uniforms(4, 1)[0]);
  });

  it("permutation(x) permutes the rows of x like permutation(x.shape[0])", () => {
    const data = Float64Array.from(range(12), (v) => v * 10);
    const x = NDArray.fromTypedArray(data, [4, 3]);
    const perm = host(new Generator(8).permutation(4));
    expect(perm).not.toEqual(range(4));
    const y = new Generator(8).permutation(x);
    expect(y.shape).toEqual([4, 3]);
    expect(host(y)).toEqual(perm.flatMap((r) => [0, 1, 2].map((c) => data[r * 3 + c])));
  });
});

describe("Generator: shuffle and choice", () => {
  it("shuffle returns a new array whose rows are a permutation of x's", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 3 }), (seed, rows, cols) => {
        const data = Float32Array.from(range(rows * cols));
        const x = NDArray.fromTypedArray(data, [rows, cols]);
        const y = new Generator(seed).shuffle(x);
        expect(y.shape).toEqual([rows, cols]);
        expect(host(x)).toEqual(range(rows * cols));
        const v = host(y);
        const order = range(rows).map((r) => v[r * cols] / cols);
        expect(sorted(order)).toEqual(range(rows));
        expect(order).toEqual(host(new Generator(seed).permutation(rows)));
        for (let r = 0; r < rows; r++) {
          for (let c = 0; c < cols; c++) expect(v[r * cols + c]).toBe(order[r] * cols + c);
        }
      }),
    );
  });

  it("choice(n, size) with replacement is floor(u·n) per pick", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 20 }), shapeArb, (seed, n, shape) => {
        const x = new Generator(seed).choice(n, shape);
        expect(x.dtype).toBe("int32");
        expect(x.shape).toEqual(shape);
        expect(host(x)).toEqual(uniforms(seed, sizeOf(shape)).map((u) => Math.floor(u * n)));
      }),
    );
    expect(new Generator(0).choice(5, 7).shape).toEqual([7]);
  });

  it("choice with p is the inverse CDF: first i with u < cumsum(p)[i]", () => {
    const p = [0.1, 0.2, 0.3, 0.4];
    let acc = 0;
    const cdf = p.map((v) => (acc += v));
    const want = uniforms(13, 200).map((u) => cdf.findIndex((c) => u < c));
    expect(host(new Generator(13).choice(4, [200], { p }))).toEqual(want);
    const asArray = NDArray.fromTypedArray(Float64Array.from(p), [4]);
    expect(host(new Generator(13).choice(4, [200], { p: asArray }))).toEqual(want);
  });

  it("choice with p never picks a zero-probability entry and follows p", () => {
    const p = [0, 0.5, 0, 0.25, 0.25, 0];
    const v = host(new Generator(21).choice(6, [20000], { p }));
    const counts = range(6).map((i) => v.filter((k) => k === i).length / v.length);
    expect(counts[0]).toBe(0);
    expect(counts[2]).toBe(0);
    expect(counts[5]).toBe(0);
    for (const i of [1, 3, 4]) expect(Math.abs(counts[i] - p[i])).toBeLessThan(0.02);
    expect(host(new Scripted([0, 1 - 2 ** -53]).choice(6, [2], { p }))).toEqual([1, 4]);
  });

  it("choice without replacement is the first k entries of permutation(n)", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 30 }), fc.nat(), (seed, n, r) => {
        const k = r % (n + 1);
        const v = host(new Generator(seed).choice(n, k, { replace: false }));
        expect(v).toEqual(host(new Generator(seed).permutation(n)).slice(0, k));
        expect(new Set(v).size).toBe(k);
      }),
    );
  });

  it("choice from an NDArray returns its rows, shaped size + row shape", () => {
    const a = NDArray.fromTypedArray(Float64Array.from([10, 11, 20, 21, 30, 31]), [3, 2]);
    const idx = host(new Generator(6).choice(3, [4]));
    const x = new Generator(6).choice(a, 4);
    expect(x.shape).toEqual([4, 2]);
    expect(host(x)).toEqual(idx.flatMap((i) => [10 * (i + 1), 10 * (i + 1) + 1]));
    const y = new Generator(6).choice(a, [2, 2]);
    expect(y.shape).toEqual([2, 2, 2]);
    expect(host(y)).toEqual(host(x));
  });
});

describe("Generator: ranges and statistics", () => {
  it("rand lies in [0, 1), also where float32 would round u up to 1", () => {
    const v = host(new Generator(1).rand([10000]));
    expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...v)).toBeLessThan(1);
    expect(Math.abs(v.reduce((a, b) => a + b, 0) / v.length - 0.5)).toBeLessThan(0.01);
    expect(host(new Scripted([1 - 2 ** -53]).rand([1]))).toEqual([1 - 2 ** -24]);
    expect(host(new Scripted([1 - 2 ** -53]).rand([1], { dtype: "float64" }))).toEqual([1 - 2 ** -53]);
  });

  it("randn of 100k has mean within 0.02 of 0 and std within 0.02 of 1", () => {
    const v = host(new Generator(2024).randn([100000]));
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(std - 1)).toBeLessThan(0.02);
    const w = host(new Generator(2024).normal(3, 2, [100000]));
    expect(Math.abs(w.reduce((a, b) => a + b, 0) / w.length - 3)).toBeLessThan(0.04);
  });

  it("bernoulli frequency is within 0.01 of p", () => {
    for (const p of [0.1, 0.5, 0.8]) {
      const v = host(new Generator(p * 10).bernoulli(p, [100000]));
      expect(Math.abs(v.reduce((a, b) => a + b, 0) / v.length - p)).toBeLessThan(0.01);
    }
  });

  it("randint covers every value of a small range about equally", () => {
    const v = host(new Generator(5).randint(-2, 3, [50000]));
    for (let k = -2; k < 3; k++) {
      expect(Math.abs(v.filter((x) => x === k).length / v.length - 0.2)).toBeLessThan(0.01);
    }
  });
});

describe("Generator: errors", () => {
  const g = new Generator(0);
  const throwsWith = (f: () => unknown, type: Function, ...parts: string[]) => {
    expect(f).toThrow(type as new (...args: never[]) => Error);
    try {
      f();
    } catch (e) {
      for (const part of parts) expect((e as Error).message).toContain(part);
    }
  };

  it("rejects p outside [0, 1]", () => {
    throwsWith(() => g.bernoulli(1.5, [2]), ValueError, "Generator.bernoulli", "1.5");
    throwsWith(() => g.bernoulli(-0.1, [2]), ValueError, "Generator.bernoulli", "-0.1");
    throwsWith(() => g.bernoulli(NaN, [2]), ValueError, "Generator.bernoulli", "NaN");
  });

  it("rejects negative or non-integer shape dims", () => {
    throwsWith(() => g.rand([2, -1]), ShapeError, "Generator.rand", "[2,-1]");
    throwsWith(() => g.randn([1.5]), ArgumentTypeError, "Generator.randn", "[1.5]");
    throwsWith(() => g.bernoulli(0.5, [3, -2]), ShapeError, "Generator.bernoulli", "[3,-2]");
    throwsWith(() => g.choice(3, -1), ShapeError, "Generator.choice", "[-1]");
  });

  it("rejects bad ranges and parameters", () => {
    throwsWith(() => g.randint(5, 5, [2]), ValueError, "Generator.randint", "low=5", "high=5");
    throwsWith(() => g.randint(5, 2, [2]), ValueError, "Generator.randint", "low=5", "high=2");
    throwsWith(() => g.randint(0.5, 2, [2]), ArgumentTypeError, "Generator.randint", "0.5");
    throwsWith(() => g.randint(0, 2 ** 40, [2]), ValueError, "Generator.randint", "int32");
    throwsWith(() => g.uniform(1, 0, [2]), ValueError, "Generator.uniform", "low=1", "high=0");
    throwsWith(() => g.normal(0, -1, [2]), ValueError, "Generator.normal", "-1");
    throwsWith(() => g.permutation(-1), ValueError, "Generator.permutation", "-1");
    throwsWith(() => g.rand([2], { dtype: "int32" }), DTypeError, "Generator.rand", "int32");
    throwsWith(() => g.randint(0, 2, [2], { dtype: "bool" }), DTypeError, "Generator.randint", "bool");
  });

  it("rejects bad choice arguments", () => {
    throwsWith(() => g.choice(3, 2, { p: [0.5, 0.6, 0] }), ValueError, "Generator.choice", "sum to 1", "1.1");
    throwsWith(() => g.choice(3, 2, { p: [1.5, -0.5, 0] }), ValueError, "Generator.choice", "-0.5");
    throwsWith(() => g.choice(3, 2, { p: [0.5, 0.5] }), ShapeError, "Generator.choice", "2 entries");
    throwsWith(() => g.choice(3, 2, { p: [1, 0, 0], replace: false }), ValueError, "Generator.choice", "replace");
    throwsWith(() => g.choice(3, 4, { replace: false }), ValueError, "Generator.choice", "4", "3");
    throwsWith(() => g.choice(0, 1), ValueError, "Generator.choice", "empty");
  });

  it("rejects 0-d arrays where rows are needed", () => {
    const s = NDArray.fromTypedArray(Float32Array.from([1]), []);
    throwsWith(() => g.shuffle(s), ShapeError, "Generator.shuffle", "[]");
    throwsWith(() => g.permutation(s), ShapeError, "Generator.permutation", "[]");
    throwsWith(() => g.choice(s, 1), ShapeError, "Generator.choice", "[]");
  });
});
