/**
 * hw2 (CNNs): resampling, Conv1d, Conv2d, transposed convolutions, Flatten and pooling,
 * scanning MLPs and a CNN model — 100 regular points — plus bonus cases for Dropout2d,
 * BatchNorm2d and a ResNet block. Each section's cases live in their own file, named after
 * the homework file it grades.
 */
import { defineSuite } from "../../src/suite.js";
import { cases as batchnorm2d } from "./batchnorm2d.suite.js";
import { cases as cnn } from "./cnn.suite.js";
import { cases as conv1d } from "./conv1d.suite.js";
import { cases as conv2d } from "./conv2d.suite.js";
import { cases as convtranspose } from "./convtranspose.suite.js";
import { cases as data } from "./data.suite.js";
import { cases as dropout2d } from "./dropout2d.suite.js";
import { cases as flatten } from "./flatten.suite.js";
import { cases as pool } from "./pool.suite.js";
import { cases as resampling } from "./resampling.suite.js";
import { cases as resblock } from "./resblock.suite.js";
import { cases as scanning } from "./scanning.suite.js";
import { cases as transforms } from "./transforms.suite.js";
import type { HW2 } from "./types.js";

export default defineSuite<HW2>({
  hw: "hw2",
  title: "hw2: CNNs",
  sections: [
    { id: "resampling", number: "1", title: "Resampling" },
    { id: "conv1d", number: "2", title: "Conv1d" },
    { id: "conv2d", number: "3", title: "Conv2d" },
    { id: "convtranspose", number: "4", title: "Transposed convolutions" },
    { id: "flatten", number: "5", title: "Flatten" },
    { id: "pool", number: "6", title: "Pooling" },
    { id: "scanning", number: "7", title: "CNN as a scanning MLP" },
    { id: "cnn", number: "8", title: "A CNN model" },
    { id: "dropout2d", number: "9", title: "Bonus: Dropout2d" },
    { id: "batchnorm2d", number: "10", title: "Bonus: BatchNorm2d" },
    { id: "resblock", number: "11", title: "Bonus: ResBlock" },
    { id: "transforms", number: "12", title: "Bonus: data augmentation" },
    { id: "data", number: "13", title: "Bonus: Dataset and DataLoader" },
  ],
  cases: [...resampling, ...conv1d, ...conv2d, ...convtranspose, ...flatten, ...pool, ...scanning, ...cnn, ...dropout2d, ...batchnorm2d, ...resblock, ...transforms, ...data],
});
