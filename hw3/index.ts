/** hw3 (sequences), reference solutions: recurrent cells, the RNN classifier, CTC, CTC loss and decoding, re-exported. */
export * from "./cell-params.js";
export * from "./ctc-loss.js";
export * from "./ctc.js";
export * from "./decoding.js";
export * from "./errors.js";
export * from "./functions.js";
export * from "./gru-cell.js";
export * from "./lstm-cell.js";
export * from "./rnn-cell.js";
export * from "./rnn-classifier.js";
