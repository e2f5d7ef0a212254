/**
 * What `npm run stubs` does for each homework, apart from the command line (so tests run it
 * on a throw-away kit): first the given copies in reference/hwN/ (given.ts), then every
 * hwN/ stub from its reference file (stubgen.ts). With `check`, nothing is written and each
 * file that differs from what would be written is a problem naming it.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { GIVEN_DIR, GIVEN_LIST, givenPlan, isGivenCopy } from "./given.js";
import { makeStub } from "./stubgen.js";

/** Problems found (one line each, naming a file) and how many files were written. */
export interface StubsResult {
  problems: string[];
  written: number;
}

function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .sort();
}

/** Writes `text` to `root/path` unless it is there already; with `check`, a problem instead. */
function sync(root: string, path: string, text: string, check: boolean, stale: string, result: StubsResult): void {
  const target = join(root, path);
  const current = existsSync(target) ? readFileSync(target, "utf8") : undefined;
  if (current === text) return;
  if (check) {
    result.problems.push(`${path} is ${current === undefined ? "missing" : stale}`);
    return;
  }
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
  result.written++;
}

/**
 * The given copies of `hw` (written into reference/hw/ unless `check`), by file name. A
 * listed name that is the homework's own file is a problem and not overwritten; a copy no
 * longer listed is a problem too.
 */
function syncGiven(root: string, hw: string, check: boolean, result: StubsResult): Map<string, string> {
  const plan = givenPlan(root, hw);
  result.problems.push(...plan.problems);
  const given = new Map<string, string>();
  for (const { file, text } of plan.copies) {
    const path = `reference/${hw}/${file}`;
    const current = existsSync(join(root, path)) ? readFileSync(join(root, path), "utf8") : undefined;
    if (current !== undefined && !isGivenCopy(current)) {
      result.problems.push(`${path} is ${hw}'s own file, not given code; remove ${file} from reference/${hw}/${GIVEN_LIST} or rename the file`);
      continue;
    }
    given.set(file, text);
    sync(root, path, text, check, `out of date: it differs from ${GIVEN_DIR}/${file}`, result);
  }
  for (const rel of tsFiles(join(root, "reference", hw))) {
    if (!given.has(rel) && isGivenCopy(readFileSync(join(root, "reference", hw, rel), "utf8"))) {
      result.problems.push(`reference/${hw}/${rel} is a copy of given code that reference/${hw}/${GIVEN_LIST} does not list; delete it or list it`);
    }
  }
  return given;
}

/** Writes (or, with `check`, compares) the given copies and stubs of each homework in `homeworks`. */
export function syncStubs(root: string, homeworks: readonly string[], check: boolean): StubsResult {
  const result: StubsResult = { problems: [], written: 0 };
  for (const hw of homeworks) {
    if (!/^hw\d+$/.test(hw)) {
      result.problems.push(`"${hw}" is not a homework (hw0, hw1, …)`);
      continue;
    }
    const given = syncGiven(root, hw, check, result);
    const refDir = join(root, "reference", hw);
    const refFiles = [...new Set([...tsFiles(refDir), ...given.keys()])].sort();
    if (refFiles.length === 0) {
      result.problems.push(`reference/${hw}/ has no .ts files (is "${hw}" a homework?)`);
      continue;
    }
    for (const rel of refFiles) {
      const source = given.get(rel) ?? readFileSync(join(refDir, rel), "utf8");
      sync(root, `${hw}/${rel}`, makeStub(source, `reference/${hw}/${rel}`), check, "out of date", result);
    }
    for (const rel of tsFiles(join(root, hw))) {
      if (!refFiles.includes(rel)) result.problems.push(`${hw}/${rel} has no reference/${hw}/${rel}; delete it or add its reference`);
    }
  }
  return result;
}
