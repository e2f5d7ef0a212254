/**
 * hw3's saved model (the trainer's GRU + CTC, train/hw3.ts) on the challenge's digit
 * strings. The trainer reads a digit as 10 columns of 14 rows (its 20-pixel box pooled
 * 2×2); a challenge string is already those boxes side by side, with gaps, so it is pooled
 * the same way and read column by column, up to its own width. Each string's labelling is
 * the student's greedySearch, or beamSearch with `beam`, and symbol d + 1 is digit d.
 */
import { NDArray, stack, zeros } from "#ndarray";
import type { HW3 } from "../../suites/hw3/types.js";
import { MNIST_MEAN, MNIST_STD } from "../train/digits.js";
import { loadHomework } from "../train/homework.js";
import { ModelFileError, restoreState } from "./model-file.js";
import { inBatches, type ModelSource, type Predict } from "./predictor.js";

const ROWS = 14;
const SYMBOLS = 11;
const BLANK = 0;
const BACKGROUND = -MNIST_MEAN / MNIST_STD;

/** The strings from..to as the GRU reads them: (T, N, 14), 2×2-pooled standardised pixels, background past each string's end. */
function frames(images: Uint8Array, height: number, width: number, widths: Uint8Array, from: number, to: number): NDArray {
  const N = to - from;
  const T = Math.max(...widths.subarray(from, to)) / 2;
  const x = new Float32Array(T * N * ROWS).fill(BACKGROUND);
  for (let n = 0; n < N; n++) {
    const image = images.subarray((from + n) * height * width, (from + n + 1) * height * width);
    for (let t = 0; t < widths[from + n] / 2; t++) {
      for (let r = 0; r < ROWS; r++) {
        const at = 2 * r * width + 2 * t;
        const mean = (image[at] + image[at + 1] + image[at + width] + image[at + width + 1]) / 4;
        x[(t * N + n) * ROWS + r] = (mean / 255 - MNIST_MEAN) / MNIST_STD;
      }
    }
  }
  return NDArray.fromTypedArray(x, [T, N, ROWS]);
}

export async function predictor(source: ModelSource, beam?: number): Promise<Predict> {
  const { file, saved, retrain } = source;
  if (saved.model !== "gru-ctc") throw new ModelFileError(file, `holds a model "${saved.model}", not the hw3 trainer's gru-ctc; ${retrain}`);
  const hidden = saved.arrays.get("gru.W_hh")?.shape[1];
  if (hidden === undefined) throw new ModelFileError(file, `it has no gru.W_hh, which the hw3 trainer's model has; ${retrain}`);
  const hw = await loadHomework<HW3>("hw3", source.reference);
  const gru = new hw.GRUCell(ROWS, hidden);
  const head = { W: zeros([SYMBOLS, hidden]), b: zeros([SYMBOLS]) };
  restoreState(file, saved, { gru, head }, retrain);
  return ({ count, height, width, images, widths }) =>
    inBatches(count, (from, to) => {
      const x = frames(images, height, width, widths, from, to);
      const [T, N] = x.shape;
      let h = zeros([N, hidden]);
      const states: NDArray[] = [];
      for (let t = 0; t < T; t++) {
        h = gru.forward(x.slice(t), h);
        states.push(h);
      }
      const logits = stack(states, 0).reshape([T * N, hidden]).matmul(head.W.transpose()).add(head.b).reshape([T, N, SYMBOLS]);
      const logProbs = hw.logSoftmax(logits);
      return Array.from({ length: N }, (_, n) => {
        const y = logProbs.slice(`:${widths[from + n] / 2}`, n);
        const labels = beam === undefined ? hw.greedySearch(y, BLANK).labels : hw.beamSearch(y, beam, BLANK).best;
        return Array.from(labels.toTypedArray(), (symbol) => String(symbol - 1)).join("");
      });
    });
}
