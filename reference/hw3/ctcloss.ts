/**
 * CTC loss over a batch, taking LOGITS: log_softmax over the symbols, then
 * torch.nn.functional.ctc_loss(logProbs, targets, inputLengths, targetLengths, blank,
 * reduction="mean") (zero_infinity=False).
 *
 *   logits (T, N, C)          frame-major, as PyTorch's ctc_loss takes its input
 *   targets (N, S_max) int32  row n holds item n's labels in its first targetLengths[n] places
 *   inputLengths (N) int32    item n uses frames 0 … inputLengths[n] − 1 (≤ T)
 *   targetLengths (N) int32
 *
 *   logProbs = log_softmax(logits, axis 2)
 *   Lₙ = −log P(targetₙ | logProbs[0 : inputLengthsₙ, n, :])          (CTC, see ctc.ts)
 *   L  = (1/N) Σₙ Lₙ / max(targetLengthsₙ, 1)                        "mean", as PyTorch
 *
 *   backward: dL/dlogits[t, n, k] = wₙ · (softmax(logits)[t, n, k] − Σ_{s: extₙ[s] = k} γₙ,ₜ(s))
 *             for t < inputLengthsₙ, and 0 for the padding frames t ≥ inputLengthsₙ,
 *             with wₙ = 1 / (N · max(targetLengthsₙ, 1)).
 *
 * Pinned: backward() returns the gradient with respect to the LOGITS, the exact number
 * PyTorch's autograd gives through log_softmax and ctc_loss. (PyTorch's ctc_loss alone
 * returns softmax − γ for its log-probability input, which is this same gradient, and not
 * the true partial derivative −γ with respect to free log-probabilities; it relies on
 * the log_softmax in front of it.)
 * See handouts/hw3.md §5.
 */
import { NDArray, ShapeError } from "#ndarray";
import { CTC } from "./ctc.js";
import { cached } from "./errors.js";
import { logAddExp } from "./functions.js";

/** Checks the shapes of CTCLoss.forward's operands; returns the batch's item lengths. */
function itemLengths(logits: NDArray, targets: NDArray, inputLengths: NDArray, targetLengths: NDArray): { input: number[]; target: number[] } {
  const op = "CTCLoss.forward";
  if (logits.ndim !== 3) throw new ShapeError(op, `logits must have shape [T,N,C], got [${logits.shape.join(",")}]`);
  const [T, N] = logits.shape;
  if (targets.ndim !== 2 || targets.shape[0] !== N) throw new ShapeError(op, `targets must have shape [${N},S_max], got [${targets.shape.join(",")}]`);
  for (const [name, a] of [["inputLengths", inputLengths], ["targetLengths", targetLengths]] as const) {
    if (a.ndim !== 1 || a.shape[0] !== N) throw new ShapeError(op, `${name} must have shape [${N}], got [${a.shape.join(",")}]`);
  }
  const input = Array.from(inputLengths.toTypedArray());
  const target = Array.from(targetLengths.toTypedArray());
  if (input.some((len) => len < 1 || len > T)) throw new ShapeError(op, `inputLengths must lie in [1, ${T}], got [${input.join(",")}]`);
  if (target.some((len) => len < 0 || len > targets.shape[1])) throw new ShapeError(op, `targetLengths must lie in [0, ${targets.shape[1]}], got [${target.join(",")}]`);
  return { input, target };
}

/** log_softmax over the last axis, max-shifted so that large logits stay finite. */
export function logSoftmax(logits: NDArray): NDArray {
  const shifted = logits.sub(logits.max(-1, true));
  return shifted.sub(shifted.exp().sum(-1, true).log());
}

// BEGIN SOLUTION NO PROMPT
/** What forward() leaves for backward(). */
interface CTCLossCache {
  logits: NDArray;
  /** softmax(logits), (T, N, C), float64 on the host. */
  softmax: Float64Array;
  /** Σ_{s: extₙ[s] = k} γₙ,ₜ(s) at [t, n, k], zero for padding frames; (T, N, C). */
  occupancy: Float64Array;
  /** wₙ = 1 / (N · max(targetLengthsₙ, 1)). */
  weights: number[];
  inputLengths: number[];
}
// END SOLUTION

export class CTCLoss {
  readonly blank: number;
  // BEGIN SOLUTION NO PROMPT
  private cache?: CTCLossCache;
  // END SOLUTION

  constructor(blank = 0) {
    this.blank = blank;
  }

  /** The mean loss, a 0-d array (logits' dtype); caches what backward() needs. */
  forward(logits: NDArray, targets: NDArray, inputLengths: NDArray, targetLengths: NDArray): NDArray {
    const lengths = itemLengths(logits, targets, inputLengths, targetLengths);
    // Hint: slice item n out of the batch (logProbs.slice(`:${len}`, n) is (len, C)) and
    // reuse your CTC class on it; the loss of item n is −log P from its α.
    // BEGIN SOLUTION
    const [T, N, C] = logits.shape;
    const logProbs = logSoftmax(logits.astype("float64"));
    const ctc = new CTC(this.blank);
    const occupancy = new Float64Array(T * N * C);
    const weights: number[] = [];
    let total = 0;
    for (let n = 0; n < N; n++) {
      const [len, targetLen] = [lengths.input[n], lengths.target[n]];
      const y = logProbs.slice(`:${len}`, n);
      const { extended, skipConnect } = ctc.extendTargetWithBlank(targets.slice(n, `:${targetLen}`));
      const alpha = ctc.forwardProbs(y, extended, skipConnect);
      const gamma = ctc.posteriorProbs(alpha, ctc.backwardProbs(y, extended, skipConnect)).toTypedArray();
      const S = extended.shape[0];
      const last = alpha.slice(len - 1).toTypedArray();
      const logP = S > 1 ? logAddExp(last[S - 1], last[S - 2]) : last[0];
      weights.push(1 / (N * Math.max(targetLen, 1)));
      total += -logP * weights[n];
      const ext = extended.toTypedArray();
      for (let t = 0; t < len; t++) {
        for (let s = 0; s < S; s++) occupancy[(t * N + n) * C + ext[s]] += gamma[t * S + s];
      }
    }
    const softmax = logProbs.exp().toTypedArray() as Float64Array;
    this.cache = { logits, softmax, occupancy, weights, inputLengths: lengths.input };
    return NDArray.fromTypedArray(Float64Array.of(total), [], logits.device).astype(logits.dtype);
    // END SOLUTION
  }

  /** dL/dlogits, (T, N, C), in the logits' dtype. */
  backward(): NDArray {
    // BEGIN SOLUTION
    const { logits, softmax, occupancy, weights, inputLengths } = cached(this.cache, "CTCLoss.backward");
    const [T, N, C] = logits.shape;
    const grad = new Float64Array(T * N * C);
    for (let t = 0; t < T; t++) {
      for (let n = 0; n < N; n++) {
        if (t >= inputLengths[n]) continue;
        for (let k = 0; k < C; k++) {
          const i = (t * N + n) * C + k;
          grad[i] = weights[n] * (softmax[i] - occupancy[i]);
        }
      }
    }
    return NDArray.fromTypedArray(grad, [T, N, C], logits.device).astype(logits.dtype);
    // END SOLUTION
  }
}
