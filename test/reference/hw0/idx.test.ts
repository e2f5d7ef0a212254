import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { encodeIdx } from "../../../autograder/src/data/idx.js";
import { IdxFormatError, loadDigits, parseIdx } from "../../../reference/hw0/index.js";

function raw(header: number[], data: number[]): Uint8Array {
  return Uint8Array.from([...header, ...data]);
}

/** An uncompressed IDX file of ubytes: magic 0x0000 08 ndim, big-endian sizes, data. */
function idx(dims: number[], data: number[]): Uint8Array {
  const sizes = dims.flatMap((d) => [(d >>> 24) & 0xff, (d >>> 16) & 0xff, (d >>> 8) & 0xff, d & 0xff]);
  return raw([0, 0, 8, dims.length, ...sizes], data);
}

function rejection(bytes: Uint8Array, ndim: number): IdxFormatError {
  try {
    parseIdx(bytes, "file.gz", ndim);
  } catch (err) {
    expect(err).toBeInstanceOf(IdxFormatError);
    return err as IdxFormatError;
  }
  throw new Error("parseIdx accepted a damaged file");
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("hw0 parseIdx", () => {
  it("reads sizes big-endian and the data row-major, as int32", () => {
    const out = parseIdx(idx([2, 3], [1, 2, 3, 250, 255, 0]), "f", 2);
    expect(out.dtype).toBe("int32");
    expect(out.toArray()).toEqual([[1, 2, 3], [250, 255, 0]]);
    expect(parseIdx(idx([300], Array.from({ length: 300 }, (_, i) => i % 256)), "f", 1).shape).toEqual([300]);
  });

  it("reads gzipped files, including the kit's own writer's", () => {
    expect(parseIdx(gzipSync(idx([1, 2, 2], [9, 8, 7, 6])), "f", 3).toArray()).toEqual([[[9, 8], [7, 6]]]);
    const data = Uint8Array.from({ length: 2 * 28 * 28 }, (_, i) => (i * 7) % 256);
    expect(Array.from(parseIdx(encodeIdx({ dims: [2, 28, 28], data }), "f", 3).toTypedArray())).toEqual(Array.from(data));
  });

  it("rejects a wrong magic number, naming the file and both magic numbers", () => {
    const e = rejection(idx([4], [1, 2, 3, 4]), 3);
    expect(e.message).toMatch(/^file\.gz: magic number 0x00000801 .* \(expected 0x00000803\)$/);
    rejection(raw([0, 0, 0x0d, 1, 0, 0, 0, 1], [5]), 1);
    rejection(raw([0x50, 0x4b, 8, 1, 0, 0, 0, 1], [5]), 1);
  });

  it("rejects truncated headers, truncated data, trailing bytes and a cut gzip stream", () => {
    expect(rejection(raw([0, 0, 8], []), 1).message).toMatch(/too short for the 4-byte magic number/);
    expect(rejection(raw([0, 0, 8, 2, 0, 0, 0, 1, 0], []), 2).message).toMatch(/truncated header/);
    expect(rejection(idx([2, 2], [1, 2, 3]), 2).message).toMatch(/promises 2×2 = 4 data bytes, but only 3 follow/);
    expect(rejection(idx([2], [1, 2, 3]), 1).message).toMatch(/1 bytes left over/);
    const gz = gzipSync(idx([10, 10], Array.from({ length: 100 }, (_, i) => i)));
    expect(rejection(gz.subarray(0, gz.length - 10), 2).message).toMatch(/^file\.gz: starts like gzip but does not decompress/);
  });

  it("loadDigits reads a split's two files and checks that their counts agree", () => {
    const dir = mkdtempSync(join(tmpdir(), "hw0-digits-"));
    dirs.push(dir);
    writeFileSync(join(dir, "train-images-idx3-ubyte.gz"), encodeIdx({ dims: [3, 2, 2], data: new Uint8Array(12) }));
    writeFileSync(join(dir, "train-labels-idx1-ubyte.gz"), encodeIdx({ dims: [3], data: Uint8Array.from([1, 2, 3]) }));
    const { images, labels } = loadDigits(dir, "train");
    expect(images.shape).toEqual([3, 2, 2]);
    expect(labels.toArray()).toEqual([1, 2, 3]);
    writeFileSync(join(dir, "train-labels-idx1-ubyte.gz"), encodeIdx({ dims: [2], data: Uint8Array.from([1, 2]) }));
    expect(() => loadDigits(dir, "train")).toThrow(/3 images but 2 labels/);
  });
});
