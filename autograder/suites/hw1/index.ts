/**
 * hw1 (MLPs): activations, the Linear layer, losses, optimisers, BatchNorm1d, Dropout and
 * the MLP models. 100 regular points, plus bonus: a case that trains a model end to end,
 * §8, a reverse-mode autograd engine, and CMU 10-414's extras: §9 weight initialisation,
 * §10 the module tree, §11 LayerNorm1d and §12 the residual MLP.
 * Each section's cases live in their own file; this one only assembles them.
 */
import { defineSuite } from "../../src/suite.js";
import { cases as activations } from "./activation.suite.js";
import { cases as autograd } from "./autograd.suite.js";
import { cases as batchnorm } from "./batchnorm.suite.js";
import { cases as dropout } from "./dropout.suite.js";
import { cases as init } from "./init.suite.js";
import { cases as layernorm } from "./layernorm.suite.js";
import { cases as linear } from "./linear.suite.js";
import { cases as loss } from "./loss.suite.js";
import { cases as models } from "./models.suite.js";
import { cases as module } from "./module.suite.js";
import { cases as optim } from "./optim.suite.js";
import { cases as resnet } from "./resnet.suite.js";
import type { HW1 } from "./types.js";

export default defineSuite<HW1>({
  hw: "hw1",
  title: "hw1: MLPs",
  sections: [
    { id: "activations", number: "1", title: "Activations" },
    { id: "linear", number: "2", title: "Linear layer" },
    { id: "loss", number: "3", title: "Losses" },
    { id: "optim", number: "4", title: "Optimisers" },
    { id: "batchnorm", number: "5", title: "Batch normalisation" },
    { id: "dropout", number: "6", title: "Dropout" },
    { id: "models", number: "7", title: "MLP models" },
    { id: "autograd", number: "8", title: "Autograd (bonus)" },
    { id: "init", number: "9", title: "Weight initialisation (bonus)" },
    { id: "module", number: "10", title: "Module tree (bonus)" },
    { id: "layernorm", number: "11", title: "Layer normalisation (bonus)" },
    { id: "resnet", number: "12", title: "Residual MLP (bonus)" },
  ],
  cases: [...activations, ...linear, ...loss, ...optim, ...batchnorm, ...dropout, ...models, ...autograd, ...init, ...module, ...layernorm, ...resnet],
});
