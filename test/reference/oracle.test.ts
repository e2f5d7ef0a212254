/**
 * The reference solutions against PyTorch. The grader's fixtures are the reference's own
 * outputs, so "the reference scores full marks" is a round trip that cannot see a wrong
 * reference; this test can. test/reference/oracle/<hw>/ holds, for every public variant of
 * every graded case, inputs drawn by the suite (floats widened to float64) and torch's
 * outputs on them, written by `npm run oracle` (autograder/src/oracle-cli.ts, which runs
 * autograder/verify/oracle.py; instructors only, it needs torch). Here the reference runs
 * each case's own `run` on those inputs, in float64, and must match torch within
 * atol 1e-9 + rtol 1e-7, unless LOOSER says why not.
 *
 * Cases whose outputs the kit's own Generator draws (initial weights, dropout masks) have
 * no torch value: they are "bounds only" in their test name and are held to the property
 * their manifest states (oracle/bounds.ts). The oracle must cover every case of each
 * suite: a new case fails here until `npm run oracle` is rerun.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadNpz, type NDArray } from "#ndarray";
import { compareOutput } from "../../autograder/src/compare.js";
import { KIT_ROOT } from "../../autograder/src/paths.js";
import type { Outputs, Size, Tolerance } from "../../autograder/src/suite.js";
import { referenceEntry } from "../../autograder/src/target.js";
import { toWire } from "../../autograder/src/wire.js";
import { homeworks, loadSuite } from "../../autograder/suites/index.js";
import { propertyProblems, type Property } from "./oracle/bounds.js";

const ORACLE_DIR = join(KIT_ROOT, "test/reference/oracle");
const TIGHT: Tolerance = { atol: 1e-9, rtol: 1e-7 };

/** Cases held to a looser tolerance than TIGHT, each with the reason. */
const LOOSER: Readonly<Record<string, { tol: Tolerance; why: string }>> = {
  "hw0/normalize.images": {
    tol: { atol: 1e-6, rtol: 1e-6 },
    why: "int32 pixels in, float32 features out (the handout's contract); a value near 0 is x/255 − mean computed in float32, an absolute error of an ulp of x/255 over std",
  },
  "hw1/crossentropy.probabilities": {
    tol: { atol: 1e-8, rtol: 1e-7 },
    why: "the target rows were drawn in float32 and sum to 1 only within float32 rounding; the contract's dLdA = (softmax − Y)/N takes the sum as exactly 1, torch's (softmax·ΣY − Y)/N does not, a difference below 1e-7·softmax/N",
  },
  "hw1/batchnorm.running_stats": { tol: { atol: 1e-9, rtol: 1e-6 }, why: "the running statistics are float32 buffers (the layer's default dtype, made before any input), updated in float32" },
  "hw1/models.train_steps": { tol: { atol: 1e-8, rtol: 1e-6 }, why: "its BatchNorm1d keeps float32 running statistics, which the evaluation forward (Y_eval) uses" },
  "hw4/lm.forward": { tol: { atol: 1e-6, rtol: 1e-5 }, why: "the model's weights are float32 draws of the kit's Generator and its input is token ids: the reference computes in float32 throughout" },
  "hw4/lm.backward": { tol: { atol: 1e-6, rtol: 1e-5 }, why: "as lm.forward: float32 weights and activations, float32 gradients" },
};

interface OracleVariant {
  file: string;
  case: string;
  kind: string;
  index: number;
  seed: string;
  size: Size;
  check: "torch" | "bounds only";
  property?: Property;
}

interface OracleManifest {
  hw: string;
  format: 1;
  torch: string;
  variants: OracleVariant[];
}

function readManifest(hw: string): OracleManifest {
  const file = join(ORACLE_DIR, hw, "manifest.json");
  if (!existsSync(file)) throw new Error(`${file}: no torch oracle for ${hw}; write it with npm run oracle -- ${hw} (needs python3-torch)`);
  return JSON.parse(readFileSync(file, "utf8")) as OracleManifest;
}

/** The manifest's variants grouped by case, in its order. */
function byCase(variants: readonly OracleVariant[]): Map<string, OracleVariant[]> {
  const cases = new Map<string, OracleVariant[]>();
  for (const v of variants) cases.set(v.case, [...(cases.get(v.case) ?? []), v]);
  return cases;
}

/** One variant's file: its inputs (`in.`) and torch's outputs (`out.`, none for bounds only). */
function readVariant(hw: string, v: OracleVariant): { inputs: Record<string, NDArray>; expected: Record<string, NDArray> } {
  const inputs: Record<string, NDArray> = {};
  const expected: Record<string, NDArray> = {};
  for (const [key, value] of Object.entries(loadNpz(join(ORACLE_DIR, hw, v.file)))) {
    if (key.startsWith("in.")) inputs[key.slice(3)] = value;
    else if (key.startsWith("out.")) expected[key.slice(4)] = value;
  }
  return { inputs, expected };
}

/** Every way the reference's outputs differ from torch's, one line each. */
function differences(expected: Record<string, NDArray>, actual: Outputs, tol: Tolerance): string[] {
  const extra = Object.keys(actual).filter((name) => !(name in expected));
  const problems = extra.map((name) => `${name}: the reference returned it, torch has no such output`);
  for (const [name, want] of Object.entries(expected)) {
    const check = compareOutput(name, want, Object.hasOwn(actual, name) ? toWire(actual[name]) : undefined, tol);
    if (!check.ok) problems.push(check.message);
  }
  return problems;
}

for (const hw of homeworks()) {
  const manifest = readManifest(hw);
  const suite = await loadSuite(hw);
  const entry = referenceEntry(hw);
  if (entry === undefined) throw new Error(`oracle test: this checkout has no reference/${hw}/`);
  const reference: unknown = await import(entry);

  describe(`${hw} reference against torch`, () => {
    it("the oracle covers every case of the suite (else rerun npm run oracle)", () => {
      expect([...byCase(manifest.variants).keys()].sort()).toEqual(suite.cases.map((c) => c.id).sort());
    });

    for (const [caseId, variants] of byCase(manifest.variants)) {
      const boundsOnly = variants[0].check === "bounds only";
      it(boundsOnly ? `${caseId} (bounds only)` : caseId, () => {
        const spec = suite.cases.find((c) => c.id === caseId);
        if (spec === undefined) throw new Error(`suite ${hw} has no case ${caseId}; rerun npm run oracle`);
        const looser = LOOSER[`${hw}/${caseId}`];
        const tol = looser?.tol ?? TIGHT;
        for (const v of variants) {
          const { inputs, expected } = readVariant(hw, v);
          const actual = spec.run({ hw: reference, inputs, size: v.size });
          const problems = v.property === undefined ? differences(expected, actual, tol) : propertyProblems(v.property, inputs, actual, tol.rtol);
          const where = `${v.file} (torch ${manifest.torch})${looser === undefined ? "" : `; loosened because ${looser.why}`}`;
          expect(problems, where).toEqual([]);
        }
      });
    }
  });
}
