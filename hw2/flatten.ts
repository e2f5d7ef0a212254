/**
 * Flatten, as torch.nn.Flatten() (start_dim 1): (N, d₁, d₂, …) → (N, d₁·d₂·…), row-major,
 * so a CNN's (N, C, H, W) feature map becomes the (N, C·H·W) input of a Linear layer, with
 * element (c, h, w) at column c·H·W + h·W + w. backward() reshapes the gradient back to the
 * input's shape; nothing else happens to it. No parameters.
 * See handouts/hw2.md §5.
 */
import type { NDArray } from "#ndarray";
import { cached } from "./errors.js";
import type { Layer } from "./layers.js";
import { NotImplementedError } from "#ndarray";

export class Flatten implements Layer {
  /** The input shape of the last forward(). */
  private inShape?: number[];

  forward(A: NDArray): NDArray {
    // BEGIN SOLUTION
    throw new NotImplementedError("Flatten.forward");
    // END SOLUTION
  }

  backward(dLdZ: NDArray): NDArray {
    // BEGIN SOLUTION
    throw new NotImplementedError("Flatten.backward");
    // END SOLUTION
  }
}
