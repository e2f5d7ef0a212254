/** What every trainer is told by `npm run train`. */
export interface TrainOptions {
  /** Train reference/hwN/ instead of the student's hwN/. */
  reference: boolean;
  /** Folder holding the IDX files `npm run data` writes. */
  dataDir: string;
  /** Epochs per model (each trainer has its default). */
  epochs?: number;
  /** Train on the first `limit` training digits only (all 8 000 by default). */
  limit?: number;
  /** Seed of the Generator that draws the initial weights and the epoch orders. */
  seed: number;
  /** hw1: which model to train (`mlp`, the default, or `resnet`); other trainers refuse it. */
  model?: string;
  /** hw2: pass every training digit through RandomCrop(1), drawn anew every epoch; other trainers refuse it. */
  augment?: boolean;
  /** hw1–hw3: write the trained model to this file (challenge/model-file.ts) for `npm run challenge`; other trainers refuse it. */
  save?: string;
}
