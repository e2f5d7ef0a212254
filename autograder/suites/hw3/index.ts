/**
 * hw3 (sequences): RNN and GRU cells, an RNN classifier trained by BPTT, CTC, CTC loss,
 * greedy and beam search. 100 regular points, plus the bonus LSTM cell. Each section's
 * cases live in their own file, named after the homework file it grades; this one only
 * assembles them.
 */
import { defineSuite } from "../../src/suite.js";
import { cases as ctc } from "./ctc.suite.js";
import { cases as ctcloss } from "./ctcloss.suite.js";
import { cases as decoding } from "./decoding.suite.js";
import { cases as grucell } from "./grucell.suite.js";
import { cases as lstmcell } from "./lstmcell.suite.js";
import { cases as rnncell } from "./rnncell.suite.js";
import { cases as rnnclassifier } from "./rnnclassifier.suite.js";
import type { HW3 } from "./types.js";

export default defineSuite<HW3>({
  hw: "hw3",
  title: "hw3: Sequences",
  sections: [
    { id: "rnncell", number: "1", title: "RNN cell" },
    { id: "rnnclassifier", number: "2", title: "RNN classifier (BPTT)" },
    { id: "grucell", number: "3", title: "GRU cell" },
    { id: "ctc", number: "4", title: "CTC" },
    { id: "ctcloss", number: "5", title: "CTC loss" },
    { id: "decoding", number: "6", title: "Greedy and beam search" },
    { id: "lstmcell", number: "7", title: "LSTM cell (bonus)" },
  ],
  cases: [...rnncell, ...rnnclassifier, ...grucell, ...ctc, ...ctcloss, ...decoding, ...lstmcell],
});
