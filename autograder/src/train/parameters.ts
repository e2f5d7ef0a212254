/**
 * Typed access to a layer's trainable arrays, for the optimisers the trainers write
 * themselves (hw2, hw3 and hw4 have none): read the array, replace it, and read the
 * gradient its backward() stored, through the fields the homework's layers declare.
 */
import { KitError, type NDArray } from "#ndarray";

export interface Parameter {
  /** "Conv2d.W": names the parameter when its gradient is missing. */
  readonly name: string;
  get(): NDArray;
  set(value: NDArray): void;
  /** The gradient the last backward() stored, if it stored one. */
  grad(): NDArray | undefined;
}

/**
 * The array `layer[key]`, whose gradient `grad` reads. `owner` names the layer (its class by
 * default; a plain object of the trainer's own has none worth showing).
 */
export function parameter<K extends string>(
  layer: Record<K, NDArray>,
  key: K,
  grad: () => NDArray | undefined,
  owner: string = layer.constructor.name,
): Parameter {
  return {
    name: `${owner}.${key}`,
    get: () => layer[key],
    set: (value) => {
      layer[key] = value;
    },
    grad,
  };
}

/** A layer with a weight W and a bias b, and the dLdW, dLdb its backward() stores. */
export interface WeightAndBias {
  W: NDArray;
  b: NDArray;
  dLdW?: NDArray;
  dLdb?: NDArray;
}

/** W then b: the order the layers draw them in. */
export function weightAndBias(layer: WeightAndBias, owner?: string): Parameter[] {
  return [parameter(layer, "W", () => layer.dLdW, owner), parameter(layer, "b", () => layer.dLdb, owner)];
}

/** The parameter's stored gradient; a layer whose backward() stored none is named in one line. */
export function storedGradient(p: Parameter): NDArray {
  const g = p.grad();
  if (g === undefined) throw new KitError("E_NO_GRADIENT", `${p.name}: backward() stored no gradient for it`);
  return g;
}
