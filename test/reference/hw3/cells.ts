/**
 * What the hw3 cell tests share: the sizes, float64 parameters drawn from a seed, gate
 * blocks pushed apart, and a cell given those parameters.
 */
import { array, type Generator, type NDArray } from "#ndarray";

export const f64 = { dtype: "float64" } as const;
/** Batch, input and hidden sizes of every cell test. */
export const [N, I, H] = [3, 4, 5];
export type Param = "W_ih" | "W_hh" | "b_ih" | "b_hh";
export const PARAMS: Param[] = ["W_ih", "W_hh", "b_ih", "b_hh"];

/** A cell of `gates` blocks with float64 parameters drawn from rng. */
export function params(rng: Generator, gates: number): Record<Param, NDArray> {
  return {
    W_ih: rng.randn([gates * H, I], f64).mul(0.5),
    W_hh: rng.randn([gates * H, H], f64).mul(0.5),
    b_ih: rng.randn([gates * H], f64).mul(0.5),
    b_hh: rng.randn([gates * H], f64).mul(0.5),
  };
}

/**
 * p with gate block g's biases shifted by (g − 1)·0.7: the gates' pre-activations sit
 * apart, so reading a gate from the wrong block moves h′ far beyond the tolerance.
 */
export function gateOffsets(p: Record<Param, NDArray>, gates: number): Record<Param, NDArray> {
  const shift = array(Array.from({ length: gates * H }, (_, row) => (Math.floor(row / H) - 1) * 0.7), f64);
  return { ...p, b_ih: p.b_ih.add(shift), b_hh: p.b_hh.add(shift) };
}

export function withParams<C extends Record<Param, NDArray>>(cell: C, p: Record<Param, NDArray>): C {
  for (const name of PARAMS) cell[name] = p[name];
  return cell;
}
