/**
 * A CNN is an MLP scanned over its input (11-785's "CNN as a scanning MLP").
 *
 * The MLP. It reads a window of 8 consecutive time steps of a 24-feature series, flattened
 * TIME-MAJOR into 192 inputs — input index t·24 + c is feature c at step t of the window —
 * and has three Linear layers (PyTorch's layout: weight (out, in)), ReLU after the first two:
 *
 *   x (192) → Linear W1 (8, 192), b1 (8) → ReLU → Linear W2 (16, 8), b2 (16) → ReLU → Linear W3 (4, 16), b3 (4) → y (4)
 *
 * Scanning it over a series A (N, 24, L) — channels = features, as torch's Conv1d — with a
 * step of 4 gives one output vector per window position t = 0, 1, …, T − 1, T = ⌊(L − 8)/4⌋ + 1:
 * Y[n, :, t] = MLP(A[n, :, 4t : 4t + 8]). Both classes below compute exactly that Y
 * (N, 4, T) with Conv1d layers; your work is converting the MLP's weights.
 *
 * SimpleScanningMLP: Conv1d(24, 8, K=8, stride 4) → ReLU → Conv1d(8, 16, K=1) → ReLU →
 * Conv1d(16, 4, K=1). The first conv IS the first Linear, applied at every window.
 *
 * DistributedScanningMLP: the same MLP, but with its weights SHARED in a pattern, so that it
 * can be built from small convolutions that scan over each other's outputs:
 *
 *   layer 1: 8 neurons = 4 copies of one 2-neuron unit; copy g (g = 0…3) sees steps 2g, 2g+1
 *            of the window (48 inputs) with the same weights W1[0:2, 0:48], b1[0:2]
 *   layer 2: 16 neurons = 2 copies of one 8-neuron unit; copy g sees layer-1 copies 2g, 2g+1
 *            (4 values, copy-major) with the same weights W2[0:8, 0:4], b2[0:8]
 *   layer 3: 4 neurons, seeing both layer-2 copies (16 values): W3[0:4, 0:16], b3
 *
 * so only those blocks of the given W1, W2, W3, b1, b2 matter; the rest repeat them.
 * As convolutions: Conv1d(24, 2, K=2, stride 2) → ReLU → Conv1d(2, 8, K=2, stride 2) → ReLU →
 * Conv1d(8, 4, K=2, stride 1): receptive field 8, total stride 4, the same Y.
 *
 * Converting a block: a Linear weight (out, K·C) whose input is K steps of C channels,
 * time-major, is a Conv1d weight (out, C, K) with Wconv[o, c, k] = Wlin[o, k·C + c]:
 * reshape to (out, K, C), then swap the last two axes. Biases carry over as they are.
 * See handouts/hw2.md §7.
 */
import type { NDArray } from "#ndarray";
import { Conv1d } from "./conv1d.js";
import { ReLU, type Layer } from "./layers.js";

/** The MLP's three weights (W1, W2, W3) and biases (b1, b2, b3), PyTorch layout (out, in). */
export interface MLPWeights {
  W: readonly [NDArray, NDArray, NDArray];
  b: readonly [NDArray, NDArray, NDArray];
}

// BEGIN SOLUTION NO PROMPT
/** The Conv1d weight (out, C, K) of a Linear weight block (out, K·C) over K time-major steps of C channels. */
function linearToConv(Wlin: NDArray, K: number, C: number): NDArray {
  return Wlin.reshape([Wlin.shape[0], K, C]).permute([0, 2, 1]).compact();
}
// END SOLUTION
/** Runs `layers` in order, then backwards: the chain every model in hw2 is. */
abstract class ScanningModel implements Layer {
  abstract readonly layers: Layer[];

  /** The three Conv1d layers, in order (to read their weights). */
  abstract get convs(): [Conv1d, Conv1d, Conv1d];

  /** Y (N, 4, T) for A (N, 24, L). */
  forward(A: NDArray): NDArray {
    // BEGIN SOLUTION
    return this.layers.reduce((x, layer) => layer.forward(x), A);
    // END SOLUTION
  }

  /** dLdA (N, 24, L) for dLdY (N, 4, T); fills every conv's dLdW and dLdb. */
  backward(dLdY: NDArray): NDArray {
    // BEGIN SOLUTION
    return this.layers.reduceRight((g, layer) => layer.backward(g), dLdY);
    // END SOLUTION
  }
}

/** The MLP as Conv1d(24, 8, 8, stride 4) → ReLU → Conv1d(8, 16, 1) → ReLU → Conv1d(16, 4, 1). */
export class SimpleScanningMLP extends ScanningModel {
  readonly conv1 = new Conv1d(24, 8, 8, { stride: 4 });
  readonly conv2 = new Conv1d(8, 16, 1);
  readonly conv3 = new Conv1d(16, 4, 1);
  readonly layers: Layer[] = [this.conv1, new ReLU(), this.conv2, new ReLU(), this.conv3];

  get convs(): [Conv1d, Conv1d, Conv1d] {
    return [this.conv1, this.conv2, this.conv3];
  }

  /** Sets conv1…conv3's W and b from the MLP's weights (see the file's doc comment). */
  initWeights({ W, b }: MLPWeights): void {
    // Hint: conv1 sees 8 steps of 24 channels; conv2 and conv3 see 1 step of 8 and 16 channels.
    // BEGIN SOLUTION
    this.conv1.W = linearToConv(W[0], 8, 24);
    this.conv2.W = linearToConv(W[1], 1, 8);
    this.conv3.W = linearToConv(W[2], 1, 16);
    [this.conv1.b, this.conv2.b, this.conv3.b] = b;
    // END SOLUTION
  }
}

/** The shared-weight MLP as Conv1d(24, 2, 2, stride 2) → ReLU → Conv1d(2, 8, 2, stride 2) → ReLU → Conv1d(8, 4, 2). */
export class DistributedScanningMLP extends ScanningModel {
  readonly conv1 = new Conv1d(24, 2, 2, { stride: 2 });
  readonly conv2 = new Conv1d(2, 8, 2, { stride: 2 });
  readonly conv3 = new Conv1d(8, 4, 2);
  readonly layers: Layer[] = [this.conv1, new ReLU(), this.conv2, new ReLU(), this.conv3];

  get convs(): [Conv1d, Conv1d, Conv1d] {
    return [this.conv1, this.conv2, this.conv3];
  }

  /** Sets conv1…conv3's W and b from the first block of each of the MLP's weights (see the file's doc comment). */
  initWeights({ W, b }: MLPWeights): void {
    // Hint: slice the block first (W[0].slice("0:2, 0:48") is a view), then convert it as in SimpleScanningMLP.
    // BEGIN SOLUTION
    this.conv1.W = linearToConv(W[0].slice("0:2, 0:48"), 2, 24);
    this.conv2.W = linearToConv(W[1].slice("0:8, 0:4"), 2, 2);
    this.conv3.W = linearToConv(W[2].slice("0:4, 0:16"), 2, 8);
    this.conv1.b = b[0].slice("0:2");
    this.conv2.b = b[1].slice("0:8");
    this.conv3.b = b[2].slice("0:4");
    // END SOLUTION
  }
}
