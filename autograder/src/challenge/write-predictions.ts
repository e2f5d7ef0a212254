/** Writes a predictions file in the format spec.ts states: the header, then `id,prediction` for ids 0 … N−1 in order. */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { PREDICTIONS_HEADER } from "./spec.js";

export function predictionsCsv(predictions: readonly string[]): string {
  return `${[PREDICTIONS_HEADER.join(","), ...predictions.map((p, id) => `${id},${p}`)].join("\n")}\n`;
}

export function writePredictions(file: string, predictions: readonly string[]): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, predictionsCsv(predictions));
}
