// WebAssembly's JavaScript API (Memory, Module, Instance) is typed in TypeScript's DOM
// library; Node's own types declare only a fragment of it. Named here so that a handout,
// which has none of the test tools that happen to pull the DOM library in, type-checks.
/// <reference lib="dom" />
/**
 * The instantiated WebAssembly kernels (compiled from ndarray/wasm/, carried as base64 in
 * kernels-wasm.ts) and the host's side of their argument area.
 *
 * The module is instantiated synchronously when the library loads: it is small (tens of
 * KiB), and the sandboxed grader may read no file but its bundle, which carries it.
 * Views of linear memory detach whenever memory grows, so every view here is re-made
 * when `memory.buffer` is no longer the one it was made on.
 */
import { KERNELS_WASM_BASE64 } from "./kernels-wasm.js";

/** The module's exports, as ndarray/wasm/index.ts declares them (pointers and sizes in bytes, strides in elements). */
export interface Kernels {
  readonly memory: WebAssembly.Memory;
  args(): number;
  alloc(bytes: number): number;
  scratch(bytes: number): number;
  release(ptr: number): void;
  castCopy(from: number, to: number, src: number, dst: number, nd: number): void;
  copy8(src: number, dst: number, nd: number): void;
  copy32(src: number, dst: number, nd: number): void;
  copy64(src: number, dst: number, nd: number): void;
  binaryF32(op: number, a: number, b: number, out: number, nd: number): void;
  binaryF64(op: number, a: number, b: number, out: number, nd: number): void;
  scalarF32(op: number, a: number, value: number, out: number, nd: number): void;
  compareF32(op: number, a: number, b: number, out: number, nd: number): void;
  compareF64(op: number, a: number, b: number, out: number, nd: number): void;
  compareScalarF32(op: number, a: number, value: number, out: number, nd: number): void;
  compareScalarF64(op: number, a: number, value: number, out: number, nd: number): void;
  scalarF64(op: number, a: number, value: number, out: number, nd: number): void;
  unaryF32(op: number, a: number, out: number, nd: number): void;
  unaryF64(op: number, a: number, out: number, nd: number): void;
  reduceF32(op: number, a: number, out: number, kept: number): void;
  reduceF64(op: number, a: number, out: number, kept: number): void;
  matmulF32(a: number, b: number, c: number, batch: number, m: number, n: number, p: number, ab: number, ar: number, ac: number, bb: number, br: number, bc: number): void;
  matmulF64(a: number, b: number, c: number, batch: number, m: number, n: number, p: number, ab: number, ar: number, ac: number, bb: number, br: number, bc: number): void;
}

function instantiate(): Kernels {
  const bytes = Uint8Array.from(atob(KERNELS_WASM_BASE64), (c) => c.charCodeAt(0));
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
  return instance.exports as unknown as Kernels;
}

export const wasm = instantiate();

/** The most axes the argument area holds (ndarray/wasm/memory.ts's MAX_DIMS). */
export const MAX_DIMS = 32;
const SLOTS = { shape: 0, a: 1, b: 2, out: 3 } as const;

let area = new Int32Array(0);

/** The argument area as i32s, re-made when memory has grown (a detached view has length 0). */
function argArea(): Int32Array {
  if (area.length === 0) area = new Int32Array(wasm.memory.buffer, wasm.args(), 4 * MAX_DIMS);
  return area;
}

/** Writes a list of i32 into one slot of the argument area (shape, or strides of a, b or out). */
export function writeArgs(slot: keyof typeof SLOTS, values: readonly number[]): void {
  const to = argArea();
  const base = SLOTS[slot] * MAX_DIMS;
  for (let i = 0; i < values.length; i++) to[base + i] = values[i];
}

/** Zeroes the first `n` values of one slot (the strides of an operand a kernel broadcasts). */
export function clearArgs(slot: keyof typeof SLOTS, n: number): void {
  const base = SLOTS[slot] * MAX_DIMS;
  argArea().fill(0, base, base + n);
}
