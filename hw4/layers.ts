/**
 * Building blocks from hw1, given complete so that hw4 stands on its own (a homework
 * never imports another one): Linear on any number of leading axes (linear.ts), the exact
 * GELU (gelu.ts) and inverted Dropout (dropout.ts), re-exported here. They are worked
 * examples, not graded; read them, since multi-head attention, the decoder block and the
 * language model are built from them. See handouts/hw4.md §0.
 */
export { Dropout } from "./dropout.js";
export { GELU } from "./gelu.js";
export { Linear } from "./linear.js";
