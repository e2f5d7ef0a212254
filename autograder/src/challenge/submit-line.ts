/** What `npm run submit` says about Part 2 for a homework with a challenge: whether its predictions go in the handin. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CHALLENGE_HOMEWORKS, PREDICTIONS_FILE } from "./spec.js";

/** The line for `hw` whose folder `dir` holds `files` (paths relative to it); undefined for a homework without a challenge. */
export function predictionsLine(hw: string, dir: string, files: readonly string[]): string | undefined {
  if (!CHALLENGE_HOMEWORKS.some((h) => h === hw)) return undefined;
  if (!files.includes(PREDICTIONS_FILE)) {
    return `no ${hw}/${PREDICTIONS_FILE}: Part 2 (the challenge) scores 0 without it; \`npm run challenge ${hw} -- --predict\` writes it`;
  }
  const rows = readFileSync(join(dir, PREDICTIONS_FILE), "utf8").trimEnd().split("\n").length - 1;
  return `Part 2: ${hw}/${PREDICTIONS_FILE} is included (${rows} predictions)`;
}
