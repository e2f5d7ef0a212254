/**
 * `npm run fixtures -- hwN --out DIR [--hidden]`: runs reference/hwN/ on every case's
 * seeded inputs and writes one .npz per variant plus manifest.json into DIR. Without
 * `--hidden` only the public variants (what a student handout ships); with it, the
 * hidden ones too (what the autograder package ships).
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { KitError } from "#ndarray";
import { buildFixtures, writeFixtures } from "./fixtures.js";
import { referenceEntry } from "./target.js";
import { homeworks, loadSuite } from "../suites/index.js";
import { runCli } from "./cli.js";

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { out: { type: "string" }, hidden: { type: "boolean", default: false } },
  });
  if (positionals.length !== 1 || values.out === undefined) {
    console.error(`usage: npm run fixtures -- <hw> --out DIR [--hidden]\nhomeworks: ${homeworks().join(", ")}`);
    return 1;
  }
  const hw = positionals[0];
  const suite = await loadSuite(hw);
  const ref = referenceEntry(hw);
  if (ref === undefined) throw new KitError("E_NO_REFERENCE", `fixtures: this checkout has no reference/${hw}/ to build fixtures from`);
  const fixtures = buildFixtures(suite, await import(ref), { hidden: values.hidden });
  const out = resolve(values.out);
  writeFixtures(out, hw, fixtures);
  const hidden = fixtures.filter((f) => f.kind === "hidden").length;
  console.log(`fixtures: wrote ${fixtures.length} fixture(s) (${fixtures.length - hidden} public, ${hidden} hidden) for ${hw} to ${out}`);
  return 0;
}

runCli("fixtures", main);
