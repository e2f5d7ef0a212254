/**
 * hw3 (sequences): RNN and GRU cells, an RNN classifier trained by BPTT, CTC, CTC loss,
 * greedy and beam search. 100 regular points, plus the bonus LSTM cell. Each section's
 * cases live in their own file; this one only assembles them.
 */
import { defineSuite } from "../../src/suite.js";
import { gruCellCases, lstmCellCases, rnnCellCases } from "./cells.suite.js";
import { cases as classifier } from "./classifier.suite.js";
import { cases as ctc } from "./ctc.suite.js";
import { cases as ctcloss } from "./ctcloss.suite.js";
import { cases as decoding } from "./decoding.suite.js";
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
  cases: [...rnnCellCases, ...classifier, ...gruCellCases, ...ctc, ...ctcloss, ...decoding, ...lstmCellCases],
});
