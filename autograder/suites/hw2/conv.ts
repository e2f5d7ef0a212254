/**
 * The convolution cases of §2 (Conv1d) and §3 (Conv2d), written once for both: the
 * initialisation, the stride-1 layer's forward and its three gradients (one case each, so
 * a bug costs one test), then the strided, padded layer's forward, dLdA and parameter
 * gradients. Cin ≠ Cout in most variants, so swapped weight axes fail on their shape.
 */
import { Generator, type NDArray } from "#ndarray";
import { defineCase, type CaseSpec, type Inputs, type Size } from "../../src/suite.js";
import { convOut, num, weights } from "./draw.js";
import type { HW2 } from "./types.js";

export interface ConvFamily {
  /** 1 for Conv1d (sizes give L), 2 for Conv2d (sizes give H and W). */
  dim: 1 | 2;
  section: string;
  /** The rubric section number: cases are numbered `${number}.1`, `${number}.2`, … */
  number: string;
  initSizes: { public: Size[]; hidden: Size[] };
  /** N, Cin, Cout, K and the spatial sizes. */
  stride1Sizes: { public: Size[]; hidden: Size[] };
  /** The same plus s (stride) and p (padding). */
  stridedSizes: { public: Size[]; hidden: Size[] };
}

/** The spatial sizes of a variant: [L] or [H, W]. */
function spatial(dim: 1 | 2, size: Size): number[] {
  return dim === 1 ? [num(size, "L")] : [num(size, "H"), num(size, "W")];
}

/** A, W, b and the upstream gradient dLdZ of the output's shape, for stride s and padding p (0 when absent). */
function convInputs(dim: 1 | 2) {
  return (rng: Generator, size: Size): Record<string, NDArray> => {
    const [N, Cin, Cout, K] = [num(size, "N"), num(size, "Cin"), num(size, "Cout"), num(size, "K")];
    const [s, p] = [num(size, "s") ?? 1, num(size, "p") ?? 0];
    const kernel = new Array<number>(dim).fill(K);
    const fanIn = Cin * K ** dim;
    const out = spatial(dim, size).map((n) => convOut(n, K, s, p));
    return {
      A: rng.randn([N, Cin, ...spatial(dim, size)]),
      W: weights(rng, [Cout, Cin, ...kernel], fanIn),
      b: rng.randn([Cout]).mul(0.5),
      dLdZ: rng.randn([N, Cout, ...out]),
    };
  };
}

export function convCases(f: ConvFamily): CaseSpec<HW2>[] {
  const name = `Conv${f.dim}d`;
  const id = `conv${f.dim}d`;
  const inputs = convInputs(f.dim);
  const stride1 = (hw: HW2, { W, b }: Inputs) => {
    const Layer = f.dim === 1 ? hw.Conv1dStride1 : hw.Conv2dStride1;
    return new Layer(W.shape[1], W.shape[0], W.shape[2], { W, b });
  };
  const strided = (hw: HW2, { W, b }: Inputs, size: Size) => {
    const Layer = f.dim === 1 ? hw.Conv1d : hw.Conv2d;
    return new Layer(W.shape[1], W.shape[0], W.shape[2], { W, b, stride: num(size, "s"), padding: num(size, "p") });
  };
  const at = (i: number) => `${f.number}.${i}`;
  const common = { section: f.section, inputs };
  return [
    defineCase<HW2>({
      id: `${id}.init`,
      number: at(1),
      section: f.section,
      title: `${name} initialisation from a Generator`,
      points: 1,
      sizes: f.initSizes,
      inputs: () => ({}),
      run: ({ hw, size }) => {
        const Layer = f.dim === 1 ? hw.Conv1d : hw.Conv2d;
        const layer = new Layer(num(size, "Cin"), num(size, "Cout"), num(size, "K"), { rng: new Generator(num(size, "seed")) });
        return { W: layer.W, b: layer.b };
      },
      failureHint: `Draw W ~ U(−k, k) of shape (Cout, Cin, K${f.dim === 2 ? ", K" : ""}) first, then b ~ U(−k, k) of shape (Cout), k = 1/√(Cin·K${f.dim === 2 ? "·K" : ""}).`,
    }),
    defineCase<HW2>({
      ...common,
      id: `${id}.stride1_forward`,
      number: at(2),
      title: `${name}Stride1 forward`,
      points: 3,
      sizes: f.stride1Sizes,
      run: ({ hw, inputs }) => ({ Z: stride1(hw, inputs).forward(inputs.A) }),
      failureHint: "Cross-correlation, as PyTorch: do not flip the kernel in the forward pass; b[o] is added at every position of channel o.",
    }),
    defineCase<HW2>({
      ...common,
      id: `${id}.stride1_backward_input`,
      number: at(3),
      title: `${name}Stride1 backward: dLdA`,
      points: 3,
      sizes: f.stride1Sizes,
      run: ({ hw, inputs }) => {
        const layer = stride1(hw, inputs);
        layer.forward(inputs.A);
        return { dLdA: layer.backward(inputs.dLdZ) };
      },
      failureHint: "dLdA convolves dLdZ, zero-padded by K − 1, with the kernel FLIPPED spatially AND its in/out axes swapped (W.transpose(0, 1)): one without the other is wrong.",
    }),
    defineCase<HW2>({
      ...common,
      id: `${id}.stride1_backward_weight`,
      number: at(4),
      title: `${name}Stride1 backward: dLdW`,
      points: 2,
      sizes: f.stride1Sizes,
      run: ({ hw, inputs }) => {
        const layer = stride1(hw, inputs);
        layer.forward(inputs.A);
        layer.backward(inputs.dLdZ);
        return { dLdW: layer.dLdW as NDArray };
      },
      failureHint: "dLdW[o, c, k…] sums dLdZ[n, o, ·] times the input window shifted by k, over the batch and every output position.",
    }),
    defineCase<HW2>({
      ...common,
      id: `${id}.stride1_backward_bias`,
      number: at(5),
      title: `${name}Stride1 backward: dLdb`,
      points: 1,
      sizes: f.stride1Sizes,
      run: ({ hw, inputs }) => {
        const layer = stride1(hw, inputs);
        layer.forward(inputs.A);
        layer.backward(inputs.dLdZ);
        return { dLdb: layer.dLdb as NDArray };
      },
      failureHint: "dLdb sums dLdZ over the batch AND every spatial position (a bias is shared by every position too): shape (Cout).",
    }),
    defineCase<HW2>({
      ...common,
      id: `${id}.forward`,
      number: at(6),
      title: `${name} forward with stride and padding`,
      points: 3,
      sizes: f.stridedSizes,
      run: ({ hw, inputs, size }) => ({ Z: strided(hw, inputs, size).forward(inputs.A) }),
      failureHint: "Zero-pad by p on both sides, convolve with stride 1, then downsample by s: length ⌊(L + 2p − K)/s⌋ + 1.",
    }),
    defineCase<HW2>({
      ...common,
      id: `${id}.backward_input`,
      number: at(7),
      title: `${name} backward with stride and padding: dLdA`,
      points: 3,
      sizes: f.stridedSizes,
      run: ({ hw, inputs, size }) => {
        const layer = strided(hw, inputs, size);
        layer.forward(inputs.A);
        return { dLdA: layer.backward(inputs.dLdZ) };
      },
      failureHint: "Undo the forward in reverse: Downsample backward, the stride-1 backward, then cut the padding off (return the gradient of A, not of the padded input) so dLdA has A's shape.",
    }),
    defineCase<HW2>({
      ...common,
      id: `${id}.backward_params`,
      number: at(8),
      title: `${name} backward with stride and padding: dLdW and dLdb`,
      points: 2,
      sizes: f.stridedSizes,
      run: ({ hw, inputs, size }) => {
        const layer = strided(hw, inputs, size);
        layer.forward(inputs.A);
        layer.backward(inputs.dLdZ);
        return { dLdW: layer.dLdW as NDArray, dLdb: layer.dLdb as NDArray };
      },
      failureHint: "The stride-1 layer computes them from the PADDED input and the upsampled (zero-inserted) dLdZ.",
    }),
  ];
}
