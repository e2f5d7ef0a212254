/**
 * §1 Activations: each of Sigmoid, Tanh, ReLU, GELU and Softmax gets a forward case and a
 * backward case, so a wrong derivative costs the backward test only. Backward cases call
 * forward() first (the layers cache what backward() needs) and return only dLdZ.
 *
 * Some variants probe numerical robustness the doc comments promise: Sigmoid on inputs far
 * enough out that e^(−Z) overflows float32, and Softmax on logits around ±1e3, where e^Z
 * without the row-max shift is ∞ and the result NaN.
 */
import type { Generator, NDArray } from "#ndarray";
import { defineCase, type CaseSpec, type Size } from "../../src/suite.js";
import type { HW1 } from "./types.js";

type ActivationName = "Sigmoid" | "Tanh" | "ReLU" | "GELU" | "Softmax";

/** Z ~ scale·N(0, 1) of shape (N, C). */
function logits(rng: Generator, size: Size): NDArray {
  return rng.randn([size.N as number, size.C as number]).mul(size.scale as number);
}

/** As logits(), pushed 0.1 away from zero: ReLU's derivative at exactly 0 is a convention, not a test. */
function awayFromZero(rng: Generator, size: Size): NDArray {
  const Z = logits(rng, size);
  return Z.add(Z.sign().mul(0.1));
}

interface ActivationCases {
  name: ActivationName;
  /** Case id prefix: `sigmoid` gives `sigmoid.forward` and `sigmoid.backward`. */
  id: string;
  /** Rubric numbers of the forward and the backward case. */
  numbers: [string, string];
  points: [number, number];
  forwardSizes: { public: Size[]; hidden: Size[] };
  backwardSizes: { public: Size[]; hidden: Size[] };
  makeZ?: (rng: Generator, size: Size) => NDArray;
  forwardHint: string;
  backwardHint: string;
}

/** The forward and the backward case of one activation; they differ only in the class. */
function activationCases(spec: ActivationCases): CaseSpec<HW1>[] {
  const makeZ = spec.makeZ ?? logits;
  const title = spec.name;
  return [
    defineCase<HW1>({
      id: `${spec.id}.forward`,
      number: spec.numbers[0],
      section: "activations",
      title: `${title} forward`,
      points: spec.points[0],
      sizes: spec.forwardSizes,
      inputs: (rng, size) => ({ Z: makeZ(rng, size) }),
      run: ({ hw, inputs }) => ({ A: new hw[spec.name]().forward(inputs.Z) }),
      failureHint: spec.forwardHint,
    }),
    defineCase<HW1>({
      id: `${spec.id}.backward`,
      number: spec.numbers[1],
      section: "activations",
      title: `${title} backward`,
      points: spec.points[1],
      sizes: spec.backwardSizes,
      inputs: (rng, size) => ({
        Z: makeZ(rng, size),
        dLdA: rng.randn([size.N as number, size.C as number]),
      }),
      run: ({ hw, inputs }) => {
        const layer = new hw[spec.name]();
        layer.forward(inputs.Z);
        return { dLdZ: layer.backward(inputs.dLdA) };
      },
      failureHint: spec.backwardHint,
    }),
  ];
}

const usual = {
  public: [
    { N: 4, C: 5, scale: 1 },
    { N: 8, C: 3, scale: 3 },
  ],
  hidden: [
    { N: 1, C: 7, scale: 2 },
    { N: 13, C: 16, scale: 1 },
  ],
};

export const cases: CaseSpec<HW1>[] = [
  // Identity, the worked example, ships complete and so is not graded: stubs score zero.
  ...activationCases({
    name: "Sigmoid",
    id: "sigmoid",
    numbers: ["1.1", "1.2"],
    points: [2, 2],
    forwardSizes: {
      public: usual.public,
      hidden: [
        { N: 1, C: 7, scale: 2 },
        { N: 13, C: 16, scale: 40 },
      ],
    },
    backwardSizes: usual,
    forwardHint: "σ(Z) = 1 / (1 + e^(−Z)); written as e^Z / (1 + e^Z) it gives ∞/∞ = NaN for large Z.",
    backwardHint: "dA/dZ = A ⊙ (1 − A), with A the cached output σ(Z), not the input Z.",
  }),
  ...activationCases({
    name: "Tanh",
    id: "tanh",
    numbers: ["1.3", "1.4"],
    points: [2, 2],
    forwardSizes: usual,
    backwardSizes: usual,
    forwardHint: "NDArray has tanh(); A = tanh(Z) element by element.",
    backwardHint: "dA/dZ = 1 − A², with A = tanh(Z) the cached output.",
  }),
  ...activationCases({
    name: "ReLU",
    id: "relu",
    numbers: ["1.5", "1.6"],
    points: [2, 2],
    forwardSizes: usual,
    backwardSizes: usual,
    makeZ: awayFromZero,
    forwardHint: "A = max(Z, 0) as a new array (Z.maximum(0)): negative entries become 0; never write into Z (Z.imul(…) modifies the caller's array).",
    backwardHint: "dLdZ = dLdA where Z > 0 and 0 elsewhere: multiply by the mask, not by A.",
  }),
  ...activationCases({
    name: "GELU",
    id: "gelu",
    numbers: ["1.7", "1.8"],
    points: [2, 3],
    forwardSizes: usual,
    backwardSizes: usual,
    forwardHint: "Use the exact erf form ½·Z·(1 + erf(Z/√2)), not the tanh approximation.",
    backwardHint: "dA/dZ = Φ(Z) + Z·φ(Z): both terms, with φ(Z) = e^(−Z²/2)/√(2π).",
  }),
  ...activationCases({
    name: "Softmax",
    id: "softmax",
    numbers: ["1.9", "1.10"],
    points: [3, 3],
    // scale 1000: logits around ±1e3, e^1000 = ∞ in float32 — only the max-shifted form is finite.
    forwardSizes: {
      public: [
        { N: 4, C: 5, scale: 1 },
        { N: 6, C: 10, scale: 1000 },
      ],
      hidden: [
        { N: 1, C: 3, scale: 2 },
        { N: 11, C: 16, scale: 1000 },
        { N: 7, C: 1, scale: 1 },
      ],
    },
    backwardSizes: {
      public: [
        { N: 4, C: 5, scale: 1 },
        { N: 8, C: 3, scale: 2 },
      ],
      hidden: [
        { N: 1, C: 9, scale: 1 },
        { N: 13, C: 16, scale: 2 },
      ],
    },
    forwardHint: "Subtract each row's maximum before exp() (max(-1, true)); normalise over the last axis; keep Z's dtype (no astype).",
    backwardHint: "Softmax is not element-wise: dLdZ = A ⊙ (dLdA − Σⱼ dLdA·A), the sum over the last axis, kept as a size-1 axis.",
  }),
];
