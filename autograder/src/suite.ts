/**
 * The shape of a homework's test suite (after otter-grader and gradescope-utils).
 *
 * A suite is a list of cases, grouped into sections. A case has an id (`linear.backward`),
 * a rubric number and title, points, a seeded input builder and a `run` function that
 * exercises an implementation and returns named outputs. Each case runs on several
 * *variants* (sizes), each with its own seed: the public variants ship to students as
 * fixtures, the hidden ones only in the autograder package. A case scores its points
 * when every variant present in the fixture set passes.
 *
 * `inputs` runs in the grader (and in the fixture builder); `run` runs in the sandboxed
 * child on the student's code, or in-process on the reference when fixtures are built.
 * `run` never sees an expected value.
 */
import type { Generator, NDArray } from "#ndarray";
import { SuiteDefinitionError } from "./errors.js";

/** Gradescope's visibility of a test in results.json. */
export type Visibility = "visible" | "hidden" | "after_due_date" | "after_published";

/** A variant's parameters: sizes and hyperparameters, plain JSON (stored in the fixture manifest). */
export type Size = Readonly<Record<string, number | boolean | string>>;

/** Named input arrays of one variant (`in.<name>` in its fixture). */
export type Inputs = Readonly<Record<string, NDArray>>;

/** What `run` returns: each output an NDArray, or a number for a 0-d result. */
export type Outputs = Record<string, NDArray | number>;

/** |actual − expected| ≤ atol + rtol·|expected|, element by element (numpy's allclose). */
export interface Tolerance {
  atol: number;
  rtol: number;
}

/** Float32 arithmetic done in another order by a correct solution stays well inside this. */
export const DEFAULT_TOLERANCE: Tolerance = { atol: 1e-5, rtol: 1e-4 };

export interface RunContext<HW> {
  /** The homework module under test: the student's `hwN/index.ts` or `reference/hwN/index.ts`. */
  hw: HW;
  inputs: Inputs;
  size: Size;
}

export interface CaseSpec<HW> {
  /** Stable id, `<area>.<what>` in lower case: `linear.backward`, `sgd.momentum`. */
  id: string;
  /** Rubric number, `2.2` (section, then position). */
  number: string;
  /** The section id this case counts towards (Autolab's score keys). */
  section: string;
  title: string;
  points: number;
  /** Bonus points: counted in the score, shown apart in the rubric. */
  bonus?: boolean;
  /** Gradescope visibility of this test (default "visible"). */
  visibility?: Visibility;
  /** Variants: at least one public; hidden ones go only into the autograder package. */
  sizes: { public: Size[]; hidden: Size[] };
  /** Builds the inputs of one variant; every random draw comes from `rng`. */
  inputs(rng: Generator, size: Size): Record<string, NDArray>;
  /** Runs the implementation on the inputs; returns named outputs (`Z`, `dLdA`, `dLdW`, …). */
  run(ctx: RunContext<HW>): Outputs;
  /** Per-output tolerances (default DEFAULT_TOLERANCE). */
  tolerance?: Readonly<Record<string, Tolerance>>;
  /** One sentence shown under a failure: where the usual mistake is. */
  failureHint?: string;
  /** Per-variant time limit in milliseconds (default: the grader's, 10 s). */
  timeoutMs?: number;
}

export type Case<HW = unknown> = Readonly<CaseSpec<HW>>;

export interface Section {
  /** Key in Autolab's `{"scores": {...}}`: `activations`, `linear`. */
  id: string;
  number: string;
  title: string;
}

export interface SuiteSpec<HW> {
  /** The homework folder name: `hw1`. */
  hw: string;
  title: string;
  sections: Section[];
  cases: CaseSpec<HW>[];
}

export type Suite<HW = unknown> = Readonly<SuiteSpec<HW>>;

/** Output names that are gradients: a failure there with the forward outputs right says so. */
export function isGradientOutput(name: string): boolean {
  return /^(dLd|grad)/.test(name);
}

/** Identity with type inference: `defineCase<typeof hw1>({...})`. */
export function defineCase<HW>(spec: CaseSpec<HW>): CaseSpec<HW> {
  return spec;
}

const CASE_ID = /^[a-z][a-z0-9]*(\.[a-z0-9_]+)+$/;

/** Checks a suite's ids, sections and points once, where it is defined. */
export function defineSuite<HW>(spec: SuiteSpec<HW>): Suite<HW> {
  const fail = (detail: string): never => {
    throw new SuiteDefinitionError(spec.hw, detail);
  };
  const sectionIds = new Set<string>();
  for (const s of spec.sections) {
    if (sectionIds.has(s.id)) fail(`section id "${s.id}" is used twice`);
    sectionIds.add(s.id);
  }
  const ids = new Set<string>();
  const numbers = new Set<string>();
  for (const c of spec.cases) {
    if (!CASE_ID.test(c.id)) fail(`case id "${c.id}" must look like "area.what" (lower case, dotted)`);
    if (ids.has(c.id)) fail(`case id "${c.id}" is used twice`);
    if (numbers.has(c.number)) fail(`rubric number ${c.number} is used twice (second: ${c.id})`);
    if (!sectionIds.has(c.section)) fail(`case ${c.id} names section "${c.section}", which the suite does not list`);
    if (!(c.points > 0)) fail(`case ${c.id} must be worth more than 0 points, got ${c.points}`);
    if (c.sizes.public.length === 0) fail(`case ${c.id} needs at least one public variant`);
    ids.add(c.id);
    numbers.add(c.number);
  }
  return spec;
}

/** Regular and bonus points of a suite. */
export function suitePoints(suite: Suite): { regular: number; bonus: number } {
  let regular = 0;
  let bonus = 0;
  for (const c of suite.cases) {
    if (c.bonus) bonus += c.points;
    else regular += c.points;
  }
  return { regular, bonus };
}

/**
 * The cases of section `only` (hw1's `activations`, whose ids start `sigmoid.`, `tanh.`, …), and
 * those whose id equals `only` or starts with `only.` (a prefix such as `linear`): a student
 * reads section ids in the handout and case ids in the report, and either should work.
 */
export function selectCases<HW>(suite: Suite<HW>, only: string | undefined): CaseSpec<HW>[] {
  if (only === undefined) return [...suite.cases];
  return suite.cases.filter((c) => c.section === only || c.id === only || c.id.startsWith(`${only}.`));
}
