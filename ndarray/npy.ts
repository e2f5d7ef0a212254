/**
 * `.npy` and `.npz` read and write, so that fixtures and arrays open in numpy unchanged.
 *
 * The `.npy` format (numpy's `lib/format.py`, NEP 1) is a 6-byte magic string `\x93NUMPY`,
 * a major and a minor version byte, a little-endian header length (2 bytes in version 1.0,
 * 4 bytes in 2.0 and 3.0), then the header: a Python dict literal such as
 * `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`, padded with spaces and
 * ending in `"\n"`. The raw data follows, here always little-endian and in C (row-major) order.
 *
 * We write version 1.0, which every numpy reads, and pad the header so the data starts at a
 * multiple of 64 bytes: that is numpy's own rule since 1.x (`ARRAY_ALIGN = 64`), so that a
 * memory-mapped array is aligned for any dtype and SIMD width. We read 1.0, 2.0 (long
 * headers) and 3.0 (UTF-8 headers).
 *
 * A `.npz` is a zip archive with one `<key>.npy` entry per array, as `np.savez` writes it;
 * keys may contain dots (`in.A` is stored as `in.A.npy`). Zip itself is fflate's job.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { endianness } from "node:os";
import { unzipSync, zipSync, type Zippable } from "fflate";
import { NDArray } from "./ndarray.js";
import type { DType, TypedArray } from "./dtype.js";
import { NpyFormatError } from "./errors.js";
import * as v from "./validate.js";

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"
/** numpy pads headers so the data offset is a multiple of this (see the module comment). */
const ARRAY_ALIGN = 64;

/** The descr each dtype is written with: numpy's `dtype.str` for it. */
const DESCR: Record<DType, string> = { float32: "<f4", float64: "<f8", int32: "<i4", bool: "|b1" };
const SUPPORTED =
  "supported: '<f4' (float32), '<f8' (float64), '<i4' (int32), '|b1' (bool), " +
  "and '<i8' (int64, read as int32 when every value fits)";

/** What a descr's data is on disk: the dtype it becomes, its numpy name and item size. */
interface DiskType {
  dtype: DType;
  name: string;
  itemsize: number;
  int64?: true;
}

// Typed arrays use the host's byte order; every platform Node supports is little-endian.
if (endianness() !== "LE") throw new Error("ndarray/npy: a big-endian host is not supported");

// ---------------------------------------------------------------- encode

/** numpy's repr of a shape tuple: `()`, `(3,)`, `(3, 4)`. */
function shapeRepr(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/** Encodes `a` as a version 1.0 `.npy` file (C order, little-endian). */
export function encodeNpy(a: NDArray): Uint8Array {
  v.arity("encodeNpy", arguments, ["a"]);
  v.ndarray("encodeNpy", "a", a);
  const dict = `{'descr': '${DESCR[a.dtype]}', 'fortran_order': False, 'shape': ${shapeRepr(a.shape)}, }`;
  // Pad with spaces so that magic (6) + version (2) + length (2) + header + "\n" ends on
  // ARRAY_ALIGN. (Version 1.0's 2-byte length caps the header at 65535 bytes: thousands of axes.)
  const total = Math.ceil((10 + dict.length + 1) / ARRAY_ALIGN) * ARRAY_ALIGN;
  const header = dict + " ".repeat(total - 10 - dict.length - 1) + "\n";
  const data = a.toTypedArray();
  const out = new Uint8Array(total + data.byteLength);
  out.set(MAGIC, 0);
  out.set([1, 0, header.length & 0xff, header.length >> 8], 6); // version 1.0, little-endian length
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i); // ASCII
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), total);
  return out;
}

// ---------------------------------------------------------------- header parsing

type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue };

/**
 * A tiny recursive-descent parser for the Python literals a `.npy` header holds: dicts,
 * tuples and lists, quoted strings, integers (with Python 2's `L` suffix), True/False/None.
 * Never `eval`: the header comes from a file.
 */
function parsePyLiteral(text: string, fail: (detail: string) => never): PyValue {
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const expect: (what: string) => never = (what) =>
    fail(i < text.trimEnd().length ? `expected ${what} at position ${i}` : `expected ${what} but the header ended`);
  const value = (): PyValue => {
    ws();
    const c = text[i];
    if (c === "{" || c === "(" || c === "[") {
      const close = c === "{" ? "}" : c === "(" ? ")" : "]";
      const dict: { [key: string]: PyValue } = {};
      const items: PyValue[] = [];
      i++;
      for (;;) {
        ws();
        if (text[i] === close) break;
        const v = value();
        if (c === "{") {
          if (typeof v !== "string") expect("a string key");
          ws();
          if (text[i++] !== ":") expect("':'");
          dict[v as string] = value();
        } else items.push(v);
        ws();
        if (text[i] === ",") i++;
        else if (text[i] !== close) expect(`',' or '${close}'`);
      }
      i++;
      return c === "{" ? dict : items;
    }
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      if (end < 0) fail(`unterminated string at position ${i}`);
      const s = text.slice(i + 1, end);
      i = end + 1;
      return s;
    }
    const m = /^(?:-?\d+L?|True|False|None)/.exec(text.slice(i));
    if (!m) expect("a value");
    i += m[0].length;
    if (m[0] === "True" || m[0] === "False") return m[0] === "True";
    if (m[0] === "None") return null;
    return parseInt(m[0], 10);
  };
  const v = value();
  ws();
  if (i !== text.length) fail(`unexpected text after the dict at position ${i}`);
  return v;
}

/** Maps a descr string to what we read it as, or throws naming the descr and the supported ones. */
function diskType(descr: string, fail: (detail: string) => never): DiskType {
  const order = descr[0];
  const code = "<>=|".includes(order) ? descr.slice(1) : descr;
  const known: Record<string, DiskType> = {
    f4: { dtype: "float32", name: "float32", itemsize: 4 },
    f8: { dtype: "float64", name: "float64", itemsize: 8 },
    i4: { dtype: "int32", name: "int32", itemsize: 4 },
    b1: { dtype: "bool", name: "bool", itemsize: 1 },
    i8: { dtype: "int32", name: "int64", itemsize: 8, int64: true },
  };
  const t = Object.hasOwn(known, code) ? known[code] : undefined;
  if (!t) fail(`unsupported dtype '${descr}'; ${SUPPORTED}`);
  // '=' is native order (little-endian on every host we run on); '|' means "not applicable".
  // '>' only matters when an item has more than one byte.
  if (order === ">" && t.itemsize > 1) {
    fail(`big-endian dtype '${descr}' is not supported; save with a.astype('<${code}')`);
  }
  return t;
}

interface Header {
  type: DiskType;
  shape: number[];
  dataOffset: number;
}

function parseHeader(bytes: Uint8Array, source: string): Header {
  const error: (detail: string) => never = (detail) => {
    throw new NpyFormatError(source, detail);
  };
  if (bytes.length < 8 || MAGIC.some((b, k) => bytes[k] !== b)) {
    error("not a .npy file: magic string missing");
  }
  const [major, minor] = [bytes[6], bytes[7]];
  if (minor !== 0 || major < 1 || major > 3) {
    error(`unsupported .npy format version ${major}.${minor}; this reader supports 1.0, 2.0 and 3.0`);
  }
  const lenBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lenBytes) error(`truncated: the file ends inside the header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = lenBytes === 2 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataOffset = 8 + lenBytes + headerLen;
  if (bytes.length < dataOffset) {
    error(`truncated: header says it is ${headerLen} bytes, file has ${bytes.length - 8 - lenBytes}`);
  }
  // Versions 1.0 and 2.0 store the header as latin-1, version 3.0 as UTF-8.
  const raw = bytes.subarray(8 + lenBytes, dataOffset);
  const text = new TextDecoder(major === 3 ? "utf-8" : "latin1").decode(raw);
  const malformed: (detail: string) => never = (detail) =>
    error(`malformed header: ${detail} in ${JSON.stringify(text.trim())}`);
  const dict = parsePyLiteral(text, malformed);
  if (dict === null || typeof dict !== "object" || Array.isArray(dict)) return malformed("expected a dict");
  for (const key of ["descr", "fortran_order", "shape"]) {
    if (!Object.hasOwn(dict, key)) malformed(`missing key '${key}'`);
  }
  const extra = Object.keys(dict).filter((k) => !["descr", "fortran_order", "shape"].includes(k));
  if (extra.length > 0) malformed(`unexpected key '${extra[0]}'`);
  const { descr, fortran_order: fortran, shape } = dict;
  if (typeof descr !== "string") {
    error(`unsupported dtype ${JSON.stringify(descr)} (structured dtypes are not supported); ${SUPPORTED}`);
  }
  if (typeof fortran !== "boolean") malformed("'fortran_order' must be True or False");
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === "number" && d >= 0)) {
    malformed("'shape' must be a tuple of non-negative integers");
  }
  const dims = shape as number[];
  // With at most one axis, Fortran and C order lay the data out identically.
  if (fortran && dims.length > 1) {
    error("Fortran-order arrays are not supported; save with np.ascontiguousarray");
  }
  return { type: diskType(descr as string, error), shape: dims, dataOffset };
}

// ---------------------------------------------------------------- decode

/**
 * Decodes a `.npy` file. `source` names it in error messages (a path, or `file.npz[key.npy]`).
 *
 * `'<i8'` is accepted because it is numpy's default integer dtype (`np.array([1, 2])` is
 * int64 on Linux and macOS), so fixtures written without care arrive as int64; the values
 * become int32 when all of them fit, and otherwise the error names the first that does not.
 * Bytes after the data are ignored, as `np.load` ignores them.
 */
export function decodeNpy(bytes: Uint8Array, source = "<bytes>"): NDArray {
  v.arity("decodeNpy", arguments, ["bytes", "source"]);
  v.bytes("decodeNpy", "bytes", bytes);
  v.string("decodeNpy", "source", source);
  const { type, shape, dataOffset } = parseHeader(bytes, source);
  const size = shape.reduce((p, d) => p * d, 1);
  const nbytes = size * type.itemsize;
  const have = bytes.length - dataOffset;
  if (have < nbytes) {
    throw new NpyFormatError(
      source,
      `truncated: header says shape ${shapeRepr(shape)} ${type.name} = ${nbytes} bytes of data, file has ${have}`,
    );
  }
  // Copy into a fresh, aligned buffer: the data offset within `bytes` may not be aligned, and
  // `bytes` may be a Node Buffer (whose slice() is a view into a shared pool, not a copy).
  const copy = new Uint8Array(nbytes);
  copy.set(bytes.subarray(dataOffset, dataOffset + nbytes));
  const buf = copy.buffer;
  let data: TypedArray;
  if (type.int64) {
    const wide = new BigInt64Array(buf);
    const narrow = new Int32Array(size);
    for (let k = 0; k < size; k++) {
      const v = wide[k];
      if (v < -2147483648n || v > 2147483647n) {
        throw new NpyFormatError(
          source,
          `int64 value ${v} at flat index ${k} does not fit in int32; ` +
            `this library has no int64 dtype (save with a.astype(np.int32) or np.float64)`,
        );
      }
      narrow[k] = Number(v);
    }
    data = narrow;
  } else if (type.dtype === "bool") {
    data = new Uint8Array(buf).map((v) => (v !== 0 ? 1 : 0));
  } else if (type.dtype === "float32") data = new Float32Array(buf);
  else if (type.dtype === "float64") data = new Float64Array(buf);
  else data = new Int32Array(buf);
  return NDArray.fromTypedArray(data, shape);
}

// ---------------------------------------------------------------- npz

/**
 * Encodes named arrays as a `.npz` zip, one `<key>.npy` entry each. Compressed (deflate, like
 * `np.savez_compressed`) unless `compress: false` (stored, like `np.savez`); `np.load` reads both.
 */
export function encodeNpz(arrays: Record<string, NDArray>, opts: { compress?: boolean } = {}): Uint8Array {
  v.arity("encodeNpz", arguments, ["arrays", "options"]);
  const named = v.arrayRecord("encodeNpz", "arrays", arrays);
  const o = v.options("encodeNpz", "options", opts, ["compress"] as const);
  const level = o.compress === undefined || v.boolean("encodeNpz", "compress", o.compress) ? 6 : 0;
  const entries: Zippable = {};
  for (const [key, a] of Object.entries(named)) {
    if (key === "") throw new NpyFormatError("encodeNpz", "array names must not be empty");
    entries[`${key}.npy`] = [encodeNpy(a), { level }];
  }
  return zipSync(entries);
}

/** Decodes a `.npz`; entry `in.A.npy` becomes key `in.A`, as in numpy. */
export function decodeNpz(bytes: Uint8Array, source = "<bytes>"): Record<string, NDArray> {
  v.arity("decodeNpz", arguments, ["bytes", "source"]);
  v.bytes("decodeNpz", "bytes", bytes);
  v.string("decodeNpz", "source", source);
  const sig = bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5);
  if (!sig) throw new NpyFormatError(source, "not a .npz file: zip signature missing");
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (e) {
    throw new NpyFormatError(source, `not a readable .npz file: ${(e as Error).message}`);
  }
  const out: Record<string, NDArray> = {};
  for (const [name, data] of Object.entries(files)) {
    if (name.endsWith("/")) continue; // a directory entry
    if (!name.endsWith(".npy")) {
      throw new NpyFormatError(source, `entry '${name}' is not a .npy array (expected '<name>.npy')`);
    }
    out[name.slice(0, -4)] = decodeNpy(data, `${source}[${name}]`);
  }
  return out;
}

// ---------------------------------------------------------------- files

/** Reads a whole file, turning "no such file" and friends into an error naming the path. */
function readBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === "ENOENT" ? "no such file"
      : code === "EISDIR" ? "is a directory, not a file"
      : code === "EACCES" ? "permission denied"
      : `cannot read: ${(e as Error).message}`;
    throw new NpyFormatError(path, why);
  }
}

export function saveNpy(path: string, a: NDArray): void {
  v.arity("saveNpy", arguments, ["path", "a"]);
  v.string("saveNpy", "path", path);
  v.ndarray("saveNpy", "a", a);
  writeFileSync(path, encodeNpy(a));
}

export function loadNpy(path: string): NDArray {
  v.arity("loadNpy", arguments, ["path"]);
  return decodeNpy(readBytes(v.string("loadNpy", "path", path)), path);
}

export function saveNpz(path: string, arrays: Record<string, NDArray>, opts?: { compress?: boolean }): void {
  v.arity("saveNpz", arguments, ["path", "arrays", "options"]);
  v.string("saveNpz", "path", path);
  v.arrayRecord("saveNpz", "arrays", arrays);
  v.options("saveNpz", "options", opts, ["compress"] as const);
  writeFileSync(path, encodeNpz(arrays, opts));
}

export function loadNpz(path: string): Record<string, NDArray> {
  v.arity("loadNpz", arguments, ["path"]);
  return decodeNpz(readBytes(v.string("loadNpz", "path", path)), path);
}
