/** hw3 (sequences), reference solutions: recurrent cells, the RNN classifier, CTC, CTC loss and decoding, re-exported. */
export * from "./cell-params.js";
export * from "./ctc.js";
export * from "./ctcloss.js";
export * from "./decoding.js";
export * from "./errors.js";
export * from "./functions.js";
export * from "./grucell.js";
export * from "./lstmcell.js";
export * from "./rnncell.js";
export * from "./rnnclassifier.js";
