/** hw2's saved model (the trainer's CNN, train/hw2.ts) on the challenge's digits: the class with the largest logit. */
import { Generator, NDArray } from "#ndarray";
import type { HW2 } from "../../suites/hw2/types.js";
import { loadHomework } from "../train/homework.js";
import { cnn, standardised } from "../train/hw2.js";
import { layerRoots, ModelFileError, restoreState } from "./model-file.js";
import { inBatches, type ModelSource, type Predict } from "./predictor.js";

export async function predictor(source: ModelSource): Promise<Predict> {
  const { file, saved, retrain } = source;
  if (saved.model !== "cnn") throw new ModelFileError(file, `holds a model "${saved.model}", not the hw2 trainer's cnn; ${retrain}`);
  const hw = await loadHomework<HW2>("hw2", source.reference);
  const { layers } = cnn(hw, new Generator(0));
  restoreState(file, saved, layerRoots(layers), retrain);
  return ({ count, height, width, images }) =>
    inBatches(count, (from, to) => {
      const pixels = Float32Array.from(images.subarray(from * height * width, to * height * width), (v) => v / 255);
      const X = standardised(NDArray.fromTypedArray(pixels, [to - from, 1, height, width]));
      const logits = layers.reduce((Z, layer) => layer.forward(Z), X);
      return Array.from(logits.argmax(1).toTypedArray(), String);
    });
}
