/**
 * §11 Bonus: a ResNet basic block, forward and backward with every unit's gradients. The
 * variants cover both shortcuts: the identity and the projection (by stride, by a change
 * of channels, or both).
 */
import type { Generator, NDArray } from "#ndarray";
import { defineCase, type CaseSpec, type Inputs, type Outputs, type Size } from "../../src/suite.js";
import { num, weights } from "./draw.js";
import type { HW2 } from "./types.js";

const resSizes = {
  public: [
    { N: 2, Cin: 2, Cout: 2, H: 5, W: 4, s: 1 },
    { N: 2, Cin: 2, Cout: 3, H: 6, W: 6, s: 2 },
  ],
  hidden: [
    { N: 3, Cin: 3, Cout: 3, H: 4, W: 5, s: 1 },
    { N: 2, Cin: 3, Cout: 2, H: 5, W: 5, s: 1 },
    { N: 2, Cin: 2, Cout: 2, H: 7, W: 6, s: 2 },
  ],
};

/** Whether a ResBlock variant has the projection shortcut. */
function projects(size: Size): boolean {
  return num(size, "s") !== 1 || num(size, "Cin") !== num(size, "Cout");
}

/** The units of a block, by the names its inputs and outputs use. */
const UNITS = ["branch1", "branch2", "projection"] as const;

function resInputs(rng: Generator, size: Size): Record<string, NDArray> {
  const [N, Cin, Cout, H, W, s] = ["N", "Cin", "Cout", "H", "W", "s"].map((k) => num(size, k));
  const Hout = Math.floor((H - 1) / s) + 1;
  const Wout = Math.floor((W - 1) / s) + 1;
  const out: Record<string, NDArray> = {
    A: rng.randn([N, Cin, H, W]),
    branch1W: weights(rng, [Cout, Cin, 3, 3], Cin * 9),
    branch2W: weights(rng, [Cout, Cout, 3, 3], Cout * 9),
  };
  if (projects(size)) out.projectionW = weights(rng, [Cout, Cin, 1, 1], Cin);
  for (const unit of UNITS) {
    if (out[`${unit}W`] === undefined) continue;
    out[`${unit}Gamma`] = rng.uniform(0.5, 1.5, [Cout]);
    out[`${unit}Beta`] = rng.randn([Cout]).mul(0.5);
  }
  out.dLdY = rng.randn([N, Cout, Hout, Wout]);
  return out;
}

function resBlock(hw: HW2, inputs: Inputs, size: Size) {
  const block = new hw.ResBlock(num(size, "Cin"), num(size, "Cout"), num(size, "s"));
  for (const name of UNITS) {
    const unit = block[name];
    if (unit === undefined) continue;
    unit.conv.W = inputs[`${name}W`];
    unit.bn.W = inputs[`${name}Gamma`];
    unit.bn.b = inputs[`${name}Beta`];
  }
  return block;
}

export const cases: CaseSpec<HW2>[] = [
  defineCase<HW2>({
    id: "resblock.forward",
    number: "11.1",
    section: "resblock",
    title: "ResBlock forward",
    points: 2,
    bonus: true,
    sizes: resSizes,
    inputs: resInputs,
    run: ({ hw, inputs, size }) => ({ Y: resBlock(hw, inputs, size).forward(inputs.A) }),
    failureHint: "Y = ReLU(BN(conv(ReLU(BN(conv(A))))) + shortcut(A)): the last ReLU comes AFTER the sum.",
  }),
  defineCase<HW2>({
    id: "resblock.backward",
    number: "11.2",
    section: "resblock",
    title: "ResBlock backward",
    points: 3,
    bonus: true,
    sizes: resSizes,
    inputs: resInputs,
    run: ({ hw, inputs, size }) => {
      const block = resBlock(hw, inputs, size);
      block.forward(inputs.A);
      const out: Outputs = { dLdA: block.backward(inputs.dLdY) };
      for (const name of UNITS) {
        const unit = block[name];
        if (unit === undefined) continue;
        out[`${name}dLdW`] = unit.conv.dLdW as NDArray;
        out[`${name}dLdGamma`] = unit.bn.dLdW as NDArray;
        out[`${name}dLdBeta`] = unit.bn.dLdb as NDArray;
      }
      return out;
    },
    // Two batch norms in float32 put rounding of a few 1e-6 into the weight gradients.
    tolerance: Object.fromEntries(
      ["dLdA", ...UNITS.flatMap((u) => [`${u}dLdW`, `${u}dLdGamma`, `${u}dLdBeta`])].map((name) => [name, { atol: 5e-5, rtol: 1e-4 }]),
    ),
    failureHint: "The sum's gradient goes unchanged into both branches, and dLdA adds what the main branch and the shortcut return.",
  }),
];
