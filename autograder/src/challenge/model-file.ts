/**
 * A trained model on disk: what `npm run train hwN -- --save FILE` writes and
 * `npm run challenge` reads back into a freshly built model of the student's own code. One
 * JSON file: the homework, which of its trainer's models it is (hw1's `mlp` or `resnet`),
 * and every state array as a base64 `.npy` (shape and dtype included; numpy reads it after
 * `base64.b64decode`).
 *
 * A model's state is found by walking its layers rather than by a list per model: the
 * fields named in STATE_KEYS of each layer, then of its children (`children()`, hw1's module
 * tree), depth first, each named by its path (`model.1.runningMean`). A model built again
 * with the same options has the same paths and shapes; one built with other options does
 * not, and loading says which array differs.
 */
import { mkdirSync, readFileSync, existsSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { decodeNpy, encodeNpy, KitError, NDArray } from "#ndarray";

const FORMAT = "dl-course-kit model 1";

/** The fields that hold a layer's state: weights and biases (Linear, Conv2d, BatchNorm1d, GRUCell) and BatchNorm's running statistics. */
const STATE_KEYS = ["W", "b", "runningMean", "runningVar", "W_ih", "W_hh", "b_ih", "b_hh"] as const;

/** One state array of a model: where it is, read and replaced through its layer's field. */
interface Slot {
  name: string;
  get(): NDArray;
  set(value: NDArray): void;
}

/** A model file that cannot be used; the message names the file and says what to do. */
export class ModelFileError extends KitError {
  constructor(file: string, detail: string) {
    super("E_MODEL_FILE", `${relative(process.cwd(), file) || file}: ${detail}`);
  }
}

/** `layer[key]` when it is an array. */
function arrayField(layer: object, key: string): NDArray | undefined {
  const value: unknown = Reflect.get(layer, key);
  return value instanceof NDArray ? value : undefined;
}

/** The state arrays under `roots` (see above), in walking order. */
export function stateSlots(roots: Readonly<Record<string, object>>): Slot[] {
  const slots: Slot[] = [];
  // A layer shared by two parents holds one set of arrays: save it once.
  const walked = new Set<object>();
  const visit = (layer: object, path: string): void => {
    if (walked.has(layer)) return;
    walked.add(layer);
    for (const key of STATE_KEYS) {
      const initial = arrayField(layer, key);
      if (initial !== undefined) {
        slots.push({ name: `${path}.${key}`, get: () => arrayField(layer, key) ?? initial, set: (value) => Reflect.set(layer, key, value) });
      }
    }
    if ("children" in layer && typeof layer.children === "function") {
      const children: unknown = layer.children();
      if (Array.isArray(children)) children.forEach((child: unknown, i) => typeof child === "object" && child !== null && visit(child, `${path}.${i}`));
    }
  };
  for (const [name, root] of Object.entries(roots)) visit(root, name);
  return slots;
}

/** The roots of a model that is a plain list of layers (hw2's CNN): each named by its place, `layers.4`. */
export function layerRoots(layers: readonly object[]): Record<string, object> {
  return Object.fromEntries(layers.map((layer, i) => [`layers.${i}`, layer]));
}

/** What a model file says about itself, and its arrays by name. */
export interface SavedModel {
  hw: string;
  model: string;
  arrays: Map<string, NDArray>;
}

interface ModelJson {
  format: string;
  hw: string;
  model: string;
  arrays: Record<string, string>;
}

/** Writes the state under `roots` to `file` (its folder created if needed), and says so with the command that reads it. */
export function saveModel(file: string, hw: string, model: string, roots: Readonly<Record<string, object>>): void {
  const arrays = Object.fromEntries(stateSlots(roots).map((slot) => [slot.name, Buffer.from(encodeNpy(slot.get())).toString("base64")]));
  const json: ModelJson = { format: FORMAT, hw, model, arrays };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(json)}\n`);
  const shown = relative(process.cwd(), file) || file;
  console.log(`saved the ${model} model to ${shown} (npm run challenge ${hw} -- --validate --model ${shown})`);
}

function isModelJson(value: unknown): value is ModelJson {
  return (
    typeof value === "object" && value !== null &&
    "format" in value && value.format === FORMAT &&
    "hw" in value && typeof value.hw === "string" &&
    "model" in value && typeof value.model === "string" &&
    "arrays" in value && typeof value.arrays === "object" && value.arrays !== null &&
    Object.values(value.arrays).every((a) => typeof a === "string")
  );
}

/** The model saved in `file` for `hw`; `saveCommand` is what the message tells the user to run when it is missing. */
export function readModel(file: string, hw: string, saveCommand: string): SavedModel {
  if (!existsSync(file)) throw new ModelFileError(file, `does not exist: train and save a model first (${saveCommand})`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    throw new ModelFileError(file, `is not a model file (not JSON); ${saveCommand} writes one`);
  }
  if (!isModelJson(parsed)) throw new ModelFileError(file, `is not a model file of this kit ("format": "${FORMAT}"); ${saveCommand} writes one`);
  if (parsed.hw !== hw) throw new ModelFileError(file, `holds a ${parsed.hw} model, not a ${hw} one`);
  const arrays = new Map(Object.entries(parsed.arrays).map(([name, npy]) => [name, decodeNpy(Buffer.from(npy, "base64"), `${file} (${name})`)]));
  return { hw: parsed.hw, model: parsed.model, arrays };
}

/**
 * Puts the saved arrays into the model under `roots`, freshly built with the saved options.
 * Every array of the model must be in the file with its shape, and nothing else: a file saved
 * from another model (other sizes, other layers) is refused, naming the first difference.
 */
export function restoreState(file: string, saved: SavedModel, roots: Readonly<Record<string, object>>, retrain: string): void {
  const slots = stateSlots(roots);
  const fail = (detail: string) => new ModelFileError(file, `${detail}: it was saved from another model (other options or other layers); ${retrain}`);
  for (const slot of slots) {
    const value = saved.arrays.get(slot.name);
    if (value === undefined) throw fail(`it has no ${slot.name}, which this ${saved.hw} ${saved.model} model has`);
    const want = slot.get().shape;
    if (value.shape.join() !== want.join()) throw fail(`${slot.name} has shape [${value.shape.join(", ")}] there but [${want.join(", ")}] here`);
    slot.set(value.astype(slot.get().dtype));
  }
  const extra = [...saved.arrays.keys()].find((name) => !slots.some((s) => s.name === name));
  if (extra !== undefined) throw fail(`it holds ${extra}, which this ${saved.hw} ${saved.model} model does not have`);
}
