import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  NDArray,
  NpyFormatError,
  decodeNpy,
  decodeNpz,
  encodeNpy,
  encodeNpz,
  loadNpy,
  loadNpz,
  saveNpy,
  saveNpz,
  type DType,
  type TypedArray,
} from "#ndarray";

// ---------------------------------------------------------------- helpers

const MAGIC = "\x93NUMPY";

function make(dtype: DType, shape: number[], values: number[]): NDArray {
  const data: TypedArray =
    dtype === "float32" ? Float32Array.from(values)
    : dtype === "float64" ? Float64Array.from(values)
    : dtype === "int32" ? Int32Array.from(values)
    : Uint8Array.from(values);
  return NDArray.fromTypedArray(data, shape);
}

/** Flat values; Object.is tells NaN and -0 apart, so `toEqual` on these is exact. */
const values = (a: NDArray): number[] => Array.from(a.toTypedArray());

/** The header text of an encoded file (version 1.0) and the offset its data starts at. */
function headerOf(bytes: Uint8Array): { text: string; dataOffset: number } {
  const len = bytes[8] | (bytes[9] << 8);
  return { text: String.fromCharCode(...bytes.subarray(10, 10 + len)), dataOffset: 10 + len };
}

/** A hand-built .npy: magic, version, length, `dict` padded to 64 with "\n", then `data`. */
function npyBytes(dict: string, data: Uint8Array, opts: { magic?: string; version?: number } = {}): Uint8Array {
  const magic = opts.magic ?? MAGIC;
  const version = opts.version ?? 1;
  const lenBytes = version === 1 ? 2 : 4;
  const pre = magic.length + 2 + lenBytes;
  const header = Buffer.from(dict + " ".repeat(63 - ((pre + dict.length) % 64)) + "\n", "latin1");
  const out = new Uint8Array(pre + header.length + data.length);
  for (let i = 0; i < magic.length; i++) out[i] = magic.charCodeAt(i);
  out[magic.length] = version;
  const view = new DataView(out.buffer);
  if (lenBytes === 2) view.setUint16(magic.length + 2, header.length, true);
  else view.setUint32(magic.length + 2, header.length, true);
  out.set(header, pre);
  out.set(data, pre + header.length);
  return out;
}

const dict = (descr: string, shape: string, fortran = "False") =>
  `{'descr': '${descr}', 'fortran_order': ${fortran}, 'shape': ${shape}, }`;

/** The message `fn` throws, after checking that it is an NpyFormatError. */
function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(NpyFormatError);
    expect((e as NpyFormatError).code).toBe("E_NPY_FORMAT");
    return (e as Error).message;
  }
  throw new Error("expected an NpyFormatError, nothing was thrown");
}

// ---------------------------------------------------------------- .npy round trip

const dtypeArb = fc.constantFrom<DType>("float32", "float64", "int32", "bool");
const valueArb: Record<DType, fc.Arbitrary<number>> = {
  float32: fc.float().map(Math.fround),
  float64: fc.double(),
  int32: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  bool: fc.boolean().map(Number),
};
const arrayArb = fc
  .record({ dtype: dtypeArb, shape: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 }) })
  .chain(({ dtype, shape }) => {
    const size = shape.reduce((p, d) => p * d, 1);
    return fc
      .array(valueArb[dtype], { minLength: size, maxLength: size })
      .map((vals) => ({ dtype, shape, vals }));
  });

describe("encodeNpy / decodeNpy", () => {
  it("round-trips every dtype and shape exactly (property)", () => {
    fc.assert(
      fc.property(arrayArb, ({ dtype, shape, vals }) => {
        const bytes = encodeNpy(make(dtype, shape, vals));
        const { dataOffset } = headerOf(bytes);
        expect(dataOffset % 64).toBe(0);
        expect(bytes.length).toBe(dataOffset + vals.length * { float32: 4, float64: 8, int32: 4, bool: 1 }[dtype]);
        const b = decodeNpy(bytes);
        expect(b.dtype).toBe(dtype);
        expect(b.shape).toEqual(shape);
        expect(values(b)).toEqual(vals);
      }),
      { numRuns: 300 },
    );
  });

  it("writes numpy's header: magic, version 1.0, 64-byte data offset, newline", () => {
    const bytes = encodeNpy(make("float32", [2, 3], [1, 2, 3, 4, 5, 6]));
    expect(String.fromCharCode(...bytes.subarray(0, 6))).toBe(MAGIC);
    expect([bytes[6], bytes[7]]).toEqual([1, 0]);
    const { text, dataOffset } = headerOf(bytes);
    expect(dataOffset).toBe(128); // 10 + 60-byte dict + "\n" > 64, so padded to 128, as numpy does
    expect(text.endsWith("\n")).toBe(true);
    expect(text.trimEnd()).toBe("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }");
    expect(Array.from(new Float32Array(bytes.slice(128).buffer))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it.each([
    ["float64", [], "'<f8'", "()"],
    ["int32", [3], "'<i4'", "(3,)"],
    ["bool", [0, 2], "'|b1'", "(0, 2)"],
    ["float32", [1, 1, 1, 1], "'<f4'", "(1, 1, 1, 1)"],
  ] as const)("formats %s shape %j like numpy: descr %s, shape %s", (dtype, shape, descr, repr) => {
    const size = shape.reduce((p: number, d: number) => p * d, 1);
    const { text } = headerOf(encodeNpy(make(dtype, [...shape], new Array(size).fill(1))));
    expect(text).toContain(`'descr': ${descr}`);
    expect(text).toContain(`'shape': ${repr}, }`);
  });

  it("reads data at an unaligned offset within a larger buffer", () => {
    const bytes = encodeNpy(make("float64", [3], [0.5, -1, 2 ** 60]));
    const host = new Uint8Array(bytes.length + 3);
    host.set(bytes, 3);
    expect(values(decodeNpy(host.subarray(3)))).toEqual([0.5, -1, 2 ** 60]);
  });

  it("parses headers in any key order, with odd spacing, and versions 2.0 and 3.0", () => {
    const data = new Uint8Array(new Int32Array([7, -8]).buffer);
    for (const [text, version] of [
      ["{'shape':(2,),'descr':'<i4','fortran_order':False}", 1],
      [`{ "fortran_order" : False , "shape" : ( 2 , ) , "descr" : "<i4" }`, 1],
      ["{'descr': '=i4', 'fortran_order': True, 'shape': (2L,), }", 1], // 1-d: order is moot
      [dict("<i4", "(2,)"), 2],
      [dict("<i4", "(2,)"), 3],
    ] as const) {
      const a = decodeNpy(npyBytes(text, data, { version }));
      expect([a.dtype, a.shape, values(a)]).toEqual(["int32", [2], [7, -8]]);
    }
  });

  it("reads '<i8' as int32 when every value fits", () => {
    const data = new Uint8Array(new BigInt64Array([-(2n ** 31n), 2n ** 31n - 1n, 0n]).buffer);
    const a = decodeNpy(npyBytes(dict("<i8", "(3,)"), data));
    expect([a.dtype, values(a)]).toEqual(["int32", [-(2 ** 31), 2 ** 31 - 1, 0]]);
  });
});

// ---------------------------------------------------------------- errors

describe("decodeNpy errors name the source and the reason", () => {
  const f4 = new Uint8Array(48);

  it("bad magic", () => {
    expect(errorOf(() => decodeNpy(npyBytes(dict("<f4", "(12,)"), f4, { magic: "\x93NUMPX" }), "x.npy"))).toBe(
      "x.npy: not a .npy file: magic string missing",
    );
    expect(errorOf(() => decodeNpy(new Uint8Array([1, 2])))).toBe("<bytes>: not a .npy file: magic string missing");
  });

  it("unsupported version", () => {
    expect(errorOf(() => decodeNpy(npyBytes(dict("<f4", "(12,)"), f4, { version: 4 })))).toBe(
      "<bytes>: unsupported .npy format version 4.0; this reader supports 1.0, 2.0 and 3.0",
    );
  });

  it("big-endian '>f4'", () => {
    expect(errorOf(() => decodeNpy(npyBytes(dict(">f4", "(12,)"), f4)))).toBe(
      "<bytes>: big-endian dtype '>f4' is not supported; save with a.astype('<f4')",
    );
  });

  it("unsupported dtype '<c16' lists the supported ones", () => {
    const msg = errorOf(() => decodeNpy(npyBytes(dict("<c16", "(3,)"), f4)));
    expect(msg).toMatch(/^<bytes>: unsupported dtype '<c16'; supported: '<f4' \(float32\), '<f8' \(float64\), '<i4'/);
    expect(msg).toContain("'|b1' (bool)");
    expect(errorOf(() => decodeNpy(npyBytes(dict("|u1", "(3,)"), f4)))).toContain("unsupported dtype '|u1'");
  });

  it("fortran_order True", () => {
    expect(errorOf(() => decodeNpy(npyBytes(dict("<f4", "(3, 4)", "True"), f4)))).toBe(
      "<bytes>: Fortran-order arrays are not supported; save with np.ascontiguousarray",
    );
  });

  it("truncated data", () => {
    expect(errorOf(() => decodeNpy(npyBytes(dict("<f4", "(3, 4)"), new Uint8Array(20)), "w.npy"))).toBe(
      "w.npy: truncated: header says shape (3, 4) float32 = 48 bytes of data, file has 20",
    );
    expect(errorOf(() => decodeNpy(encodeNpy(make("int32", [2], [1, 2])).subarray(0, 40)))).toBe(
      "<bytes>: truncated: header says it is 118 bytes, file has 30",
    );
  });

  it("malformed header", () => {
    const cases: [string, string][] = [
      ["{'descr': '<f4', 'shape': (12,), }", "missing key 'fortran_order'"],
      ["{'descr': '<f4' 'fortran_order': False, 'shape': (12,), }", "expected ',' or '}' at position 16"],
      ["{'descr': '<f4', 'fortran_order': False, 'shape': (12,), 'x': 1}", "unexpected key 'x'"],
      ["{'descr': '<f4', 'fortran_order': 0, 'shape': (12,), }", "'fortran_order' must be True or False"],
      ["{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", "'shape' must be a tuple of non-negative"],
      ["{'descr': '<f4', 'fortran_order': False, 'shape': (12,)", "expected ',' or '}' but the header ended"],
      ["[1, 2]", "expected a dict"],
      ["{'descr': '<f4', 'fortran_order': False, 'shape': __import__('os'), }", "expected a value"],
    ];
    for (const [text, why] of cases) {
      const msg = errorOf(() => decodeNpy(npyBytes(text, f4)));
      expect(msg).toMatch(/^<bytes>: malformed header: /);
      expect(msg).toContain(why);
      expect(msg).toContain(JSON.stringify(text)); // shows the header it saw
    }
  });

  it("'<i8' with values outside int32", () => {
    const data = new Uint8Array(new BigInt64Array([1n, 3000000000n]).buffer);
    expect(errorOf(() => decodeNpy(npyBytes(dict("<i8", "(2,)"), data)))).toBe(
      "<bytes>: int64 value 3000000000 at flat index 1 does not fit in int32; " +
        "this library has no int64 dtype (save with a.astype(np.int32) or np.float64)",
    );
  });
});

// ---------------------------------------------------------------- .npz and files

describe(".npz and file helpers", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "npy-test-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const arrays = () => ({
    "in.A": make("float32", [2, 2], [1.5, -2, 0, 3]),
    "out.dLdW": make("float64", [3], [0.1, 0.2, 0.3]),
    mask: make("bool", [0], []),
    step: make("int32", [], [42]),
  });

  it.each([true, false])("round-trips dotted keys (compress: %s)", (compress) => {
    const bytes = encodeNpz(arrays(), { compress });
    expect(bytes[8] | (bytes[9] << 8)).toBe(compress ? 8 : 0); // first entry: deflate or stored
    const back = decodeNpz(bytes);
    expect(Object.keys(back).sort()).toEqual(["in.A", "mask", "out.dLdW", "step"]);
    for (const [k, a] of Object.entries(arrays())) {
      expect([back[k].dtype, back[k].shape, values(back[k])]).toEqual([a.dtype, a.shape, values(a)]);
    }
  });

  it("compresses by default", () => {
    const bytes = encodeNpz({ z: make("float64", [1000], new Array(1000).fill(0)) });
    expect(bytes[8]).toBe(8);
    expect(bytes.length).toBeLessThan(1000);
  });

  it("names the entry when one inside a .npz is bad, and rejects non-zip bytes", () => {
    expect(errorOf(() => decodeNpz(encodeNpy(make("int32", [1], [1])), "f.npz"))).toBe(
      "f.npz: not a .npz file: zip signature missing",
    );
    expect(decodeNpz(encodeNpz({}))).toEqual({});
    const bad = encodeNpz({ "in.A": NDArray.fromTypedArray(new Int32Array(4), [4]) }, { compress: false });
    // Corrupt the stored entry's magic in place: the entry starts after a 30-byte local header + name.
    bad[30 + "in.A.npy".length] = 0;
    expect(errorOf(() => decodeNpz(bad, "f.npz"))).toBe("f.npz[in.A.npy]: not a .npy file: magic string missing");
  });

  it("saves and loads files, and names the path of a missing one", () => {
    const a = make("float32", [2, 3], [1, 2, 3, 4, 5, 6]);
    saveNpy(join(dir, "a.npy"), a);
    expect(values(loadNpy(join(dir, "a.npy")))).toEqual(values(a));
    saveNpz(join(dir, "b.npz"), arrays(), { compress: false });
    expect(Object.keys(loadNpz(join(dir, "b.npz"))).sort()).toEqual(["in.A", "mask", "out.dLdW", "step"]);
    const missing = join(dir, "nope.npy");
    expect(errorOf(() => loadNpy(missing))).toBe(`${missing}: no such file`);
    expect(errorOf(() => loadNpz(dir))).toBe(`${dir}: is a directory, not a file`);
  });
});

// ---------------------------------------------------------------- numpy interop

/**
 * Debian's numpy lives under /usr/bin/python3, while a pyenv `python3` earlier on PATH may
 * lack it; so try /usr/bin/python3 first and fall back to whatever `python3` is.
 */
function findNumpyPython(): string | null {
  for (const py of ["/usr/bin/python3", "python3"]) {
    if (spawnSync(py, ["-c", "import numpy"], { stdio: "ignore" }).status === 0) return py;
  }
  return null;
}
const python = findNumpyPython();
if (!python) console.log("npy.test.ts: skipping the numpy interop tests: no python3 with numpy found");
const script = fileURLToPath(new URL("./npy_roundtrip.py", import.meta.url));

function runPython(mode: "check" | "write", dir: string): string {
  const r = spawnSync(python!, [script, mode, dir], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`npy_roundtrip.py ${mode} failed:\n${r.stderr}${r.stdout}`);
  return r.stdout.trim();
}

interface Described {
  file: string;
  key: string | null;
  dtype: string;
  shape: number[];
  values: (number | boolean)[];
}

describe.skipIf(!python)(`numpy interop (${python ?? "no python3 with numpy"})`, () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "npy-numpy-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("numpy loads what we save: every dtype, 0-d, size-0 and dotted .npz keys", () => {
    const arrays: Record<string, NDArray> = {
      f32: make("float32", [2, 3], [0.1, -1e-30, 3e38, 1, 2, -0].map(Math.fround)),
      f64: make("float64", [4], [0.1, -2.5e-300, 1e300, Math.PI]),
      i32: make("int32", [1, 3, 1], [-(2 ** 31), 2 ** 31 - 1, 0]),
      b: make("bool", [2, 2], [1, 0, 0, 1]),
      scalar: make("float64", [], [3.25]),
      empty: make("float32", [0, 5], []),
    };
    const expected: Described[] = [];
    const describeAs = (file: string, key: string | null, a: NDArray) =>
      expected.push({ file, key, dtype: a.dtype, shape: [...a.shape], values: values(a) });
    for (const [name, a] of Object.entries(arrays)) {
      saveNpy(join(dir, `${name}.npy`), a);
      describeAs(`${name}.npy`, null, a);
    }
    const dotted = { "in.A": arrays.f32, "out.dLdW": arrays.f64, mask: arrays.b, loss: arrays.scalar };
    saveNpz(join(dir, "c.npz"), dotted);
    saveNpz(join(dir, "s.npz"), dotted, { compress: false });
    for (const file of ["c.npz", "s.npz"]) {
      for (const [key, a] of Object.entries(dotted)) describeAs(file, key, a);
    }
    writeFileSync(join(dir, "expected.json"), JSON.stringify(expected));
    expect(runPython("check", dir)).toBe(`ok ${expected.length}`);
  });

  it("we load what numpy saves: np.save, np.savez, np.savez_compressed, versions 2.0/3.0, int64", () => {
    runPython("write", dir);
    const described: Described[] = JSON.parse(readFileSync(join(dir, "numpy.json"), "utf8"));
    expect(described.length).toBeGreaterThanOrEqual(17);
    const npz = new Map<string, Record<string, NDArray>>();
    for (const d of described) {
      const path = join(dir, d.file);
      let a: NDArray;
      if (d.key === null) a = loadNpy(path);
      else {
        if (!npz.has(d.file)) npz.set(d.file, loadNpz(path));
        a = npz.get(d.file)![d.key];
      }
      const what = `${d.file}${d.key === null ? "" : `[${d.key}]`}`;
      expect([what, a.dtype], what).toEqual([what, d.dtype === "int64" ? "int32" : d.dtype]);
      expect(a.shape, what).toEqual(d.shape);
      expect(values(a), what).toEqual(d.values.map(Number));
    }
    expect(Object.keys(npz.get("plain.npz")!).sort()).toEqual(["in.A", "loss", "mask", "out.dLdW"]);
    expect(errorOf(() => loadNpy(join(dir, "fortran.npy")))).toContain("Fortran-order arrays are not supported");
    expect(errorOf(() => loadNpy(join(dir, "big_i64.npy")))).toContain("int64 value 1099511627776 at flat index 1");
    expect(errorOf(() => loadNpy(join(dir, "bigendian.npy")))).toContain("big-endian dtype '>f4'");
    expect(errorOf(() => loadNpy(join(dir, "u8.npy")))).toContain("unsupported dtype '|u1'");
  });
});
