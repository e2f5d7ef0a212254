/**
 * `npm run train hwN [-- --reference] [--epochs E] [--limit N] [--data DIR] [--seed S]`
 * (and `--model mlp|resnet` for hw1, `--augment` for hw2, `--save FILE` for hw1–hw3, the model for `npm run challenge`):
 * trains the student's hwN (or the reference) on the digits that `npm run data` wrote,
 * printing a progress bar per epoch, the loss and error per epoch, the final test error and
 * a loss curve. A piece the student has not written yet, or a library error its code caused
 * (`add: shapes [96] and [200] cannot be broadcast`), stops the run with one line that names
 * it and the line of the homework it came from (`at hw1/models.ts:42:17`, from the stack tsx
 * maps back to the .ts files).
 */
import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { KitError } from "#ndarray";
import { DEFAULT_DATA_DIR } from "../data/idx-files.js";
import { requireDigits } from "./digits.js";
import type { TrainOptions } from "./options.js";
import { runCli } from "../cli.js";
import { KIT_ROOT } from "../paths.js";
import { firstFrameIn } from "../stack-frames.js";

/**
 * One trainer module per homework (`train/hwN.ts`, exporting `train`, and `needsDigits = false`
 * when it reads no digits), found from the folder's files so that adding one edits no list:
 * a handout ships only its own homework's trainer.
 */
const TRAINERS = readdirSync(new URL(".", import.meta.url))
  .map((file) => /^(hw\d+)\.ts$/.exec(file)?.[1])
  .filter((name): name is string => name !== undefined)
  .sort((a, b) => Number(a.slice(2)) - Number(b.slice(2)));

/** The options only some trainers take; a trainer lists those it takes in `choices`. */
type Choice = "model" | "augment" | "save";

interface Trainer {
  train: (opts: TrainOptions) => Promise<void>;
  needsDigits?: boolean;
  choices?: readonly Choice[];
}

/** Refuses `--model`/`--augment` on a trainer that has no such choice, rather than ignoring it. */
function checkChoices(trainer: Trainer, given: Record<Choice, boolean>): void {
  for (const choice of Object.keys(given) as Choice[]) {
    if (given[choice] && !(trainer.choices ?? []).includes(choice)) {
      throw new KitError("E_USAGE", `--${choice}: the ${hw} trainer has no such choice (${hw}'s options: ${(trainer.choices ?? []).map((c) => `--${c}`).join(", ") || "none beyond the common ones"})`);
    }
  }
}

async function loadTrainer(name: string): Promise<Trainer> {
  return (await import(new URL(`./${name}.ts`, import.meta.url).href)) as Trainer;
}

/** The homework being trained, for the one-line error message. */
let hw = "";

/** Stack frames kept, so that the homework's line is still there below a deep library stack. */
const STACK_DEPTH = 64;

/** ` (at hw1/models.ts:42:17)`: the homework's innermost line in the error's stack, or nothing. */
function whereInHomework(e: Error): string {
  const frame = firstFrameIn(e.stack ?? "", [join(KIT_ROOT, hw), join(KIT_ROOT, "reference", hw)], KIT_ROOT);
  return frame === undefined ? "" : ` (at ${frame})`;
}

const USAGE = `usage: npm run train <hw> [-- --reference] [--epochs E] [--limit N] [--data DIR] [--seed S] [--model mlp|resnet (hw1)] [--augment (hw2)] [--save FILE (hw1–hw3)]\nhomeworks: ${TRAINERS.join(", ")}`;

function positiveInteger(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new KitError("E_USAGE", `--${name} must be a positive integer, got "${text}"`);
  return n;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      reference: { type: "boolean", default: false },
      epochs: { type: "string" },
      limit: { type: "string" },
      data: { type: "string" },
      seed: { type: "string", default: "0" },
      model: { type: "string" },
      augment: { type: "boolean", default: false },
      save: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  hw = positionals[0] ?? "";
  Error.stackTraceLimit = STACK_DEPTH;
  if (values.help || positionals.length !== 1 || !TRAINERS.includes(hw)) {
    console.error(USAGE);
    return values.help ? 0 : 1;
  }
  const trainer = await loadTrainer(hw);
  const dataDir = resolve(values.data ?? DEFAULT_DATA_DIR);
  checkChoices(trainer, { model: values.model !== undefined, augment: values.augment, save: values.save !== undefined });
  if (trainer.needsDigits !== false) requireDigits(dataDir);
  await trainer.train({
    reference: values.reference,
    dataDir,
    epochs: positiveInteger("epochs", values.epochs),
    limit: positiveInteger("limit", values.limit),
    seed: Number(values.seed),
    model: values.model,
    augment: values.augment,
    save: values.save === undefined ? undefined : resolve(values.save),
  });
  return 0;
}

runCli(
  () => `train ${hw}`,
  main,
  (e) => {
    if (e.code !== "E_NOT_IMPLEMENTED") return `${e.message}${whereInHomework(e)}`;
    const orReference = existsSync(new URL(`../../../reference/${hw}`, import.meta.url)) ? ", or train the reference with --reference" : "";
    return `${e.message}${whereInHomework(e)}: write it in ${hw}/ (npm run grade ${hw} checks it)${orReference}`;
  },
);
