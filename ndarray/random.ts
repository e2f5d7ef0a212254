/**
 * `rand(2, 3)` and `randn(2, 3)` without a Generator, as PyTorch's `torch.rand`/`torch.randn`:
 * they draw from one shared `Generator`, seeded 0 when the library loads and reseeded by
 * `manualSeed(seed)` (PyTorch's `torch.manual_seed`). For quick experiments; homework code
 * takes the `rng` it is given, so that its draws match the reference's.
 */
import { drawRand, drawRandn, Generator } from "./generator.js";
import type { NDArray } from "./ndarray.js";
import type { DrawOptions } from "./generator.js";
import type { DType } from "./dtype.js";
import type { Shape } from "./shape.js";
import * as v from "./validate.js";

let shared = new Generator(0);

/** Restarts the shared stream: after `manualSeed(s)` it draws what `new Generator(s)` draws. */
export function manualSeed(seed: number | string): void {
  v.arity("manualSeed", arguments, ["seed"]);
  if (typeof seed !== "string") v.number("manualSeed", "seed", seed);
  shared = new Generator(seed);
}

/** Uniform samples in [0, 1) from the shared stream, as `Generator.rand`. */
export function rand(shape: Shape | number, opts?: DrawOptions | DType): NDArray;
export function rand(...args: [...shape: number[], opts: DrawOptions | DType]): NDArray;
export function rand(...shape: number[]): NDArray;
export function rand(...args: unknown[]): NDArray {
  return drawRand(shared, "rand", args);
}

/** Standard normal samples from the shared stream, as `Generator.randn` (two uniforms each). */
export function randn(shape: Shape | number, opts?: DrawOptions | DType): NDArray;
export function randn(...args: [...shape: number[], opts: DrawOptions | DType]): NDArray;
export function randn(...shape: number[]): NDArray;
export function randn(...args: unknown[]): NDArray {
  return drawRandn(shared, "randn", args);
}
