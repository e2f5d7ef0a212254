/**
 * `npm run handouts`: writes the rubric table of every handouts/<hw>.md whose homework
 * has a suite. `npm run handouts:check` (run by `npm test`) fails, naming the file, when
 * a committed handout's rubric differs from its suite.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { KIT_ROOT } from "./paths.js";
import { runCli } from "./cli.js";
import { withRubric } from "./rubric.js";
import { homeworks, loadSuite } from "../suites/index.js";

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { check: { type: "boolean", default: false } } });
  const stale: string[] = [];
  for (const hw of homeworks()) {
    const file = join(KIT_ROOT, "handouts", `${hw}.md`);
    if (!existsSync(file)) {
      stale.push(`handouts/${hw}.md is missing (${hw} has a suite)`);
      continue;
    }
    const text = readFileSync(file, "utf8");
    const next = withRubric(text, await loadSuite(hw), `handouts/${hw}.md`);
    if (next === text) continue;
    if (values.check) stale.push(`handouts/${hw}.md: its rubric differs from autograder/suites/${hw}`);
    else writeFileSync(file, next);
  }
  if (stale.length > 0) {
    console.error(stale.map((s) => `handouts: ${s}`).join("\n"));
    if (values.check) console.error("handouts: run `npm run handouts` to regenerate the rubric tables");
    return 1;
  }
  console.log(values.check ? "handouts: rubrics up to date" : `handouts: rubrics written for ${homeworks().join(", ")}`);
  return 0;
}

runCli("handouts", main);
