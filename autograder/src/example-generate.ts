/**
 * Writes the inside of every worked example of a handout from the reference: the case's
 * `inputs` drawn from `new Generator(exampleSeed(hw, case))` on the marker's size, then the
 * reference's `run` on copies of them, in this process (as fixtures are built). The block is
 * a function of the suite, the reference and the marker line only, so `handouts:check`
 * regenerates it and any difference (an edited number, a changed reference) is drift.
 */
import { Generator, NDArray } from "#ndarray";
import { exampleBlockLines, exampleSeed, exampleValue, MAX_EXAMPLE_NUMBERS, type ExampleValue, type ExampleValues } from "./example-block.js";
import { ExampleError, findExamples, type ExampleMarker } from "./example-markers.js";
import type { Suite } from "./suite.js";
import { describe } from "./wire.js";

/** The inputs of `marker`'s example, drawn as the block says they are. */
export function exampleInputs(hw: string, marker: Pick<ExampleMarker, "case" | "size">): Record<string, NDArray> {
  return marker.case.inputs(new Generator(exampleSeed(hw, marker.case.id)), marker.size);
}

/** Copies, so a `run` that updates its inputs in place (an optimiser's step) leaves the shown inputs as drawn. */
export function copies(inputs: Readonly<Record<string, NDArray>>): Record<string, NDArray> {
  return Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v.clone()]));
}

/** What the reference shows on `marker`'s example; a failure, or an array too large to print, names the file, line and case. */
export function referenceValues(hw: string, marker: ExampleMarker, reference: unknown, file: string): ExampleValues {
  const fail = (detail: string): never => {
    throw new ExampleError(file, marker.begin + 1, `example ${marker.case.id}: ${detail}`);
  };
  let values: ExampleValues;
  try {
    const inputs = exampleInputs(hw, marker);
    const outputs = marker.case.run({ hw: reference, inputs: copies(inputs), size: marker.size });
    values = {
      inputs: Object.entries(inputs).map(([name, v]) => exampleValue(name, v)),
      outputs: Object.entries(outputs).map(([name, v]) =>
        v instanceof NDArray || typeof v === "number" ? exampleValue(name, v) : fail(`run returned ${describe(v)} for output "${name}"`),
      ),
    };
  } catch (e) {
    if (e instanceof ExampleError) throw e;
    return fail(`the reference failed on size ${JSON.stringify(marker.size)}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const big = [...values.inputs, ...values.outputs].find((v: ExampleValue) => v.values.length > MAX_EXAMPLE_NUMBERS);
  if (big !== undefined) fail(`${big.name} holds ${big.values.length} numbers, more than the ${MAX_EXAMPLE_NUMBERS} a worked example shows; shrink its size`);
  return values;
}

/** A handout's text with its worked examples written afresh, and the examples whose text that changed. */
export interface ExamplesWritten {
  text: string;
  /** `handouts/hw1.md:42: example linear.forward`, one per example whose block differed. */
  changed: string[];
}

/** `markdown` (the text of `file`, `hw`'s handout) with every worked example written from `reference`. */
export function withExamples(markdown: string, file: string, hw: string, suite: Suite, reference: unknown): ExamplesWritten {
  const lines = markdown.split("\n");
  const changed: string[] = [];
  // From the last to the first, so earlier markers keep their line numbers.
  for (const marker of findExamples(markdown, file, suite).reverse()) {
    const block = exampleBlockLines(hw, marker.case.id, marker.size, referenceValues(hw, marker, reference, file));
    const old = lines.splice(marker.begin + 1, marker.end - marker.begin - 1, ...block);
    if (old.join("\n") !== block.join("\n")) changed.unshift(`${file}:${marker.begin + 1}: example ${marker.case.id}`);
  }
  return { text: lines.join("\n"), changed };
}
