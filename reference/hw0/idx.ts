/**
 * Reading the digits: the IDX format (Yann LeCun's MNIST files), optionally gzipped.
 *
 * An IDX file is a big-endian header followed by the raw data:
 *
 *   bytes 0–1   0x00 0x00                         (always zero)
 *   byte  2     0x08                              (the element type: 0x08 is unsigned byte)
 *   byte  3     ndim                              (number of dimensions: 3 for images, 1 for labels)
 *   then ndim   uint32 sizes, big-endian           (N, rows, cols  or  N)
 *   then        N·rows·cols data bytes, row-major
 *
 * The first four bytes read as one big-endian uint32 are the "magic number": 0x00000803
 * (2051) for images, 0x00000801 (2049) for labels. A gzipped file starts with the bytes
 * 0x1f 0x8b instead; decompress it (node:zlib's gunzipSync) and parse what comes out.
 * See handouts/hw0.md §2.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { NDArray, ShapeError } from "#ndarray";
import { IdxFormatError } from "./errors.js";

/** The two bytes every gzip stream starts with. */
const GZIP_MAGIC = [0x1f, 0x8b] as const;
/** IDX's type code for unsigned bytes, the only element type the digits use. */
const UBYTE = 0x08;

function hex32(value: number): string {
  return `0x${value.toString(16).padStart(8, "0")}`;
}

/**
 * Parses one IDX file of unsigned bytes with `ndim` dimensions, gzipped or not, into an
 * int32 array of its sizes (uint8 values 0–255; the kit has no uint8 dtype).
 *
 * `source` names the file in every error. Throw `IdxFormatError(source, detail)` when:
 *   - the bytes start like gzip but do not decompress (e.g. a truncated download);
 *   - there are fewer than 4 bytes, or the magic number is not 0x00000800 + ndim
 *     (zero bytes, type 0x08, the expected ndim);
 *   - the header is shorter than 4 + 4·ndim bytes;
 *   - fewer data bytes follow the header than its sizes promise, or more.
 */
export function parseIdx(bytes: Uint8Array, source: string, ndim: number): NDArray {
  // Hint: a DataView over the bytes reads big-endian uint32s: view.getUint32(offset) (big-endian is its default).
  // BEGIN SOLUTION
  let data = bytes;
  if (data.length >= 2 && data[0] === GZIP_MAGIC[0] && data[1] === GZIP_MAGIC[1]) {
    try {
      data = gunzipSync(data);
    } catch (err) {
      throw new IdxFormatError(source, `starts like gzip but does not decompress (${(err as Error).message}); the file is damaged or cut short`);
    }
  }
  const expected = (UBYTE << 8) | ndim;
  if (data.length < 4) throw new IdxFormatError(source, `only ${data.length} bytes, too short for the 4-byte magic number`);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const magic = view.getUint32(0);
  if (magic !== expected) {
    throw new IdxFormatError(source, `magic number ${hex32(magic)} is not that of an IDX file of ${ndim}-d unsigned bytes (expected ${hex32(expected)})`);
  }
  const headerBytes = 4 + 4 * ndim;
  if (data.length < headerBytes) {
    throw new IdxFormatError(source, `truncated header: ${data.length} bytes, but ${ndim} sizes need ${headerBytes}`);
  }
  const dims = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i));
  const count = dims.reduce((a, b) => a * b, 1);
  const present = data.length - headerBytes;
  if (present < count) {
    throw new IdxFormatError(source, `truncated: the header promises ${dims.join("×")} = ${count} data bytes, but only ${present} follow`);
  }
  if (present > count) {
    throw new IdxFormatError(source, `${present - count} bytes left over after the ${dims.join("×")} = ${count} data bytes the header promises`);
  }
  return NDArray.fromTypedArray(Int32Array.from(data.subarray(headerBytes)), dims);
  // END SOLUTION
}

/** The digits of one split: images (N, 28, 28) and labels (N), both int32. */
export interface Digits {
  images: NDArray;
  labels: NDArray;
}

/**
 * Reads one split of the digits from `dir` (complete: it calls your parseIdx). `split` is
 * "train" (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz) or "t10k" (the test
 * split, MNIST's names). `npm run data` writes these files into data/.
 */
export function loadDigits(dir: string, split: "train" | "t10k"): Digits {
  const read = (name: string, ndim: number) => parseIdx(readFileSync(join(dir, name)), name, ndim);
  const images = read(`${split}-images-idx3-ubyte.gz`, 3);
  const labels = read(`${split}-labels-idx1-ubyte.gz`, 1);
  if (images.shape[0] !== labels.shape[0]) {
    throw new ShapeError("loadDigits", `${split}: ${images.shape[0]} images but ${labels.shape[0]} labels; the two files must come from the same split`);
  }
  return { images, labels };
}
