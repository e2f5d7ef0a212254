/**
 * `npm run example hwN <case-id | section | all> [-- --reference]`: runs the worked examples
 * of handouts/hwN.md that the selection names on the student's hwN/ (or, in this repository,
 * the reference), in this process, and prints each one's inputs, then every output as the
 * handout shows it beside what the code returned, with ✓ or ✗ (example-run.ts). A stub not
 * yet written prints "not attempted"; an error names the homework's line it came from. The
 * exit code is 0 whenever the examples ran, whatever they show, as for `npm run grade`.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { KitError } from "#ndarray";
import { runCli } from "./cli.js";
import { findExamples, type ExampleMarker } from "./example-markers.js";
import { exampleReport, exampleSummary, runExample } from "./example-run.js";
import { KIT_ROOT } from "./paths.js";
import { homeworks, loadSuite } from "../suites/index.js";

const USAGE = "usage: npm run example <hw> <case-id | section | all> [-- --reference]";

/** Stack frames kept, so the homework's line is still there below a deep library stack. */
const STACK_DEPTH = 64;

/** The examples `only` names: all, a section's, a case's, or those under an id prefix (as `--only` reads them). */
function select(markers: readonly ExampleMarker[], only: string, file: string): ExampleMarker[] {
  if (only === "all") return [...markers];
  const chosen = markers.filter((m) => m.case.section === only || m.case.id === only || m.case.id.startsWith(`${only}.`));
  if (chosen.length > 0) return chosen;
  const ids = [...new Set(markers.map((m) => m.case.id))];
  throw new KitError("E_USAGE", `${file} has no worked example for "${only}"; ${ids.length === 0 ? "it has none yet" : `it has: ${ids.join(", ")} (or a section id, or all)`}`);
}

async function loadModule(hw: string, reference: boolean): Promise<unknown> {
  const file = join(KIT_ROOT, reference ? "reference" : "", hw, "index.ts");
  if (!existsSync(file)) throw new KitError("E_NO_HOMEWORK", reference ? `--reference: this checkout has no reference/${hw}/ (handouts do not ship it)` : `no ${hw}/index.ts here to run the examples on`);
  return import(pathToFileURL(file).href);
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { reference: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } },
  });
  const [hw, only] = positionals;
  if (values.help || positionals.length !== 2 || !homeworks().includes(hw)) {
    console.error(`${USAGE}\nhomeworks: ${homeworks().join(", ")}`);
    return values.help ? 0 : 1;
  }
  Error.stackTraceLimit = STACK_DEPTH;
  const shown = `handouts/${hw}.md`;
  const file = join(KIT_ROOT, shown);
  if (!existsSync(file)) throw new KitError("E_NO_HANDOUT", `${shown} is missing: the worked examples are read from it`);
  const markdown = readFileSync(file, "utf8");
  const suite = await loadSuite(hw);
  const markers = select(findExamples(markdown, shown, suite), only, shown);
  const module = await loadModule(hw, values.reference);
  const lines = markdown.split("\n");
  const results = markers.map((m) => runExample(hw, m, lines, shown, module, KIT_ROOT));
  console.log(results.map((r) => exampleReport(r).join("\n")).join("\n\n"));
  console.log(`\nexample ${hw}${values.reference ? " (reference)" : ""}: ${exampleSummary(results)}`);
  return 0;
}

runCli("example", main);
