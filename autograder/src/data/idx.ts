/**
 * The kit's own IDX reader and writer (unsigned bytes only, the digits' type), used by
 * `npm run data` and by the trainers of homeworks after hw0. hw0's students write their
 * own parser (reference/hw0/idx.ts); this one is tooling and ships no answer.
 *
 * Layout (big-endian): 0x00 0x00, type 0x08, ndim, then ndim uint32 sizes, then the data.
 */
import { gunzipSync, gzipSync } from "node:zlib";
import { KitError } from "#ndarray";

const UBYTE = 0x08;

/** An unsigned-byte IDX array: its sizes and its data, row-major. */
export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

/** An IDX file that cannot be read; the message names the file. */
export class IdxFileError extends KitError {
  constructor(source: string, detail: string) {
    super("E_IDX_FORMAT", `${source}: ${detail}`);
  }
}

/** The gzipped IDX file of `array` (gzip's header holds no time stamp, so equal arrays give equal bytes). */
export function encodeIdx(array: IdxArray): Buffer {
  const { dims, data } = array;
  const count = dims.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new IdxFileError("encodeIdx", `sizes ${dims.join("×")} need ${count} bytes, got ${data.length}`);
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE((UBYTE << 8) | dims.length, 0);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return gzipSync(Buffer.concat([header, data]));
}

/** Reads an IDX file of unsigned bytes (gzipped or not) with `ndim` sizes; `source` names it in errors. */
export function decodeIdx(bytes: Uint8Array, source: string, ndim: number): IdxArray {
  let raw = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      raw = gunzipSync(raw);
    } catch (err) {
      throw new IdxFileError(source, `not a complete gzip stream (${(err as Error).message})`);
    }
  }
  const expected = (UBYTE << 8) | ndim;
  if (raw.length < 4 || raw.readUInt32BE(0) !== expected) {
    const seen = raw.length < 4 ? `${raw.length} bytes` : `magic number 0x${raw.readUInt32BE(0).toString(16).padStart(8, "0")}`;
    throw new IdxFileError(source, `${seen}, expected an IDX file of ${ndim}-d unsigned bytes (magic 0x${expected.toString(16).padStart(8, "0")})`);
  }
  const header = 4 + 4 * ndim;
  if (raw.length < header) throw new IdxFileError(source, `truncated header (${raw.length} of ${header} bytes)`);
  const dims = Array.from({ length: ndim }, (_, i) => raw.readUInt32BE(4 + 4 * i));
  const count = dims.reduce((a, b) => a * b, 1);
  if (raw.length - header !== count) {
    throw new IdxFileError(source, `the header promises ${count} data bytes (${dims.join("×")}) but ${raw.length - header} follow`);
  }
  return { dims, data: new Uint8Array(raw.subarray(header)) };
}
