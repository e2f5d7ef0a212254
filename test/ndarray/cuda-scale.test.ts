/**
 * The CUDA kernels at sizes that leave the first tile and the first block, under emulation.
 * The NDArray property tests that cuda-emulated.test.ts reruns on the kernels keep to small
 * shapes: every matmul fits one 64×64 tile and every reduced row one block of 256 threads,
 * so a matmul that always computes the first column of tiles, or a reduction that reads one
 * element per thread, passes them all. Here matmul spans several tiles both ways (batched
 * too), reductions fold rows of 1 000 and 100 000 elements (along the last axis and along
 * axis 0), and the element-wise and strided kernels run over 100 000 elements, which ends
 * in a partial block; each result is checked against plain loops over the same inputs, or
 * against the cpu device, as are prod, cumsum and argsort over rows and grids of several
 * blocks, and take (an embedding lookup of 4 096 tokens, and a gather along a middle axis)
 * against plain loops, in one launch. The sizes are about the least that crosses those boundaries,
 * because the emulator runs every thread of every block.
 */
import { describe, expect, it } from "vitest";
import { cpu, Generator, NDArray, where, type DType } from "#ndarray";
import { cudaEmulatedDevice as device } from "../../ndarray/devices/cuda/emulated.js";
import { counted, emulationReady } from "./emulation.js";

const { usable, skipped } = emulationReady();
const note = skipped ? ` (skipped: ${skipped})` : "";

/** Seeded inputs on the cpu: normal floats, integers in [-50, 50), or fair booleans. */
function draw(seed: string, shape: number[], dtype: DType): NDArray {
  const gen = new Generator(seed);
  const opts = { dtype, device: cpu() };
  if (dtype === "int32") return gen.randint(-50, 50, shape, opts);
  if (dtype === "bool") return gen.bernoulli(0.5, shape, opts);
  return gen.randn(shape, opts);
}

/** `x` (on the cpu) with each [flat position, value] of `at` written into it. */
function plant(x: NDArray, at: ReadonlyArray<readonly [number, number]>): NDArray {
  const data = x.toTypedArray();
  for (const [i, v] of at) data[i] = v;
  return NDArray.fromTypedArray(data, x.shape, cpu());
}

const ALL_MATCH = "every element matches";

/**
 * Expects every element of `got` within `tol(i)` of `want` (NaN matches only NaN); a failure
 * shows the first that is not, as "<where(i)>: got …, expected …".
 */
function expectMatch(
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  tol: (i: number) => number,
  where: (i: number) => string,
): void {
  let mismatch = got.length === want.length ? ALL_MATCH : `${got.length} elements, expected ${want.length}`;
  for (let i = 0; i < want.length && mismatch === ALL_MATCH; i++) {
    const [g, w] = [got[i], want[i]];
    const same = Number.isNaN(w) ? Number.isNaN(g) : g === w || Math.abs(g - w) <= tol(i);
    if (!same) mismatch = `${where(i)}: got ${g}, expected ${w}`;
  }
  expect(mismatch).toBe(ALL_MATCH);
}

// ------------------------------------------------------------------ matmul

/** Rounding allowed per unit of Σ|a·b|: float32 accumulates in float32 (70 terms), the others in float64. */
const MATMUL_TOL: Record<DType, number> = { float32: 1e-5, float64: 1e-12, int32: 0, bool: 0 };

/**
 * Checks `a · b` on the emulated device against the textbook loop in float64, for a of
 * shape [batch, m, n] (or [m, n]) and b of [batch, n, p], or [n, p] shared by every matrix.
 */
function expectMatmul(a: NDArray, b: NDArray): void {
  const [m, n] = a.shape.slice(-2);
  const p = b.shape[b.shape.length - 1];
  const batch = a.size / (m * n);
  const bStride = b.ndim === 2 ? 0 : n * p;
  const [x, y] = [a.toTypedArray(), b.toTypedArray()];
  const want = new Float64Array(batch * m * p);
  const magnitude = new Float64Array(batch * m * p);
  for (let t = 0; t < batch; t++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < p; j++) {
        const o = (t * m + i) * p + j;
        for (let k = 0; k < n; k++) {
          const term = x[(t * m + i) * n + k] * y[t * bStride + k * p + j];
          want[o] += term;
          magnitude[o] += Math.abs(term);
        }
      }
    }
  }
  const got = a.to(device).matmul(b.to(device));
  expect(got.shape).toEqual([...a.shape.slice(0, -1), p]);
  const where = (o: number) => `matrix ${Math.floor(o / (m * p))}, row ${Math.floor(o / p) % m}, column ${o % p}`;
  expectMatch(got.toTypedArray(), want, (o) => MATMUL_TOL[a.dtype] * magnitude[o], where);
}

describe.skipIf(!usable)(`matmul over several 64×64 tiles${note}`, () => {
  it.each(["float32", "float64", "int32"] as const)("%s 130×70 · 70×200: 3 × 4 tiles of out, 5 panels of k", (dtype) => {
    expectMatmul(draw(`mm a ${dtype}`, [130, 70], dtype), draw(`mm b ${dtype}`, [70, 200], dtype));
  });

  it("batched: 3 × (70×40 · 40×130), each 2 × 3 tiles, and the same with one b for every matrix", () => {
    const a = draw("bmm a", [3, 70, 40], "float32");
    expectMatmul(a, draw("bmm b", [3, 40, 130], "float32"));
    expectMatmul(a, draw("bmm shared b", [40, 130], "float32"));
  });

  it("wide: 2×20 · 20×5000, 79 tiles along one row", () => {
    expectMatmul(draw("wide a", [2, 20], "int32"), draw("wide b", [20, 5000], "int32"));
  });
});

// ------------------------------------------------------------------ reductions

/** What each reduction gives over `count` elements read by `at`, as the cpu's sequential scan does. */
interface Folded {
  sum: number;
  /** Σ|x|, for the rounding bound of a sum in another order. */
  magnitude: number;
  max: number;
  min: number;
  argmax: number;
  argmin: number;
}

function fold(count: number, at: (j: number) => number): Folded {
  const r: Folded = { sum: 0, magnitude: 0, max: at(0), min: at(0), argmax: 0, argmin: 0 };
  for (let j = 0; j < count; j++) {
    const v = at(j);
    r.sum += v;
    r.magnitude += Math.abs(v);
    if (Number.isNaN(r.max)) continue;
    if (Number.isNaN(v) || v > r.max) [r.max, r.argmax] = [v, j];
    if (Number.isNaN(v) || v < r.min) [r.min, r.argmin] = [v, j];
  }
  return r;
}

const SUM_TOL: Record<DType, number> = { float32: 1e-6, float64: 1e-12, int32: 0, bool: 0 };

/**
 * Checks sum, max, min, argmax and argmin of `x` (2-D, on the cpu) over `axis` on the
 * emulated device against `fold` over each row (axis 1) or each column (axis 0).
 */
function expectReductions(x: NDArray, axis: 0 | 1): void {
  const [rows, cols] = x.shape;
  const data = x.toTypedArray();
  const [groups, count] = axis === 1 ? [rows, cols] : [cols, rows];
  const folded = Array.from({ length: groups }, (_, g) => fold(count, (j) => (axis === 1 ? data[g * cols + j] : data[j * cols + g])));
  const xd = x.to(device);
  const ops = ["sum", "max", "min", "argmax", "argmin"] as const;
  for (const op of ops) {
    const got = xd[op](axis).toTypedArray();
    const tol = op === "sum" ? (g: number) => SUM_TOL[x.dtype] * folded[g].magnitude : () => 0;
    const where = (g: number) => `${op} over ${axis === 1 ? "row" : "column"} ${g}`;
    expectMatch(got, folded.map((f) => f[op]), tol, where);
  }
}

describe.skipIf(!usable)(`reductions over rows longer than a block${note}`, () => {
  /**
   * Extremes past the first 256 elements of a row of 1 000: a tie, the last element, and
   * `odd` (NaN for floats, a larger extreme for int32) in the middle and near the end.
   */
  const plants = (big: number, odd: number): Array<[number, number]> => [
    [1000 + 999, big],
    [2000 + 300, big],
    [2000 + 700, big],
    [3000 + 513, odd],
    [4000 + 256, -big],
    [4000 + 900, -big],
    [5000 + 998, odd],
  ];

  it.each(["float32", "float64"] as const)("%s rows of 1 000: sum, max, min, argmax, argmin", (dtype) => {
    expectReductions(plant(draw(`rows ${dtype}`, [6, 1000], dtype), plants(100, NaN)), 1);
  });

  it("int32 rows of 1 000, and bool rows summed to counts", () => {
    expectReductions(plant(draw("rows int32", [6, 1000], "int32"), plants(1000, 5000)), 1);
    const bits = draw("rows bool", [3, 1000], "bool");
    const set = bits.toTypedArray();
    const counts = Array.from({ length: 3 }, (_, g) => fold(1000, (j) => set[g * 1000 + j]).sum);
    expect(Array.from(bits.to(device).sum(1).toTypedArray())).toEqual(counts);
  });

  it("rows of 100 000: float32 and int32", () => {
    expectReductions(plant(draw("long f32", [2, 100_000], "float32"), [[99_999, 50], [100_000 + 65_537, NaN]]), 1);
    expectReductions(plant(draw("long i32", [2, 100_000], "int32"), [[40_000, -999], [100_000 + 99_998, 999]]), 1);
  });

  it("over axis 0: 1 000 × 13 float64 and 100 000 × 2 int32", () => {
    expectReductions(plant(draw("cols f64", [1000, 13], "float64"), [[999 * 13 + 5, 100], [300 * 13 + 6, NaN]]), 0);
    expectReductions(plant(draw("cols i32", [100_000, 2], "int32"), [[99_999 * 2, 777], [70_000 * 2 + 1, -777]]), 0);
  });
});

// ------------------------------------------------------------------ prod, cumsum, argsort

describe.skipIf(!usable)(`prod, cumsum and argsort past one block${note}`, () => {
  /** `op` on the emulated device equals the cpu device's result: exactly, or within `rel` of each element. */
  const expectSame = (name: string, x: NDArray, op: (v: NDArray) => NDArray, rel = 0) => {
    const want = op(x);
    const got = op(x.to(device));
    expect([got.shape, got.dtype]).toEqual([want.shape, want.dtype]);
    const w = want.toTypedArray();
    expectMatch(got.toTypedArray(), w, (i) => rel * Math.abs(w[i]), (i) => `${name} at ${i}`);
  };

  it("prod over rows of 1 000 (four block strides): float64 near 1 by tree order, int32 of ±1 and 2 exactly", () => {
    const near = draw("prod f64", [4, 1000], "float64").mul(1e-3).add(1);
    expectSame("prod float64", near, (v) => v.prod(1), 1e-12);
    const signs = plant(draw("prod i32", [3, 1000], "int32").gt(0).astype("int32").mul(2).sub(1), [[1500, 2], [2999, 2], [2000 + 257, 0]]);
    expectSame("prod int32", signs, (v) => v.prod(1));
  });

  it("cumsum of 700 rows (three blocks of rows) and of one row of 5 000: the same sequential sums", () => {
    expectSame("cumsum rows", draw("cumsum rows", [700, 5], "float32"), (v) => v.cumsum(1));
    expectSame("cumsum long", draw("cumsum long", [5000], "int32"), (v) => v.cumsum());
  });

  it("argsort of 3 rows of 600 with ties and NaN (1 800 threads over 8 blocks): the stable order", () => {
    const ties = draw("argsort", [3, 600], "int32").div(10).astype("int32").astype("float64");
    const withNaN = plant(ties, [[5, NaN], [700, NaN], [1799, NaN], [1200, -0]]);
    expectSame("argsort", withNaN, (v) => v.argsort(1));
  });
});

// ------------------------------------------------------------------ take

describe.skipIf(!usable)(`take past one block, in one launch${note}`, () => {
  /** `x.take(ids, axis)` on the emulated device against plain loops over x's elements; and how many launches it took. */
  const expectTake = (name: string, x: NDArray, ids: readonly number[], axis: number) => {
    const [outer, n] = [x.shape.slice(0, axis).reduce((a, b) => a * b, 1), x.shape[axis]];
    const inner = x.size / (outer * n);
    const src = x.toTypedArray();
    const want: number[] = [];
    for (let o = 0; o < outer; o++) for (const i of ids) for (let j = 0; j < inner; j++) want.push(src[(o * n + (i < 0 ? i + n : i)) * inner + j]);
    const onDevice = x.to(device);
    const { result, launches } = counted(() => onDevice.take(ids, axis));
    const shape = [...x.shape];
    shape[axis] = ids.length;
    expect([result.shape, result.dtype]).toEqual([shape, x.dtype]);
    expectMatch(result.toTypedArray(), want, () => 0, (i) => `${name} at ${i}`);
    expect(launches).toBe(1);
  };

  it("an embedding lookup: 4 096 token ids (negative ones too) into a 1 000 × 33 float32 table, 528 blocks", () => {
    const ids = Array.from(draw("take ids", [4096], "int32").toTypedArray(), (v) => v * 20 + 7);
    expectTake("embedding", draw("take table", [1000, 33], "float32"), ids, 0);
  });

  it("along the middle axis of a 7 × 300 × 5 int32 array, indices repeated and reversed", () => {
    const ids = [...Array.from({ length: 150 }, (_, k) => 299 - 2 * k), 0, 0, -1, 150];
    expectTake("middle axis", draw("take middle", [7, 300, 5], "int32"), ids, 1);
  });
});

// ------------------------------------------------------------------ element-wise and strided

const N = 100_000;

/** An op on the emulated device and on the cpu: the results must agree to `ulps` of float32 (0: exactly). */
interface Case {
  readonly name: string;
  readonly run: (x: NDArray, y: NDArray) => NDArray;
  readonly ulps?: number;
}

/** One or two ops of each family (the ops of a family share one kernel body and launch). */
const CASES: readonly Case[] = [
  { name: "add", run: (x, y) => x.add(y) },
  { name: "mul", run: (x, y) => x.mul(y) },
  { name: "div", run: (x, y) => x.div(y) },
  { name: "maximum", run: (x, y) => x.maximum(y) },
  { name: "lt", run: (x, y) => x.lt(y) },
  { name: "where", run: (x, y) => where(x.gt(y), x, y.mul(2)) },
  { name: "scalar sub", run: (x) => x.sub(7) },
  { name: "scalar ge", run: (x) => x.ge(0) },
  { name: "neg", run: (x) => x.neg() },
  // float32 exp and tanh run in single precision (expf, tanhf: CUDA documents at most 2 ulp);
  // the cpu device computes in float64 and rounds.
  { name: "exp", run: (x) => x.exp(), ulps: 2 },
  { name: "tanh", run: (x) => x.tanh(), ulps: 2 },
];

/** Runs `c` on x, y (cpu arrays) on both devices and compares the results. */
function expectAgrees(c: Case, x: NDArray, y: NDArray): void {
  const want = c.run(x, y);
  const got = c.run(x.to(device), y.to(device));
  expect([got.shape, got.dtype]).toEqual([want.shape, want.dtype]);
  const w = want.toTypedArray();
  const tol = (i: number) => (c.ulps ?? 0) * Math.abs(w[i]) * 2 ** -23;
  expectMatch(got.toTypedArray(), w, tol, (i) => `${c.name} at ${i}`);
}

describe.skipIf(!usable)(`element-wise and strided kernels over 100 000 elements${note}`, () => {
  it("float32: arithmetic, comparison, where, scalar and unary kernels agree with the cpu device", () => {
    const [x, y] = [draw("ewise x", [N], "float32"), draw("ewise y", [N], "float32")];
    for (const c of CASES) expectAgrees(c, x, y);
  });

  it("int32: the same ops, wrapping as an Int32Array does", () => {
    const gen = new Generator("ewise int32");
    const [x, y] = [gen.randint(-(2 ** 20), 2 ** 20, [N], { device: cpu() }), gen.randint(1, 2 ** 16, [N], { device: cpu() })];
    for (const c of CASES) expectAgrees(c, x, y);
  });

  it("strided views: a transposed copy, a stepped and flipped slice, a broadcast, a write into a strided view", () => {
    const x = draw("strided", [400, 250], "float64");
    const views: ReadonlyArray<(v: NDArray) => NDArray> = [
      (v) => v.T.compact(),
      (v) => v.slice("::-3, 1::2").compact(),
      (v) => v.slice("0").broadcastTo([400, 250]).compact(),
      (v) => {
        const written = v.clone();
        written.slice("::2, ::-5").assign(v.slice("200:, :50"));
        return written;
      },
    ];
    for (const [k, view] of views.entries()) {
      const want = view(x);
      const got = view(x.to(device));
      expect(got.shape).toEqual(want.shape);
      expectMatch(got.toTypedArray(), want.toTypedArray(), () => 0, (i) => `view ${k} at ${i}`);
    }
  });
});
