/**
 * Builds small IDX files in memory for the §2 cases: a header for the given sizes, random
 * data bytes, optionally gzipped, optionally damaged in one named way. The bytes travel as
 * an int32 array of values 0–255 (the grader's arrays have no uint8 dtype); `toBytes` turns
 * them back into the Uint8Array parseIdx takes.
 */
import { gzipSync } from "node:zlib";
import { NDArray, type Generator } from "#ndarray";

/** The ways a case damages a file; each must make parseIdx throw IdxFormatError. */
export type Defect =
  | "none"
  | "type" // byte 2 is not 0x08 (e.g. a file of int32s)
  | "ndim" // byte 3 says one dimension more than expected
  | "nonzero" // bytes 0–1 are not zero (not an IDX file at all)
  | "short_magic" // fewer than 4 bytes
  | "short_header" // cut inside the sizes
  | "short_data" // cut inside the data
  | "trailing" // extra bytes after the data
  | "gzip_cut"; // a gzip stream cut short (a truncated download)

/** "2x3x4" → [2, 3, 4]. */
export function parseDims(dims: string): number[] {
  return dims.split("x").map(Number);
}

/** Header bytes of an IDX file of unsigned bytes with these sizes (big-endian). */
function header(dims: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * dims.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x0800 | dims.length);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  return bytes;
}

function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * An IDX file with sizes `dims` and data bytes drawn from rng (one randint draw of
 * prod(dims) values, then, for "trailing", three more), damaged by `defect`, gzipped when
 * `gzip` (a "gzip_cut" file is always gzipped, then cut to two thirds).
 */
export function idxFile(rng: Generator, dims: readonly number[], defect: Defect, gzip: boolean): NDArray {
  const count = dims.reduce((a, b) => a * b, 1);
  const data = Uint8Array.from(rng.randint(0, 256, [count]).toTypedArray());
  let bytes = concatBytes(header(dims), data);
  switch (defect) {
    case "type":
      bytes[2] = 0x0c;
      break;
    case "ndim":
      bytes[3] = dims.length + 1;
      break;
    case "nonzero":
      bytes[0] = 0x50;
      bytes[1] = 0x4b;
      break;
    case "short_magic":
      bytes = bytes.subarray(0, 3);
      break;
    case "short_header":
      bytes = bytes.subarray(0, 4 + 4 * dims.length - 2);
      break;
    case "short_data":
      bytes = bytes.subarray(0, bytes.length - 1 - Math.floor(count / 2));
      break;
    case "trailing":
      bytes = concatBytes(bytes, Uint8Array.from(rng.randint(0, 256, [3]).toTypedArray()));
      break;
    default:
      break;
  }
  if (gzip || defect === "gzip_cut") bytes = gzipSync(bytes);
  if (defect === "gzip_cut") bytes = bytes.subarray(0, Math.floor((bytes.length * 2) / 3));
  return NDArray.fromTypedArray(Int32Array.from(bytes), [bytes.length]);
}

/**
 * The bytes of a file built by idxFile, as parseIdx takes them: a view 8 bytes into a larger
 * buffer, as Node hands out a small file read from disk (its buffers come from a shared
 * pool), so a DataView over `bytes.buffer` that ignores `bytes.byteOffset` reads the wrong bytes.
 */
export function toBytes(file: NDArray): Uint8Array {
  const pooled = new Uint8Array(file.size + 8);
  pooled.set(file.toTypedArray(), 8);
  return pooled.subarray(8);
}

