/**
 * `npm run challenge hwN -- --validate | --predict [--model FILE] [--reference] [--beam W] [--out FILE] [--data DIR]`:
 * Part 2 on the student's side. Loads the model `npm run train hwN -- --save FILE` wrote into
 * the student's own hwN code (in this process, as training does; `--reference` uses
 * reference/hwN), then
 *
 *   --validate  labels the validation set and prints the metric (accuracy, or hw3's CER)
 *               and the points the cutoffs would give it on the test set;
 *   --predict   labels the test inputs and writes hwN/predictions.csv (or --out), which
 *               `npm run submit hwN` packs with the code.
 *
 * The model file defaults to models/hwN.json, the challenge's files to challenge/hwN/
 * (`--data DIR`). `--beam W` makes hw3 decode with the student's beamSearch of width W
 * instead of greedySearch. A missing or foreign model file, or one saved with other
 * options, stops with one line saying what to run.
 */
import { existsSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { KitError } from "#ndarray";
import { runCli } from "../cli.js";
import { KIT_ROOT } from "../paths.js";
import { firstFrameIn } from "../stack-frames.js";
import { challengeConfig, cutoffText, metricName, percent } from "./config.js";
import { challengeDir, readInputs, readValidationLabels } from "./files.js";
import { challengeKind } from "./inputs.js";
import { readModel } from "./model-file.js";
import type { PredictorModule } from "./predictor.js";
import { challengePoints, metricValue } from "./score.js";
import { CHALLENGE_HOMEWORKS, PREDICTIONS_FILE, type ChallengeHomework } from "./spec.js";
import { writePredictions } from "./write-predictions.js";

const USAGE = `usage: npm run challenge <hw> -- --validate | --predict [--model FILE] [--reference] [--beam W (hw3)] [--out FILE] [--data DIR]\nhomeworks with a challenge: ${CHALLENGE_HOMEWORKS.join(", ")}`;

/** The homework of this run, for the one-line error message. */
let hw = "";

/** A file as the messages show it: relative to where the command runs, unless it lies outside. */
function shown(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel === "" || rel.startsWith("..") ? file : rel;
}

function challengeHomework(name: string | undefined): ChallengeHomework {
  const found = CHALLENGE_HOMEWORKS.find((h) => h === name);
  if (found !== undefined) return found;
  if (name === "hw4") throw new KitError("E_USAGE", "hw4 has no challenge: its names come from a public npm package, so no held-out names exist that students lack (handouts/hw4.md, Part 2)");
  throw new KitError("E_USAGE", `${name === undefined ? "which homework?" : `"${name}" has no challenge`}\n${USAGE}`);
}

function beamWidth(text: string | undefined, which: ChallengeHomework): number | undefined {
  if (text === undefined) return undefined;
  if (challengeKind(which) !== "strings") throw new KitError("E_USAGE", `--beam: ${which}'s challenge labels digits, not strings; it takes no beam width`);
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new KitError("E_USAGE", `--beam must be a positive integer, got "${text}"`);
  return n;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      validate: { type: "boolean", default: false },
      predict: { type: "boolean", default: false },
      model: { type: "string" },
      reference: { type: "boolean", default: false },
      beam: { type: "string" },
      out: { type: "string" },
      data: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  hw = positionals[0] ?? "";
  const which = challengeHomework(positionals[0]);
  if (positionals.length !== 1) throw new KitError("E_USAGE", `one homework at a time\n${USAGE}`);
  if (!values.validate && !values.predict) throw new KitError("E_USAGE", `say what to do: --validate, --predict or both\n${USAGE}`);
  const beam = beamWidth(values.beam, which);
  const file = resolve(values.model ?? join(KIT_ROOT, "models", `${which}.json`));
  const save = `npm run train ${which} -- ${values.reference ? "--reference " : ""}--save ${shown(file)}`;
  const saved = readModel(file, which, save);
  const module = (await import(new URL(`./${which}-model.ts`, import.meta.url).href)) as PredictorModule;
  const predict = await module.predictor({ file, saved, reference: values.reference, retrain: `train again: ${save}` }, beam);
  const dir = values.data === undefined ? challengeDir(which) : resolve(values.data);
  const config = challengeConfig(which);
  const what = `the ${saved.model} model in ${shown(file)}${values.reference ? " (reference code)" : ""}`;
  const unit = challengeKind(which) === "strings" ? "strings" : "digits";

  if (values.validate) {
    const inputs = readInputs(dir, which, "validation");
    const labels = readValidationLabels(dir, inputs.count);
    const started = performance.now();
    const value = metricValue(config, predict(inputs), labels);
    const seconds = (performance.now() - started) / 1000;
    console.log(`${which} validation ${metricName(config)}: ${percent(value)} on ${inputs.count} ${unit}, ${what} (${seconds.toFixed(1)} s)`);
    console.log(`  on the test set that would give ${challengePoints(config, value)} of ${config.points} points (${cutoffText(config)})`);
  }
  if (values.predict) {
    const inputs = readInputs(dir, which, "test");
    const out = resolve(values.out ?? join(KIT_ROOT, which, PREDICTIONS_FILE));
    writePredictions(out, predict(inputs));
    const submitted = out === join(KIT_ROOT, which, PREDICTIONS_FILE) ? `; npm run submit ${which} packs it with your code` : "";
    console.log(`${which}: wrote ${inputs.count} predictions to ${shown(out)}, from ${what}${submitted}`);
  }
  return 0;
}

/** ` (at hw1/models.ts:42:17)`: the homework's innermost line in the error's stack, or nothing. */
function whereInHomework(e: Error): string {
  const frame = firstFrameIn(e.stack ?? "", [join(KIT_ROOT, hw), join(KIT_ROOT, "reference", hw)], KIT_ROOT);
  return frame === undefined ? "" : ` (at ${frame})`;
}

runCli(
  () => `challenge ${hw}`,
  main,
  (e) => {
    if (e.code !== "E_NOT_IMPLEMENTED") return `${e.message}${whereInHomework(e)}`;
    const orReference = existsSync(join(KIT_ROOT, "reference", hw)) ? ", or use the reference with --reference" : "";
    return `${e.message}${whereInHomework(e)}: write it in ${hw}/ (npm run grade ${hw} checks it)${orReference}`;
  },
);
