/**
 * hw2 (CNNs): resampling, Conv1d, Conv2d, transposed convolutions, pooling and Flatten,
 * scanning MLPs and a CNN model — 100 regular points — plus bonus cases for Dropout2d,
 * BatchNorm2d and a ResNet block. Each section's cases live in their own file.
 */
import { defineSuite } from "../../src/suite.js";
import { cases as bonus } from "./bonus.suite.js";
import { cases as cnn } from "./cnn.suite.js";
import { cases as conv1d } from "./conv1d.suite.js";
import { cases as conv2d } from "./conv2d.suite.js";
import { cases as convtranspose } from "./convtranspose.suite.js";
import { cases as pooling } from "./pooling.suite.js";
import { cases as resampling } from "./resampling.suite.js";
import { cases as scanning } from "./scanning.suite.js";
import type { HW2 } from "./types.js";

export default defineSuite<HW2>({
  hw: "hw2",
  title: "hw2: CNNs",
  sections: [
    { id: "resampling", number: "1", title: "Resampling" },
    { id: "conv1d", number: "2", title: "Conv1d" },
    { id: "conv2d", number: "3", title: "Conv2d" },
    { id: "convtranspose", number: "4", title: "Transposed convolutions" },
    { id: "pooling", number: "5", title: "Flatten and pooling" },
    { id: "scanning", number: "6", title: "CNN as a scanning MLP" },
    { id: "cnn", number: "7", title: "A CNN model" },
    { id: "bonus", number: "8", title: "Bonus: Dropout2d, BatchNorm2d, ResBlock" },
  ],
  cases: [...resampling, ...conv1d, ...conv2d, ...convtranspose, ...pooling, ...scanning, ...cnn, ...bonus],
});
