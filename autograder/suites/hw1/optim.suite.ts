/**
 * §4 Optimisers: SGD (plain, momentum, Nesterov, momentum with weight decay), Adam and
 * AdamW, each run for 3–5 steps on two parameters (a weight matrix and a bias vector).
 *
 * The gradients are inputs (gW[t], gb[t] for step t), not computed by a layer, so a bug in
 * Linear cannot cost points here. Several steps are needed: momentum buffers, the order
 * of weight decay and momentum, and Adam's bias correction (1 − βᵗ, largest in the first
 * steps) only show from the second step on or change with t. The outputs are the whole
 * trajectory, W_steps[t] = W after step t + 1, so a failure's index says at which step
 * the update first went wrong.
 *
 * The optimiser updates copies of W and b (its job is to write into them); each step's
 * gradient is a view into the input gW, so an optimiser that writes into p.grad modifies
 * an input, which the grader reports. Two Adam variants are built to expose its classic
 * slips: gradients of size 1e-4 (`gradScale`), where eps is not negligible next to √v̂, so
 * √(v̂ + eps) or an eps added before the bias correction changes the step; and a bias that
 * gets no gradient on the first step (`lateBias`), so a step count t that counts calls
 * instead of that parameter's own steps corrects the bias's first step wrongly.
 */
import { stack, type Generator, type NDArray } from "#ndarray";
import { defineCase, type CaseSpec, type Inputs, type Outputs, type Size } from "../../src/suite.js";
import type { HW1 } from "./types.js";

/** A parameter whose gradient the case sets before each step, as backward() would. */
interface StepParam {
  data: NDArray;
  grad: NDArray | undefined;
}

function inputs(rng: Generator, size: Size): Record<string, NDArray> {
  const [Cin, Cout, steps] = [size.Cin as number, size.Cout as number, size.steps as number];
  const gradScale = (size.gradScale as number | undefined) ?? 1;
  return {
    W: rng.randn([Cout, Cin]),
    b: rng.randn([Cout]),
    gW: rng.randn([steps, Cout, Cin]).mul(gradScale),
    gb: rng.randn([steps, Cout]).mul(gradScale),
  };
}

/**
 * Runs the optimiser built on copies of W and b for gW.shape[0] steps; returns both
 * trajectories. With `lateBias` the bias has no gradient on the first step (skipped).
 */
function trajectory(inputs: Inputs, size: Size, makeOptimiser: (params: StepParam[]) => { step(): void }): Outputs {
  const params: StepParam[] = [
    { data: inputs.W.clone(), grad: undefined },
    { data: inputs.b.clone(), grad: undefined },
  ];
  const opt = makeOptimiser(params);
  const Ws: NDArray[] = [];
  const bs: NDArray[] = [];
  for (let t = 0; t < inputs.gW.shape[0]; t++) {
    // Compact views into the inputs, as a layer's backward() would store: read, never written.
    params[0].grad = inputs.gW.slice(t);
    params[1].grad = t === 0 && size.lateBias === true ? undefined : inputs.gb.slice(t);
    opt.step();
    // step() updates data in place: snapshot it.
    Ws.push(params[0].data.clone());
    bs.push(params[1].data.clone());
  }
  return { W_steps: stack(Ws), b_steps: stack(bs) };
}

function sgdCase(
  id: string,
  number: string,
  title: string,
  points: number,
  sizes: { public: Size[]; hidden: Size[] },
  failureHint: string,
): CaseSpec<HW1> {
  return defineCase<HW1>({
    id,
    number,
    section: "optim",
    title,
    points,
    sizes,
    inputs,
    run: ({ hw, inputs, size }) =>
      trajectory(
        inputs,
        size,
        (params) =>
          new hw.SGD(params, {
            lr: size.lr as number,
            momentum: (size.momentum as number | undefined) ?? 0,
            nesterov: (size.nesterov as boolean | undefined) ?? false,
            weightDecay: (size.weightDecay as number | undefined) ?? 0,
          }),
      ),
    failureHint,
  });
}

function adamOptions(size: Size) {
  return {
    lr: size.lr as number,
    betas: [size.beta1 as number, size.beta2 as number] as const,
    eps: size.eps as number,
    weightDecay: size.weightDecay as number,
  };
}

export const cases: CaseSpec<HW1>[] = [
  sgdCase(
    "sgd.plain",
    "4.1",
    "SGD",
    2,
    {
      public: [
        { Cin: 3, Cout: 2, steps: 3, lr: 0.1 },
        { Cin: 5, Cout: 4, steps: 4, lr: 0.05 },
      ],
      hidden: [
        { Cin: 1, Cout: 6, steps: 5, lr: 0.2 },
        { Cin: 7, Cout: 3, steps: 3, lr: 0.01 },
      ],
    },
    "θ ← θ − lr·g, in place on p.data, for every parameter.",
  ),
  sgdCase(
    "sgd.momentum",
    "4.2",
    "SGD with momentum",
    3,
    {
      public: [
        { Cin: 3, Cout: 2, steps: 3, lr: 0.1, momentum: 0.9 },
        { Cin: 5, Cout: 4, steps: 4, lr: 0.05, momentum: 0.5 },
      ],
      hidden: [
        { Cin: 1, Cout: 6, steps: 5, lr: 0.2, momentum: 0.8 },
        { Cin: 7, Cout: 3, steps: 3, lr: 0.01, momentum: 0.99 },
      ],
    },
    "PyTorch's buffer: v = g on the first step, then v = μ·v + g (no (1 − μ) factor), and θ ← θ − lr·v; one buffer per parameter.",
  ),
  sgdCase(
    "sgd.nesterov",
    "4.3",
    "SGD with Nesterov momentum",
    3,
    {
      public: [
        { Cin: 3, Cout: 2, steps: 3, lr: 0.1, momentum: 0.9, nesterov: true },
        { Cin: 5, Cout: 4, steps: 4, lr: 0.05, momentum: 0.5, nesterov: true },
      ],
      hidden: [
        { Cin: 1, Cout: 6, steps: 5, lr: 0.2, momentum: 0.7, nesterov: true },
        { Cin: 7, Cout: 3, steps: 3, lr: 0.01, momentum: 0.95, nesterov: true },
      ],
    },
    "With Nesterov the step uses g + μ·v (v already updated), not v.",
  ),
  sgdCase(
    "sgd.weight_decay",
    "4.4",
    "SGD with momentum and weight decay",
    3,
    {
      public: [
        { Cin: 3, Cout: 2, steps: 3, lr: 0.1, momentum: 0.9, weightDecay: 0.1 },
        { Cin: 5, Cout: 4, steps: 4, lr: 0.05, momentum: 0.5, weightDecay: 0.3 },
      ],
      hidden: [
        { Cin: 1, Cout: 6, steps: 5, lr: 0.2, momentum: 0.8, weightDecay: 0.05 },
        { Cin: 7, Cout: 3, steps: 3, lr: 0.1, momentum: 0, weightDecay: 0.2 },
        { Cin: 4, Cout: 4, steps: 4, lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.1 },
      ],
    },
    "Add λ·θ to the gradient BEFORE the momentum update, so the buffer v holds the decayed gradient; g.add(…) makes a new array, p.grad must not be written (no g.iadd).",
  ),
  defineCase<HW1>({
    id: "adam.steps",
    number: "4.5",
    section: "optim",
    title: "Adam",
    points: 4,
    sizes: {
      public: [
        { Cin: 3, Cout: 2, steps: 3, lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 },
        { Cin: 5, Cout: 4, steps: 4, lr: 0.05, beta1: 0.8, beta2: 0.99, eps: 1e-8, weightDecay: 0.1 },
        { Cin: 4, Cout: 3, steps: 3, lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-6, weightDecay: 0, gradScale: 1e-4 },
        { Cin: 2, Cout: 3, steps: 3, lr: 0.02, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, lateBias: true },
      ],
      hidden: [
        { Cin: 1, Cout: 6, steps: 5, lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-6, weightDecay: 0 },
        { Cin: 7, Cout: 3, steps: 3, lr: 0.02, beta1: 0.5, beta2: 0.9, eps: 1e-8, weightDecay: 0.05 },
      ],
    },
    inputs,
    run: ({ hw, inputs, size }) => trajectory(inputs, size, (params) => new hw.Adam(params, adamOptions(size))),
    failureHint:
      "θ ← θ − lr·m̂/(√v̂ + eps): eps OUTSIDE the square root (not √(v̂ + eps)) and AFTER the bias correction m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ) (not added to √v before correcting; the gradScale variant shows both); t is each parameter's own step count from 1, not a count of step() calls (the lateBias variant skips the bias on step 1); weight decay is added to g.",
  }),
  defineCase<HW1>({
    id: "adamw.steps",
    number: "4.6",
    section: "optim",
    title: "AdamW",
    points: 3,
    sizes: {
      public: [
        { Cin: 3, Cout: 2, steps: 3, lr: 0.05, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1 },
        { Cin: 5, Cout: 4, steps: 4, lr: 0.02, beta1: 0.8, beta2: 0.99, eps: 1e-8, weightDecay: 0.5 },
      ],
      hidden: [
        { Cin: 1, Cout: 6, steps: 5, lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.05 },
        { Cin: 7, Cout: 3, steps: 3, lr: 0.01, beta1: 0.5, beta2: 0.9, eps: 1e-6, weightDecay: 1 },
      ],
    },
    inputs,
    run: ({ hw, inputs, size }) => trajectory(inputs, size, (params) => new hw.AdamW(params, adamOptions(size))),
    failureHint: "AdamW decays θ directly (θ ← θ − lr·λ·θ, before the Adam step) and feeds the raw gradient to m and v.",
  }),
];
