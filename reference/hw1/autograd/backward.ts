/**
 * The backward pass of the autograd engine: order the graph, then sweep it from the
 * output to the leaves, applying each op's vector-Jacobian product (its `gradFn`).
 *
 * Multivariate chain rule: when a tensor x feeds several ops (or one op twice, as in
 * mul(x, x)), L depends on x through each use, and
 *
 *   dL/dx = Σ over the uses u of x  (the gradient that use hands back to x)
 *
 * so gradients arriving at a tensor are ADDED, never overwritten, and a tensor may pass
 * its gradient on only once every use has contributed: in reverse topological order.
 *
 * Gradients are tensors and are added with the tensor op `add`, so that with createGraph
 * (tensor.ts) the sums are recorded too and the gradient can be differentiated again.
 * See handouts/hw1.md §8.
 */
import { ShapeError } from "#ndarray";
import { add } from "./elementwise.js";
import type { Tensor } from "./tensor.js";

/**
 * Every tensor `root` depends on, `root` included, each exactly once and each AFTER all of
 * its parents (a topological order: leaves early, `root` last).
 */
export function topologicalOrder(root: Tensor): Tensor[] {
  // Hint: a depth-first search over `parents` with a Set of visited tensors; append a
  // tensor only after visiting all of its parents (post-order).
  // BEGIN SOLUTION
  const order: Tensor[] = [];
  const visited = new Set<Tensor>();
  const visit = (t: Tensor): void => {
    if (visited.has(t)) return;
    visited.add(t);
    for (const parent of t.parents) visit(parent);
    order.push(t);
  };
  visit(root);
  return order;
  // END SOLUTION
}

/**
 * `node.gradFn(g)`, checked: one gradient per parent, each with its parent's shape. A
 * gradient of the wrong shape is almost always a broadcast that was not undone (see
 * unbroadcast), and is reported here, naming the op, rather than as a wrong value later.
 * Complete: call it from backpropagate.
 */
export function parentGrads(node: Tensor, g: Tensor): Tensor[] {
  if (node.gradFn === undefined) throw new ShapeError("backward", "a leaf has no gradFn: it has no parents to pass a gradient to");
  const grads = node.gradFn(g);
  if (grads.length !== node.parents.length) {
    throw new ShapeError("backward", `${node.op}'s gradFn returned ${grads.length} gradients for ${node.parents.length} parents`);
  }
  grads.forEach((grad, i) => {
    const want = node.parents[i].shape;
    if (grad.ndim !== want.length || grad.shape.some((d, k) => d !== want[k])) {
      throw new ShapeError(
        "backward",
        `${node.op}'s gradFn returned a gradient of shape [${grad.shape.join(",")}] for parent ${i} of shape [${want.join(",")}]; ` +
          "a gradient must have its parent's shape (sum over the axes the forward broadcast: unbroadcast)",
      );
    }
  });
  return grads;
}

/**
 * The reverse sweep: `seed` is dL/d(root) (root's shape). Visits the tensors in reverse
 * topological order (root first), keeping each one's gradient so far in a Map, so that a
 * tensor's gradient is complete before it is passed on:
 *
 *   for each tensor t, root first:   g = total gradient received by t
 *     t is a leaf that requires grad:  t.grad = g, or t.grad + g when it already has one
 *     t is an op's result:            hand parentGrads(t, g)[i] to t.parents[i], ADDING
 *                                     to whatever that parent received already
 *
 * Parents that do not require grad get nothing. Leaves keep their `.grad` across calls
 * (PyTorch's accumulation); intermediate results keep none. Add with the tensor op
 * `add(a, b)`, never with NDArray arithmetic on `.data`: that would cut the graph a
 * createGraph backward records. (A tensor's data is never written, so a leaf may keep the
 * very tensor it received as its `.grad`.)
 */
export function backpropagate(root: Tensor, seed: Tensor): void {
  // BEGIN SOLUTION
  const grads = new Map<Tensor, Tensor>([[root, seed]]);
  const order = topologicalOrder(root);
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i];
    const g = grads.get(node);
    if (g === undefined || !node.requiresGrad) continue;
    if (node.isLeaf) {
      node.grad = node.grad === undefined ? g : add(node.grad, g);
      continue;
    }
    parentGrads(node, g).forEach((pg, k) => {
      const parent = node.parents[k];
      if (!parent.requiresGrad) return;
      const sofar = grads.get(parent);
      grads.set(parent, sofar === undefined ? pg : add(sofar, pg));
    });
  }
  // END SOLUTION
}
