/**
 * From pixels to features: the images as float vectors with mean about 0 and standard
 * deviation about 1, as torchvision's `ToTensor()` then `Normalize((MNIST_MEAN,), (MNIST_STD,))`
 * then flattening do.
 * See handouts/hw0.md §3.
 */
import type { NDArray } from "#ndarray";

/** The mean and the standard deviation of MNIST's training pixels scaled to [0, 1] (torchvision's figures). */
export const MNIST_MEAN = 0.1307;
export const MNIST_STD = 0.3081;

/**
 * Flattened, scaled and standardised images:
 *
 *   X[n, :] = (images[n].flatten() / 255 − mean) / std     images: int32 (N, H, W), values 0–255
 *                                                           X: float32 (N, H·W), row-major pixels
 */
export function normalizeImages(images: NDArray, mean = MNIST_MEAN, std = MNIST_STD): NDArray {
  // Hint: an int32 array divided by a JS number is float64; cast to float32 first.
  // BEGIN SOLUTION
  const [N, H, W] = images.shape;
  return images.reshape([N, H * W]).astype("float32").div(255).sub(mean).div(std);
  // END SOLUTION
}
