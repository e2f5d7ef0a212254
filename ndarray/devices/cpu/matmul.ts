/**
 * matmul in WebAssembly for float32 and float64 (ndarray/wasm/matmul.ts), reading each
 * operand through its batch, row and column strides: a transposed weight or a right
 * operand shared by every batch entry is used where it lies. int32 (and a buffer that
 * cannot be staged, stage.ts) is the cpu-js kernel, after the operands are compacted.
 */
import type { DeviceBuffer, MatrixView } from "../../device.js";
import * as js from "../cpu-js/matmul.js";
import { withCompact } from "./fallback.js";
import { wasm } from "./module.js";
import { spanOf, staged, whole } from "./stage.js";

const float = (b: DeviceBuffer) => b.dtype === "float32" || b.dtype === "float64";

function asInput(v: MatrixView, batch: number, rows: number, cols: number) {
  return { shape: [batch, rows, cols], strides: [v.batch, v.row, v.col], offset: v.offset };
}

export function matmulBatched(
  a: DeviceBuffer, b: DeviceBuffer, out: DeviceBuffer, batch: number, m: number, n: number, p: number,
  views?: readonly [MatrixView, MatrixView],
): void {
  if (out.size === 0) return;
  const [va, vb] = views ?? [
    { batch: m * n, row: n, col: 1, offset: 0 },
    { batch: n * p, row: p, col: 1, offset: 0 },
  ];
  if (float(out) && a.dtype === out.dtype && b.dtype === out.dtype) {
    const run = out.dtype === "float32" ? wasm.matmulF32 : wasm.matmulF64;
    const spans = [spanOf(a, [batch, m, n], [va.batch, va.row, va.col], va.offset), spanOf(b, [batch, n, p], [vb.batch, vb.row, vb.col], vb.offset)];
    const call = staged(spans, whole(out), (at) => run(at(a, va.offset), at(b, vb.offset), at(out, 0), batch, m, n, p, va.batch, va.row, va.col, vb.batch, vb.row, vb.col));
    if (call) return;
  }
  withCompact(a, views && asInput(va, batch, m, n), (x) =>
    withCompact(b, views && asInput(vb, batch, n, p), (y) => js.matmulBatched(x, y, out, batch, m, n, p)),
  );
}

export function matmul(a: DeviceBuffer, b: DeviceBuffer, out: DeviceBuffer, m: number, n: number, p: number, views?: readonly [MatrixView, MatrixView]): void {
  matmulBatched(a, b, out, 1, m, n, p, views);
}
