/**
 * Seeded sequence inputs the CTC, CTC-loss and decoding cases share: log-probabilities,
 * targets that avoid the blank, and the extended target (built here from its definition,
 * so the α and β cases do not depend on the student's extendTargetWithBlank).
 */
import { NDArray, type Generator } from "#ndarray";
import { LOG_ZERO } from "../../src/values.js";

/** log_softmax over the last axis of `scale`·N(0, 1) logits: peaked for large scales. */
export function randomLogProbs(rng: Generator, shape: number[], scale: number): NDArray {
  const logits = rng.randn(shape).mul(scale);
  const shifted = logits.sub(logits.max(-1, true));
  return shifted.sub(shifted.exp().sum(-1, true).log());
}

/** `count` labels in [0, C) none equal to `blank`: uniform over the other C − 1 symbols. */
export function randomLabels(rng: Generator, count: number, C: number, blank: number): NDArray {
  const draws = rng.randint(1, C, [count], { dtype: "int32" }).toTypedArray();
  return NDArray.fromTypedArray(Int32Array.from(draws, (r) => (blank + r) % C), [count]);
}

/** [b, l₁, b, …, l_L, b] and the skip flags (1 where s ≥ 2, ext[s] ≠ b and ext[s] ≠ ext[s − 2]), int32. */
export function extendedTarget(target: NDArray, blank: number): { extended: NDArray; skipConnect: NDArray } {
  const ext = [blank];
  for (const label of target.toTypedArray()) ext.push(label, blank);
  const skip = ext.map((v, s) => (s >= 2 && v !== blank && v !== ext[s - 2] ? 1 : 0));
  return {
    extended: NDArray.fromTypedArray(Int32Array.from(ext), [ext.length]),
    skipConnect: NDArray.fromTypedArray(Int32Array.from(skip), [skip.length]),
  };
}

/**
 * a with every value below LOG_ZERO (−∞ included) raised to LOG_ZERO: unreachable CTC states
 * are −∞, which the fixtures hold as LOG_ZERO (and a failure shows as −∞). Any value ≤
 * LOG_ZERO a student returns counts as −∞.
 */
export function finiteLog(a: NDArray): NDArray {
  return a.maximum(LOG_ZERO);
}
