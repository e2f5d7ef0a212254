/**
 * What `npm run challenge` asks of a homework's saved model: a label for every input of a
 * challenge set. Each homework's `hwN-model.ts` builds one from the student's own code (or
 * the reference) and a model file; challenge-cli.ts loads only the current homework's, by a
 * URL the handout's import scan does not follow, so a handout ships no other homework's.
 */
import type { ChallengeInputs } from "./inputs.js";
import type { SavedModel } from "./model-file.js";

/** A label (a digit, or a string of digits) for each input, in order. */
export type Predict = (inputs: ChallengeInputs) => string[];

/** How the model file was asked for: where it is, and the command that writes it again. */
export interface ModelSource {
  file: string;
  saved: SavedModel;
  reference: boolean;
  /** "train again: npm run train hw1 -- --save models/hw1.json", for the messages. */
  retrain: string;
}

/** The module each hwN-model.ts is; `beam` is hw3's beam width (greedy decoding without it). */
export interface PredictorModule {
  predictor(source: ModelSource, beam?: number): Promise<Predict>;
}

/** Inputs at a time through a model, to bound the memory a forward pass takes. */
const BATCH = 250;

/** `predictBatch(from, to)` over consecutive batches of the `count` inputs, joined. */
export function inBatches(count: number, predictBatch: (from: number, to: number) => string[]): string[] {
  const out: string[] = [];
  for (let from = 0; from < count; from += BATCH) out.push(...predictBatch(from, Math.min(count, from + BATCH)));
  return out;
}
