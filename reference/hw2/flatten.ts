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

export class Flatten implements Layer {
  /** The input shape of the last forward(). */
  private inShape?: number[];

  forward(A: NDArray): NDArray {
    // BEGIN SOLUTION
    this.inShape = [...A.shape];
    return A.reshape([A.shape[0], A.shape.slice(1).reduce((n, d) => n * d, 1)]);
    // END SOLUTION
  }

  backward(dLdZ: NDArray): NDArray {
    // BEGIN SOLUTION
    return dLdZ.reshape(cached(this.inShape, "Flatten.backward"));
    // END SOLUTION
  }
}
