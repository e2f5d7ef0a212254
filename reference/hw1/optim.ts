/**
 * Optimisers: SGD (momentum, Nesterov, weight decay), Adam and AdamW, with PyTorch's
 * update rules exactly (torch.optim.SGD, Adam, AdamW; defaults as there).
 *
 * How an optimiser sees the model — the parameter protocol. It is built with a list of
 * `Parameter`s, PyTorch's `model.parameters()`: each has `data`, the array to update, and
 * `grad`, its gradient from the last backward(). Both are read afresh at every step(), so
 * the usual way is getters onto a layer's fields, which `parametersOf(layers)` builds for
 * every layer with W/dLdW and b/dLdb (Linear, BatchNorm1d):
 *
 *   const model = new MLP4(rng);
 *   const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 *   model.forward(A); model.backward(loss.backward()); opt.step();
 *
 * step() updates every `data` IN PLACE (`data.isub(…)`, `data.imul(…)`), so the layer sees
 * its new weights without being told; a parameter whose `grad` is undefined is skipped
 * (PyTorch skips `p.grad is None`) and its state does not advance. Optimiser state
 * (momentum buffers, Adam's moments and step count) is kept per parameter, by its
 * position in the list, and created on that parameter's first step.
 *
 * There is no zeroGrad(): in this kit backward() overwrites dLdW and dLdb rather than
 * adding to them, so there is nothing to reset between steps.
 * See handouts/hw1.md §4.
 */
import { NDArray, ValueError, zerosLike } from "#ndarray";

/** One trainable array and its gradient, as the optimisers see them (PyTorch's `p.data`, `p.grad`). */
export interface Parameter {
  /** The values; step() updates this array in place. */
  readonly data: NDArray;
  /** ∂L/∂data from the last backward(), same shape as `data`; undefined: skipped by step(). */
  readonly grad: NDArray | undefined;
}

/** A layer with a weight and a bias and their gradients (Linear, BatchNorm1d). */
export interface HasWeights {
  W: NDArray;
  b: NDArray;
  dLdW?: NDArray;
  dLdb?: NDArray;
}

function hasWeights(layer: object): layer is HasWeights {
  return "W" in layer && layer.W instanceof NDArray && "b" in layer && layer.b instanceof NDArray;
}

/**
 * The parameters of `layers`, in order: for each layer with `W` and `b` (NDArrays), first
 * { data: W, grad: dLdW } then { data: b, grad: dLdb }; layers without them (activations,
 * Dropout) contribute nothing. The entries are getters: they always read the layer's
 * current fields, so replacing `layer.W` later is seen by the optimiser (though its
 * state, e.g. a momentum buffer, stays the one built for the old array).
 */
export function parametersOf(layers: readonly object[]): Parameter[] {
  const params: Parameter[] = [];
  for (const layer of layers) {
    if (!hasWeights(layer)) continue;
    params.push({
      get data() {
        return layer.W;
      },
      get grad() {
        return layer.dLdW;
      },
    });
    params.push({
      get data() {
        return layer.b;
      },
      get grad() {
        return layer.dLdb;
      },
    });
  }
  return params;
}

function checkNonNegative(op: string, name: string, value: number): void {
  if (!(value >= 0) || !Number.isFinite(value)) throw new ValueError(op, `${name} must be a finite number >= 0, got ${value}`);
}

export interface SGDOptions {
  /** Learning rate (required, as in torch.optim.SGD). */
  lr: number;
  /** Momentum factor μ (default 0: plain SGD). */
  momentum?: number;
  /** Nesterov momentum (default false; needs momentum > 0). */
  nesterov?: boolean;
  /** L2 penalty λ, added to the gradient (default 0). */
  weightDecay?: number;
}

/**
 * Stochastic gradient descent, as torch.optim.SGD with dampening 0. For each parameter θ
 * with gradient g, at each step:
 *
 *   g ← g + λ·θ                      (if weightDecay λ ≠ 0)
 *   v ← g on the first step, then v ← μ·v + g        (if momentum μ ≠ 0)
 *   g ← g + μ·v  (nesterov)   or   g ← v             (if momentum μ ≠ 0)
 *   θ ← θ − lr·g                     (in place)
 *
 * Weight decay comes before momentum, so the buffer v holds the decayed gradient.
 */
export class SGD {
  readonly params: Parameter[];
  lr: number;
  readonly momentum: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;
  /** Momentum buffer v of each parameter (by index); undefined until its first step. */
  private velocity: (NDArray | undefined)[];

  constructor(params: Parameter[], opts: SGDOptions) {
    const { lr, momentum = 0, nesterov = false, weightDecay = 0 } = opts;
    checkNonNegative("SGD", "lr", lr);
    checkNonNegative("SGD", "momentum", momentum);
    checkNonNegative("SGD", "weightDecay", weightDecay);
    if (nesterov && momentum === 0) throw new ValueError("SGD", "Nesterov momentum requires a momentum > 0");
    this.params = params;
    this.lr = lr;
    this.momentum = momentum;
    this.nesterov = nesterov;
    this.weightDecay = weightDecay;
    this.velocity = params.map(() => undefined);
  }

  /** One update of every parameter that has a gradient. */
  step(): void {
    // Hint: build new arrays for g and v (g.add(…), v.mul(…)); only θ is updated in place.
    // BEGIN SOLUTION
    this.params.forEach((p, i) => {
      let g = p.grad;
      if (g === undefined) return;
      if (this.weightDecay !== 0) g = g.add(p.data.mul(this.weightDecay));
      if (this.momentum !== 0) {
        const previous = this.velocity[i];
        const v = previous === undefined ? g.clone() : previous.mul(this.momentum).add(g);
        this.velocity[i] = v;
        g = this.nesterov ? g.add(v.mul(this.momentum)) : v;
      }
      p.data.isub(g.mul(this.lr));
    });
    // END SOLUTION
  }
}

export interface AdamOptions {
  /** Learning rate (default 1e-3). */
  lr?: number;
  /** Decay rates (β₁, β₂) of the first and second moment estimates (default [0.9, 0.999]). */
  betas?: readonly [number, number];
  /** Added to √v̂ in the denominator (default 1e-8). */
  eps?: number;
  /** Weight decay λ: Adam adds λ·θ to the gradient (default 0); AdamW decays θ directly (default 1e-2). */
  weightDecay?: number;
}

/**
 * Adam, as torch.optim.Adam (amsgrad off). For each parameter θ with gradient g, with
 * t its own step count (1 on its first step) and m, v starting at 0:
 *
 *   g ← g + λ·θ                              (if weightDecay λ ≠ 0: L2, "coupled")
 *   m ← β₁·m + (1 − β₁)·g
 *   v ← β₂·v + (1 − β₂)·g²
 *   m̂ = m / (1 − β₁ᵗ),   v̂ = v / (1 − β₂ᵗ)    (bias correction)
 *   θ ← θ − lr · m̂ / (√v̂ + eps)             (in place)
 *
 * step() handles the gradient and weight decay; update() does the moments and the
 * parameter step, and is shared with AdamW.
 */
export class Adam {
  readonly params: Parameter[];
  lr: number;
  readonly betas: readonly [number, number];
  readonly eps: number;
  readonly weightDecay: number;
  /** Per parameter (by index): its step count t, first moment m and second moment v. */
  protected t: number[];
  protected m: (NDArray | undefined)[];
  protected v: (NDArray | undefined)[];

  constructor(params: Parameter[], opts: AdamOptions = {}) {
    const { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0 } = opts;
    const name = new.target.name;
    checkNonNegative(name, "lr", lr);
    checkNonNegative(name, "eps", eps);
    checkNonNegative(name, "weightDecay", weightDecay);
    betas.forEach((beta, i) => {
      if (!(beta >= 0 && beta < 1)) throw new ValueError(name, `betas[${i}] must be in [0, 1), got ${beta}`);
    });
    this.params = params;
    this.lr = lr;
    this.betas = [betas[0], betas[1]];
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.t = params.map(() => 0);
    this.m = params.map(() => undefined);
    this.v = params.map(() => undefined);
  }

  /** One update of every parameter that has a gradient: weight decay into g, then update(). */
  step(): void {
    // BEGIN SOLUTION
    this.params.forEach((p, i) => {
      const g = p.grad;
      if (g === undefined) return;
      this.update(i, p.data, this.weightDecay !== 0 ? g.add(p.data.mul(this.weightDecay)) : g);
    });
    // END SOLUTION
  }

  /**
   * The Adam step for parameter `i` with values θ and gradient g (weight decay already
   * handled): advance t, update m and v, and θ ← θ − lr·m̂/(√v̂ + eps) in place.
   */
  protected update(i: number, theta: NDArray, g: NDArray): void {
    // Hint: β₁ᵗ is `beta1 ** t` with t a JS number: the bias corrections are plain scalars.
    // BEGIN SOLUTION
    const [beta1, beta2] = this.betas;
    const t = (this.t[i] += 1);
    const m = (this.m[i] ?? zerosLike(g)).mul(beta1).add(g.mul(1 - beta1));
    const v = (this.v[i] ?? zerosLike(g)).mul(beta2).add(g.mul(g).mul(1 - beta2));
    this.m[i] = m;
    this.v[i] = v;
    const mHat = m.div(1 - beta1 ** t);
    const vHat = v.div(1 - beta2 ** t);
    theta.isub(mHat.div(vHat.sqrt().add(this.eps)).mul(this.lr));
    // END SOLUTION
  }
}

/**
 * AdamW, as torch.optim.AdamW: Adam with DECOUPLED weight decay (Loshchilov & Hutter).
 * The decay shrinks θ directly instead of entering the gradient, so it never reaches m or v:
 *
 *   θ ← θ − lr·λ·θ                            (in place, first)
 *   then Adam's update with the raw gradient g (m, v, bias correction, θ ← θ − lr·m̂/(√v̂ + eps))
 *
 * Defaults as PyTorch: lr 1e-3, betas [0.9, 0.999], eps 1e-8, weightDecay 1e-2.
 */
export class AdamW extends Adam {
  constructor(params: Parameter[], opts: AdamOptions = {}) {
    super(params, { ...opts, weightDecay: opts.weightDecay ?? 1e-2 });
  }

  override step(): void {
    // Hint: reuse this.update(i, θ, g) for everything after the decay.
    // BEGIN SOLUTION
    this.params.forEach((p, i) => {
      const g = p.grad;
      if (g === undefined) return;
      p.data.imul(1 - this.lr * this.weightDecay);
      this.update(i, p.data, g);
    });
    // END SOLUTION
  }
}
