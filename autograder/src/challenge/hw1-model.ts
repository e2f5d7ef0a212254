/** hw1's saved model (the trainer's `mlp` or `resnet`, train/hw1.ts) on the challenge's digits: the class with the largest logit. */
import { Generator, NDArray } from "#ndarray";
import type { HW1 } from "../../suites/hw1/types.js";
import { MNIST_MEAN, MNIST_STD } from "../train/digits.js";
import { loadHomework } from "../train/homework.js";
import { MODELS, recipe } from "../train/hw1.js";
import { ModelFileError, restoreState } from "./model-file.js";
import { inBatches, type ModelSource, type Predict } from "./predictor.js";

export async function predictor(source: ModelSource): Promise<Predict> {
  const { file, saved, retrain } = source;
  const name = MODELS.find((m) => m === saved.model);
  if (name === undefined) throw new ModelFileError(file, `holds a model "${saved.model}", which is none of the hw1 trainer's (${MODELS.join(", ")}); ${retrain}`);
  const hw = await loadHomework<HW1>("hw1", source.reference);
  const { model } = recipe(hw, name, 28 * 28, new Generator(0));
  restoreState(file, saved, { model }, retrain);
  model.eval();
  return ({ count, height, width, images }) =>
    inBatches(count, (from, to) => {
      const pixels = Float32Array.from(images.subarray(from * height * width, to * height * width), (v) => (v / 255 - MNIST_MEAN) / MNIST_STD);
      const classes = model.forward(NDArray.fromTypedArray(pixels, [to - from, height * width])).argmax(1);
      return Array.from(classes.toTypedArray(), String);
    });
}
