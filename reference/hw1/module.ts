/**
 * The module tree, as torch.nn.Module: a container (Sequential, Residual) holds other
 * layers, which may be containers themselves, so a model is a tree. Three things must
 * reach every node of it, however deep:
 *
 *   modules()      the root, then every layer below it, depth first, each object ONCE
 *   train(mode)    sets `training` on every module of modules() that has the flag
 *   eval()         train(false): BatchNorm1d uses its running statistics, Dropout is the identity
 *   parameters()   every W and b (with dLdW, dLdb) of modules(), in that order (parametersOf)
 *
 * Depth first, pre-order: a container comes before its children, the children in order,
 * so a flat Sequential lists its layers in order, and the parameters of a nested model
 * come in the order torch's `model.parameters()` gives them.
 *
 * "Each object once": a layer may be SHARED, the same object at two places of the tree
 * (weight tying). It has one W, so it must give the optimiser one parameter, not two: two
 * entries would make step() update that W twice per step. torch.nn.Module.modules() and
 * parameters() skip what they have already visited in the same way.
 *
 * Layers that are not Modules (Linear, the activations, BatchNorm1d, Dropout, LayerNorm1d)
 * are leaves: they have no children. train() reaches any of them with a boolean `training`.
 * See handouts/hw1.md §10.
 */
import { parametersOf, type Parameter } from "./optim.js";

export class Module {
  /** Training mode (the default) or evaluation mode; see train()/eval(). */
  training = true;

  /** The direct submodules, in order; none for a layer (containers override this). */
  children(): readonly object[] {
    return [];
  }

  /**
   * This module, then every module below it, depth-first pre-order (a container before its
   * children, children in order), each object once even when it is reached twice.
   */
  modules(): object[] {
    // Hint: as topologicalOrder in autograd/backward.ts, a recursive visit with a Set of
    // the objects seen; but here a module is listed BEFORE its children. Only Modules have
    // children (use `instanceof Module`).
    // BEGIN SOLUTION
    // STUB: return [this, ...this.children()];
    const seen = new Set<object>();
    const order: object[] = [];
    const visit = (m: object): void => {
      if (seen.has(m)) return;
      seen.add(m);
      order.push(m);
      if (m instanceof Module) for (const child of m.children()) visit(child);
    };
    visit(this);
    return order;
    // END SOLUTION
  }

  /**
   * Sets `training` on every module of modules() that has the flag (Modules, BatchNorm1d,
   * Dropout), as PyTorch's `module.train(mode)`; returns this.
   */
  train(mode = true): this {
    for (const m of this.modules()) {
      if ("training" in m && typeof m.training === "boolean") m.training = mode;
    }
    return this;
  }

  /** Evaluation mode for the whole tree. Returns this. */
  eval(): this {
    return this.train(false);
  }

  /** W and b, with their gradients, of every module of modules(), in that order, for an optimiser. */
  parameters(): Parameter[] {
    return parametersOf(this.modules());
  }
}
