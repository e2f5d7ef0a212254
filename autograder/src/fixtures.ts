/**
 * Fixtures: the reference's outputs on each case's seeded inputs.
 *
 * One `.npz` per variant holds its inputs as `in.<name>` and the reference's outputs as
 * `out.<name>` (a number output is a 0-d float64 array), so anyone can open it with numpy
 * and recompute it with PyTorch. `manifest.json` beside them lists each file's case,
 * visibility, seed and size (the non-array parameters `run` reads).
 *
 * In this repository fixtures are built in memory from `reference/` whenever the grader
 * runs; `npm run fixtures` writes them out for a handout (public) or the autograder
 * package (public and hidden).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Generator, KitError, loadNpz, NDArray, saveNpz } from "#ndarray";
import { FixtureError } from "./errors.js";
import { hiddenSalt } from "./hidden-salt.js";
import { describe } from "./wire.js";
import type { Case, Size, Suite } from "./suite.js";

export type VariantKind = "public" | "hidden";

export interface Fixture {
  caseId: string;
  kind: VariantKind;
  /** Position among the case's variants of this kind. */
  index: number;
  seed: string;
  size: Size;
  inputs: Record<string, NDArray>;
  expected: Record<string, NDArray>;
}

interface ManifestEntry {
  file: string;
  case: string;
  kind: VariantKind;
  index: number;
  seed: string;
  size: Size;
}

interface Manifest {
  hw: string;
  format: 1;
  fixtures: ManifestEntry[];
}

/**
 * The seed of one variant, distinct for every variant. Public seeds are stable across runs
 * and machines; hidden seeds also carry the secret `salt` (hidden-salt.ts), so the public
 * suite does not tell anyone the hidden inputs.
 */
export function variantSeed(hw: string, caseId: string, kind: VariantKind, index: number, salt: string): string {
  const base = `${hw}/${caseId}/${kind}/${index}`;
  return kind === "hidden" ? `${base}/${salt}` : base;
}

export function fixtureFileName(f: Pick<Fixture, "caseId" | "kind" | "index">): string {
  return `${f.caseId}.${f.kind}${f.index}.npz`;
}

/** "public case 2 of 3 (N=4, C=3)": how a failure names the variant it happened on (a hidden one without its sizes). */
export function describeVariant(f: Fixture, count: number): string {
  if (f.kind === "hidden") return `hidden case ${f.index + 1} of ${count}`;
  const params = Object.entries(f.size)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(", ");
  return `${f.kind} case ${f.index + 1} of ${count}${params ? ` (${params})` : ""}`;
}

function copyInputs(inputs: Record<string, NDArray>): Record<string, NDArray> {
  return Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v.clone()]));
}

/**
 * A case failed on the reference while one variant's fixture was being built (its `inputs`,
 * its `run`, or what `run` returned). A bare "assign: value of shape … cannot be broadcast"
 * says nothing of where, so this names the homework, the case and the variant (kind,
 * position, sizes; hidden ones too, as only the instructor builds them) before the original
 * message, and keeps the original error as `cause`: its stack is the way into reference/ or
 * the suite, and the command line prints it under the line (cli.ts).
 */
export class FixtureBuildError extends KitError {
  constructor(
    readonly hw: string,
    readonly caseId: string,
    readonly variant: { kind: VariantKind; index: number; count: number; size: Size },
    cause: unknown,
  ) {
    const sizes = Object.entries(variant.size).map(([k, v]) => `${k}=${String(v)}`).join(", ");
    const reason = cause instanceof Error ? cause.message : String(cause);
    super("E_FIXTURE_BUILD", `${hw} case ${caseId}, ${variant.kind} variant ${variant.index + 1} of ${variant.count}${sizes ? ` (${sizes})` : ""}: ${reason}`);
    this.cause = cause;
  }
}

/** Runs `hw` (the reference) on one variant of `c`, in this process; a failure names the variant. */
function buildOne(hw: unknown, hwName: string, c: Case, kind: VariantKind, index: number, salt: string): Fixture {
  const size = c.sizes[kind][index];
  const seed = variantSeed(hwName, c.id, kind, index, salt);
  try {
    const inputs = c.inputs(new Generator(seed), size);
    // run may update its inputs in place (an optimiser's weights): it gets copies.
    const outputs = c.run({ hw, inputs: copyInputs(inputs), size });
    const expected: Record<string, NDArray> = {};
    for (const [name, value] of Object.entries(outputs)) {
      if (value instanceof NDArray) expected[name] = value.clone();
      else if (typeof value === "number") expected[name] = NDArray.fromTypedArray(new Float64Array([value]), []);
      else throw new TypeError(`run returned ${describe(value)} for output "${name}"; outputs must be NDArrays or numbers`);
    }
    return { caseId: c.id, kind, index, seed, size, inputs, expected };
  } catch (e) {
    throw new FixtureBuildError(hwName, c.id, { kind, index, count: c.sizes[kind].length, size }, e);
  }
}

/**
 * Every public (and with `hidden`, every hidden) variant of the suite's cases, run on `hw`.
 * Hidden seeds take `salt` (default: this checkout's, see hidden-salt.ts).
 */
export function buildFixtures(suite: Suite, hw: unknown, opts: { hidden: boolean; cases?: readonly Case[]; salt?: string }): Fixture[] {
  const kinds: VariantKind[] = opts.hidden ? ["public", "hidden"] : ["public"];
  const salt = opts.hidden ? (opts.salt ?? hiddenSalt()) : "";
  const fixtures: Fixture[] = [];
  for (const c of opts.cases ?? suite.cases) {
    for (const kind of kinds) {
      for (let i = 0; i < c.sizes[kind].length; i++) fixtures.push(buildOne(hw, suite.hw, c, kind, i, salt));
    }
  }
  return fixtures;
}

/** Writes one .npz per fixture and manifest.json into `dir` (created if needed). */
export function writeFixtures(dir: string, hw: string, fixtures: readonly Fixture[]): void {
  mkdirSync(dir, { recursive: true });
  const entries: ManifestEntry[] = [];
  for (const f of fixtures) {
    const file = fixtureFileName(f);
    const arrays: Record<string, NDArray> = {};
    for (const [k, v] of Object.entries(f.inputs)) arrays[`in.${k}`] = v;
    for (const [k, v] of Object.entries(f.expected)) arrays[`out.${k}`] = v;
    saveNpz(join(dir, file), arrays);
    entries.push({ file, case: f.caseId, kind: f.kind, index: f.index, seed: f.seed, size: f.size });
  }
  const manifest: Manifest = { hw, format: 1, fixtures: entries };
  writeFileSync(join(dir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
}

function readManifest(dir: string, hw: string): Manifest {
  const file = join(dir, "manifest.json");
  if (!existsSync(file)) throw new FixtureError(file, "no fixture manifest here; build fixtures with `npm run fixtures -- <hw> --out DIR`");
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(file, "utf8")) as Manifest;
  } catch (err) {
    throw new FixtureError(file, `not valid JSON (${(err as Error).message})`);
  }
  if (manifest.format !== 1 || !Array.isArray(manifest.fixtures)) throw new FixtureError(file, "not a format-1 fixture manifest");
  if (manifest.hw !== hw) throw new FixtureError(file, `holds fixtures for ${manifest.hw}, not ${hw}`);
  return manifest;
}

/**
 * The fixtures in `dir` for the given cases. Every case must have at least one public
 * fixture; a manifest naming a case the suite lacks means suite and fixtures disagree.
 */
export function readFixtures(dir: string, suite: Suite, cases: readonly Case[]): Fixture[] {
  const manifest = readManifest(dir, suite.hw);
  const known = new Set(suite.cases.map((c) => c.id));
  const wanted = new Set(cases.map((c) => c.id));
  const fixtures: Fixture[] = [];
  for (const e of manifest.fixtures) {
    if (!known.has(e.case)) throw new FixtureError(join(dir, "manifest.json"), `lists case "${e.case}", which suite ${suite.hw} does not have; rebuild the fixtures`);
    if (!wanted.has(e.case)) continue;
    const arrays = loadNpz(join(dir, e.file));
    const inputs: Record<string, NDArray> = {};
    const expected: Record<string, NDArray> = {};
    for (const [k, v] of Object.entries(arrays)) {
      if (k.startsWith("in.")) inputs[k.slice(3)] = v;
      else if (k.startsWith("out.")) expected[k.slice(4)] = v;
    }
    fixtures.push({ caseId: e.case, kind: e.kind, index: e.index, seed: e.seed, size: e.size, inputs, expected });
  }
  for (const c of cases) {
    if (!fixtures.some((f) => f.caseId === c.id && f.kind === "public")) {
      throw new FixtureError(join(dir, "manifest.json"), `has no fixture for case ${c.id}; rebuild the fixtures`);
    }
  }
  return fixtures;
}
