/**
 * `npm run challenge:data [-- hwN …]`: writes the challenge folders challenge/hwN/ of this
 * checkout (every homework with a challenge by default), the test inputs drawn from this
 * checkout's secret (secret.ts): what a handout ships, for trying `npm run challenge` in the
 * kit's repository. The test labels are never written.
 */
import { relative } from "node:path";
import { parseArgs } from "node:util";
import { KitError } from "#ndarray";
import { runCli } from "../cli.js";
import { challengeDir } from "./files.js";
import { CHALLENGE_HOMEWORKS, type ChallengeHomework } from "./spec.js";
import { writeChallengeFiles } from "./write-files.js";

function main(): number {
  const { positionals } = parseArgs({ allowPositionals: true, options: {} });
  const homeworks = positionals.length === 0 ? [...CHALLENGE_HOMEWORKS] : positionals.map((name): ChallengeHomework => {
    const hw = CHALLENGE_HOMEWORKS.find((h) => h === name);
    if (hw === undefined) throw new KitError("E_USAGE", `"${name}" has no challenge; the homeworks with one: ${CHALLENGE_HOMEWORKS.join(", ")}`);
    return hw;
  });
  for (const hw of homeworks) {
    const files = writeChallengeFiles(challengeDir(hw), hw);
    console.log(`challenge:data: ${hw}: ${files.map((f) => relative(process.cwd(), f)).join(", ")}`);
  }
  return 0;
}

runCli("challenge:data", main);
