/**
 * The hw1 bonus: reverse-mode automatic differentiation, after PyTorch's autograd and
 * micrograd. A `Tensor` wraps an NDArray (`data`). Every op on tensors computes its result
 * with NDArray arithmetic and, when gradients are wanted, records the tensors it read
 * (`parents`) and a `gradFn`: the vector-Jacobian product that turns the gradient of its
 * output into the gradients of its inputs. `backward()` then walks that graph from the
 * output back to the leaves (see backward.ts).
 *
 *   leaf:      x = new Tensor(data, { requiresGrad: true })       no parents, no gradFn
 *   op:        y = mul(x, w)        y.parents = [x, w], y.gradFn = G ↦ [mul(G, w), mul(G, x)]
 *   backward:  y.backward(G)        sets x.grad and w.grad to ∂(Σ G ⊙ y)/∂x and ∂/∂w
 *
 * A gradFn is written with the tensor ops themselves, not with NDArray methods: a gradient
 * is a function of the inputs like any other, so when its computation is recorded
 * (`backward(G, { createGraph: true })`, torch's create_graph) `x.grad` is a tensor with a
 * graph of its own, and differentiating it gives second derivatives (Hessian-vector
 * products, gradient penalties). By default backward() runs inside noGrad(): the same
 * arithmetic, nothing recorded, and `.grad` a constant.
 *
 * Conventions are PyTorch's: an op's result requires grad when any input does (and
 * gradient mode is on); only leaves that require grad keep `.grad`; `.grad` ACCUMULATES
 * across backward() calls, with createGraph too (call zeroGrad() between steps, as torch's
 * zero_grad(), and before differentiating a gradient you read from `.grad`); inside
 * `noGrad(fn)` nothing is recorded (torch.no_grad()).
 *
 * This file ships complete except noGrad; the graph walk is backward.ts, the ops are in
 * elementwise.ts, unary.ts, matmul.ts, reduce.ts and shapes.ts.
 * See handouts/hw1.md §8.
 */
import { DTypeError, isFloat, onesLike, ShapeError, ValueError, type DType, type NDArray } from "#ndarray";
import { backpropagate } from "./backward.js";

/**
 * The vector-Jacobian product of one op: given G = dL/d(output), the op's output shape,
 * it returns dL/d(input) for each parent, in the parents' order, each with that parent's
 * shape, computed with tensor ops (so that it can be recorded and differentiated again).
 */
export type GradFn = (G: Tensor) => Tensor[];

export interface BackwardOptions {
  /**
   * Record the backward pass as a graph (torch's create_graph), so that every gradient it
   * computes, `.grad` included, is a tensor that can be differentiated again. Default false:
   * the same values, computed under noGrad(). Recording needs gradient mode on, so inside
   * noGrad() nothing is recorded either way.
   */
  createGraph?: boolean;
}

export interface TensorOptions {
  /** Whether backward() should compute this leaf's gradient (default false). Float dtypes only. */
  requiresGrad?: boolean;
}

/** Whether ops record the graph now: false inside noGrad(). */
let gradEnabled = true;

/** True unless called inside noGrad() (torch.is_grad_enabled()). */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/**
 * Runs `fn` with gradient recording off and returns its result, as `with torch.no_grad():`.
 * Every tensor made inside is a constant (requiresGrad false, no parents), so nothing it
 * computes is differentiated: use it for optimiser updates and evaluation. The previous
 * mode comes back when `fn` returns or throws, so calls nest.
 */
export function noGrad<T>(fn: () => T): T {
  // Hint: save the mode, switch it off, and restore it in a `finally` block.
  // BEGIN SOLUTION
  const before = gradEnabled;
  gradEnabled = false;
  try {
    return fn();
  } finally {
    gradEnabled = before;
  }
  // END SOLUTION
}

/** A node of the computation graph: an NDArray, and how it was computed. */
export class Tensor {
  /** The value. Ops never write into it. */
  readonly data: NDArray;
  /** Whether gradients flow to (a leaf) or through (an op's result) this tensor. */
  readonly requiresGrad: boolean;
  /**
   * dL/d(this) summed over every backward() so far; leaves with requiresGrad only. A
   * constant, unless a backward() with createGraph computed it: then it has a graph and
   * can be differentiated (after zeroGrad(), or the next backward() adds to it).
   */
  grad?: Tensor;
  /** The tensors this one was computed from (empty for leaves and constants). */
  readonly parents: readonly Tensor[];
  /** The vector-Jacobian product of the op that made this tensor; undefined for leaves. */
  readonly gradFn?: GradFn;
  /** The op's name ("mul", "sum", …), or "leaf": error messages name it. */
  readonly op: string;

  /** A leaf. `data` is used as given (not copied). */
  constructor(data: NDArray, opts: TensorOptions = {}) {
    const requiresGrad = opts.requiresGrad ?? false;
    if (requiresGrad && !isFloat(data.dtype)) {
      throw new DTypeError("Tensor", `only float tensors can require gradients, got dtype ${data.dtype}`);
    }
    this.data = data;
    this.requiresGrad = requiresGrad;
    this.parents = [];
    this.op = "leaf";
  }

  /**
   * The result of op `op`: `data` computed from `parents`, differentiated by `gradFn`.
   * When gradient mode is off or no parent requires grad, the result is a constant (no
   * parents, no gradFn): nothing would flow back through it, so nothing is kept.
   */
  static fromOp(op: string, data: NDArray, parents: readonly Tensor[], gradFn: GradFn): Tensor {
    const t = new Tensor(data);
    if (!gradEnabled || !parents.some((p) => p.requiresGrad)) return t;
    // The one place that sets these fields after construction; to users they are read-only.
    return Object.assign(t, { requiresGrad: true, parents: [...parents], gradFn, op });
  }

  get shape(): readonly number[] {
    return this.data.shape;
  }

  get ndim(): number {
    return this.data.ndim;
  }

  get size(): number {
    return this.data.size;
  }

  get dtype(): DType {
    return this.data.dtype;
  }

  /** True for tensors made by the constructor (and constants), false for recorded op results. */
  get isLeaf(): boolean {
    return this.gradFn === undefined;
  }

  /** The single element of a one-element tensor, as a number. */
  item(): number {
    return this.data.item();
  }

  /** The same data as a new leaf that does not require grad (torch's detach()). */
  detach(): Tensor {
    return new Tensor(this.data);
  }

  /** Forgets the accumulated gradient (torch's `x.grad = None`). */
  zeroGrad(): void {
    this.grad = undefined;
  }

  /**
   * Backpropagates from this tensor: adds dL/dx to `x.grad` for every leaf x it depends on
   * that requires grad, where L = Σ (grad ⊙ this). `grad` must have this tensor's shape;
   * it may be left out only for a one-element tensor (a loss), where it is 1, as in
   * PyTorch's `loss.backward()`. With `{ createGraph: true }` the gradients are recorded
   * tensors that can be differentiated again (torch's `backward(create_graph=True)`).
   */
  backward(grad?: NDArray, opts: BackwardOptions = {}): void {
    if (!this.requiresGrad) {
      throw new ValueError("Tensor.backward", "this tensor does not require grad: no input had requiresGrad, or it was computed inside noGrad()");
    }
    if (grad === undefined && this.size !== 1) {
      throw new ValueError("Tensor.backward", `a gradient can be left out only for a one-element tensor (a loss); this one has shape [${this.shape.join(",")}]`);
    }
    const seed = grad ?? onesLike(this.data);
    if (seed.ndim !== this.ndim || seed.shape.some((d, i) => d !== this.shape[i])) {
      throw new ShapeError("Tensor.backward", `grad has shape [${seed.shape.join(",")}], the tensor [${this.shape.join(",")}]; they must be equal`);
    }
    const upstream = new Tensor(seed.astype(this.dtype));
    if (opts.createGraph === true) backpropagate(this, upstream);
    else noGrad(() => backpropagate(this, upstream));
  }
}
