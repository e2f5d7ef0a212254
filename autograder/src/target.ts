/**
 * What a grading run needs, found from the homework name and the command line: the
 * suite, the selected cases, the folder to grade and the fixtures. Fixtures come from
 * `--fixtures DIR`, else are built in memory from `reference/<hw>/` when this is the
 * instructors' repository, else are read from `fixtures/<hw>/` (a student handout).
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { KitError } from "#ndarray";
import { FixtureError } from "./errors.js";
import { buildFixtures, readFixtures, type Fixture } from "./fixtures.js";
import { KIT_ROOT } from "./paths.js";
import { selectCases, type Case, type Suite } from "./suite.js";
import { loadSuite, SUITE_FILES } from "../suites/index.js";

export interface TargetOptions {
  hw: string;
  /** Grade reference/<hw>/ instead of <hw>/. */
  reference?: boolean;
  /** Grade this folder instead (its index.ts is the homework module). */
  dir?: string;
  /** Read fixtures from this folder instead of building them. */
  fixturesDir?: string;
  /** The `--only` values (see selectOnly); none selects every case. */
  only?: readonly string[];
  /** Also run the hidden variants (when the fixtures have them). */
  hidden?: boolean;
}

export interface Target {
  suite: Suite;
  suiteFile: string;
  cases: Case[];
  hwDir: string;
  fixtures: Fixture[];
}

/** The suite file of a homework (the sandbox bundles it for its run functions). */
export function suiteFile(hw: string): string {
  return join(KIT_ROOT, "autograder/suites", SUITE_FILES[hw]);
}

/** The reference module of a homework, when this checkout has it. */
export function referenceEntry(hw: string): string | undefined {
  const file = join(KIT_ROOT, "reference", hw, "index.ts");
  return existsSync(file) ? file : undefined;
}

export async function loadFixturesFor(suite: Suite, cases: readonly Case[], opts: Pick<TargetOptions, "fixturesDir" | "hidden">): Promise<Fixture[]> {
  const keep = (fs: Fixture[]) => (opts.hidden ? fs : fs.filter((f) => f.kind === "public"));
  if (opts.fixturesDir !== undefined) return keep(readFixtures(resolve(opts.fixturesDir), suite, cases));
  const ref = referenceEntry(suite.hw);
  if (ref !== undefined) return buildFixtures(suite, await import(ref), { hidden: opts.hidden ?? false, cases });
  const shipped = join(KIT_ROOT, "fixtures", suite.hw);
  if (existsSync(join(shipped, "manifest.json"))) return keep(readFixtures(shipped, suite, cases));
  throw new FixtureError(shipped, `no fixtures for ${suite.hw} and no reference to build them from`);
}

/** The folder to grade: `--dir`, else reference/<hw>/ or <hw>/; it must hold index.ts. */
export function homeworkDir(opts: Pick<TargetOptions, "hw" | "dir" | "reference">): string {
  const hwDir = resolve(opts.dir ?? join(KIT_ROOT, opts.reference ? "reference" : "", opts.hw));
  if (!existsSync(join(hwDir, "index.ts"))) {
    throw new KitError("E_NO_HOMEWORK", `${hwDir}: no index.ts here; grade a folder holding the homework's files (hw1/ has index.ts)`);
  }
  return hwDir;
}

/** The one line for an `--only` value that selects nothing: the sections (ids and numbers) it could have been. */
export function noSuchTestMessage(suite: Suite, only: string): string {
  const sections = suite.sections.map((s) => `${s.id} (${s.number})`).join(", ");
  const example = suite.cases[0] === undefined ? "" : ` (or a test id such as ${suite.cases[0].id}, or its rubric number ${suite.cases[0].number})`;
  return `--only ${only}: no section, rubric number, test id or id prefix of ${suite.hw} is called that; sections: ${sections}${example}`;
}

/** The cases one `--only` value names: a section by id or number, a test by id or rubric number, or every id under a prefix. */
function casesNamed(suite: Suite, name: string): Case[] {
  const numbered = suite.cases.filter((c) => c.number === name || suite.sections.some((s) => s.number === name && s.id === c.section));
  return numbered.length > 0 ? numbered : selectCases(suite, name);
}

/**
 * The cases `--only` selects, in the suite's order. Each value may list several names
 * separated by commas, and the flag may be repeated; a student copies section ids and
 * rubric numbers from the handout and test ids from the report, so all of them work. A
 * name that selects nothing is an error rather than an empty run.
 */
export function selectOnly(suite: Suite, only: readonly string[] | undefined): Case[] {
  if (only === undefined || only.length === 0) return [...suite.cases];
  const names = only.flatMap((v) => v.split(",")).map((n) => n.trim()).filter((n) => n !== "");
  if (names.length === 0) throw new KitError("E_NO_SUCH_TEST", noSuchTestMessage(suite, only.join(",")));
  const chosen = new Set<string>();
  for (const name of names) {
    const cases = casesNamed(suite, name);
    if (cases.length === 0) throw new KitError("E_NO_SUCH_TEST", noSuchTestMessage(suite, name));
    for (const c of cases) chosen.add(c.id);
  }
  return suite.cases.filter((c) => chosen.has(c.id));
}

export async function prepareTarget(opts: TargetOptions): Promise<Target> {
  const suite = await loadSuite(opts.hw);
  const cases = selectOnly(suite, opts.only);
  if (opts.reference && referenceEntry(opts.hw) === undefined) {
    throw new KitError("E_NO_REFERENCE", `--reference: this checkout has no reference/${opts.hw}/ (handouts do not ship it)`);
  }
  const hwDir = homeworkDir(opts);
  const fixtures = await loadFixturesFor(suite, cases, opts);
  return { suite, suiteFile: suiteFile(opts.hw), cases, hwDir, fixtures };
}
