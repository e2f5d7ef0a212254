/**
 * Adam (Kingma & Ba; torch.optim.Adam without weight decay: bias-corrected moments) in
 * NDArray ops, for the trainers of homeworks that have no optimiser of their own (hw3, hw4).
 */
import { zerosLike, type NDArray } from "#ndarray";
import { storedGradient, type Parameter } from "./parameters.js";

export class Adam {
  private readonly m: NDArray[];
  private readonly v: NDArray[];
  private t = 0;

  constructor(
    private readonly params: readonly Parameter[],
    private readonly lr: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly eps = 1e-8,
  ) {
    this.m = params.map((p) => zerosLike(p.get()));
    this.v = params.map((p) => zerosLike(p.get()));
  }

  /** One update, with these gradients (one per parameter, in order) or else the ones backward() stored. */
  step(grads: readonly NDArray[] = this.params.map(storedGradient)): void {
    this.t += 1;
    const c1 = 1 - this.beta1 ** this.t;
    const c2 = 1 - this.beta2 ** this.t;
    this.params.forEach((p, i) => {
      const g = grads[i];
      this.m[i] = this.m[i].mul(this.beta1).add(g.mul(1 - this.beta1));
      this.v[i] = this.v[i].mul(this.beta2).add(g.mul(g).mul(1 - this.beta2));
      p.set(p.get().sub(this.m[i].div(c1).div(this.v[i].div(c2).sqrt().add(this.eps)).mul(this.lr)));
    });
  }
}
