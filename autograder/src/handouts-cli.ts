/**
 * `npm run handouts`: brings every handouts/<hw>.md whose homework has a suite in line with
 * the code it describes (handout-refresh.ts: rubric, worked examples, figures). `npm run handouts:check`
 * (run by `npm test`) changes nothing and fails, naming each file and line, when any of them
 * differs from a fresh build; a link to a figure that is not drawn, or a formula KaTeX cannot
 * typeset (in a write-up or in ndarray/NDARRAY.md), fails both.
 */
import { parseArgs } from "node:util";
import { runCli } from "./cli.js";
import { refreshGuide, refreshHandout, type HandoutState } from "./handout-refresh.js";
import { homeworks } from "../suites/index.js";

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { check: { type: "boolean", default: false } } });
  const stale: string[] = [];
  const broken: string[] = [];
  const states: HandoutState[] = [];
  for (const hw of homeworks()) states.push(await refreshHandout(hw, { check: values.check }));
  states.push(refreshGuide({ check: values.check }));
  for (const state of states) {
    stale.push(...state.stale);
    broken.push(...state.broken);
  }
  if (values.check && stale.length > 0) {
    console.error([...stale, ...broken].map((s) => `handouts: ${s}`).join("\n"));
    console.error("handouts: run `npm run handouts` to regenerate rubrics, worked examples and figures");
    return 1;
  }
  if (!values.check && stale.length > 0) console.log(stale.map((s) => `handouts: ${s}; rewritten`).join("\n"));
  if (broken.length > 0) {
    console.error(broken.map((s) => `handouts: ${s}`).join("\n"));
    return 1;
  }
  console.log(values.check ? "handouts: rubrics, worked examples and figures up to date" : `handouts: written for ${homeworks().join(", ")}`);
  return 0;
}

runCli("handouts", main);
