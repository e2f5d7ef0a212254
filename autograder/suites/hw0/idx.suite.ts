/**
 * §2 IDX parsing and §3 normalisation. Every file is built in memory from seeded bytes
 * (idx-bytes.ts): the grader never reads the digits in data/. A damaged file must make
 * parseIdx throw IdxFormatError; the case's output `rejected` is 1 when it does and 0 when
 * parseIdx returns normally. Any other error (NotImplementedError included) propagates,
 * so it is reported as what it is.
 */
import type { NDArray } from "#ndarray";
import { defineCase, type CaseSpec, type Outputs, type Size } from "../../src/suite.js";
import { num } from "./draw.js";
import { idxFile, parseDims, toBytes, type Defect } from "./idx-bytes.js";
import type { HW0 } from "./types.js";

const SOURCE = "case-file.idx";

function fileInputs(rng: Parameters<CaseSpec<HW0>["inputs"]>[0], size: Size): Record<string, NDArray> {
  return { file: idxFile(rng, parseDims(size.dims as string), size.defect as Defect, size.gzip as boolean) };
}

/** Parses the case's file expecting as many dimensions as its sizes have. */
function parse(hw: HW0, file: NDArray, size: Size): NDArray {
  return hw.parseIdx(toBytes(file), SOURCE, parseDims(size.dims as string).length);
}

function rejects(hw: HW0, file: NDArray, size: Size): Outputs {
  try {
    parse(hw, file, size);
  } catch (err) {
    if (err instanceof hw.IdxFormatError) return { rejected: 1 };
    throw err;
  }
  return { rejected: 0 };
}

export const idxCases: CaseSpec<HW0>[] = [
  defineCase<HW0>({
    id: "idx.parse",
    number: "2.1",
    section: "idx",
    title: "parseIdx on IDX files of 1 to 3 dimensions",
    points: 8,
    sizes: {
      public: [
        { dims: "5", defect: "none", gzip: false },
        { dims: "3x4x5", defect: "none", gzip: false },
      ],
      hidden: [
        { dims: "2x7", defect: "none", gzip: false },
        { dims: "1x28x28", defect: "none", gzip: false },
        { dims: "0x2x2", defect: "none", gzip: false },
      ],
    },
    inputs: fileInputs,
    run: ({ hw, inputs: { file }, size }) => ({ out: parse(hw, file, size) }),
    failureHint:
      "The sizes are big-endian uint32s after the 4-byte magic number (DataView's getUint32 without `true`); the data starts at byte 4 + 4·ndim; a DataView over bytes.buffer must start at bytes.byteOffset (the bytes you get are a view into a larger buffer).",
  }),
  defineCase<HW0>({
    id: "idx.gzip",
    number: "2.2",
    section: "idx",
    title: "parseIdx on gzipped files",
    points: 4,
    sizes: {
      public: [
        { dims: "6", defect: "none", gzip: true },
        { dims: "2x3x3", defect: "none", gzip: true },
      ],
      hidden: [
        { dims: "4x9", defect: "none", gzip: true },
        { dims: "3x28x28", defect: "none", gzip: true },
      ],
    },
    inputs: fileInputs,
    run: ({ hw, inputs: { file }, size }) => ({ out: parse(hw, file, size) }),
    failureHint: "A file whose first two bytes are 0x1f 0x8b is gzip: gunzipSync (node:zlib) it, then parse the result.",
  }),
  defineCase<HW0>({
    id: "idx.bad_magic",
    number: "2.3",
    section: "idx",
    title: "parseIdx rejects a wrong magic number",
    points: 4,
    sizes: {
      public: [
        { dims: "2x3x3", defect: "type", gzip: false },
        { dims: "4", defect: "ndim", gzip: false },
        { dims: "2x2x2", defect: "nonzero", gzip: true },
      ],
      hidden: [
        { dims: "3x2x2", defect: "ndim", gzip: true },
        { dims: "5", defect: "type", gzip: true },
        { dims: "2x5", defect: "nonzero", gzip: false },
      ],
    },
    inputs: fileInputs,
    run: ({ hw, inputs: { file }, size }) => rejects(hw, file, size),
    failureHint: "Check all four magic bytes: 0x00, 0x00, 0x08, then ndim; throw IdxFormatError(source, …) otherwise.",
  }),
  defineCase<HW0>({
    id: "idx.bad_size",
    number: "2.4",
    section: "idx",
    title: "parseIdx rejects truncated files and trailing bytes",
    points: 4,
    sizes: {
      public: [
        { dims: "2x4x4", defect: "short_data", gzip: false },
        { dims: "6", defect: "trailing", gzip: false },
        { dims: "3x3", defect: "short_header", gzip: false },
        { dims: "2x4x4", defect: "gzip_cut", gzip: true },
      ],
      hidden: [
        { dims: "5", defect: "short_magic", gzip: false },
        { dims: "3x2x2", defect: "trailing", gzip: true },
        { dims: "4x3", defect: "short_data", gzip: true },
        { dims: "1x28x28", defect: "gzip_cut", gzip: true },
      ],
    },
    inputs: fileInputs,
    run: ({ hw, inputs: { file }, size }) => rejects(hw, file, size),
    failureHint: "Compare the bytes after the header with the product of the sizes (fewer and more are both errors), and turn a gunzip failure into IdxFormatError.",
  }),
];

export const normalizeCases: CaseSpec<HW0>[] = [
  defineCase<HW0>({
    id: "normalize.images",
    number: "3.1",
    section: "normalize",
    title: "normalizeImages",
    points: 6,
    sizes: {
      public: [
        { N: 2, H: 3, W: 4, mean: 0.1307, std: 0.3081 },
        { N: 3, H: 5, W: 5, mean: 0.5, std: 0.25 },
      ],
      hidden: [
        { N: 1, H: 1, W: 7, mean: 0.1307, std: 0.3081 },
        { N: 4, H: 6, W: 2, mean: 0.2, std: 2 },
      ],
    },
    inputs: (rng, size) => ({ images: rng.randint(0, 256, [num(size, "N"), num(size, "H"), num(size, "W")], { dtype: "int32" }) }),
    run: ({ hw, inputs: { images }, size }) => ({ X: hw.normalizeImages(images, num(size, "mean"), num(size, "std")) }),
    failureHint: "Flatten each image to a row of H·W pixels, cast to float32, divide by 255, then subtract mean and divide by std.",
  }),
];
