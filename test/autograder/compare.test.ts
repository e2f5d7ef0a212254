/**
 * The comparison the grader bases every score on: checked against numpy's allclose rule
 * written out element by element, and for the messages a student reads: the dtype rule,
 * the diagnoses of wrong values (public variants) and shapes, the rules a result can
 * carry (modified inputs, a model's layer list), and summaries without values (hidden).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { array, NDArray, zeros } from "#ndarray";
import { compareOutput, compareOutputs, forwardMatchesGradientDoesNot, worstError } from "../../autograder/src/compare.js";
import { BROKEN_RULE, checkLayersUnchanged, MODIFIED_INPUTS, RuleBroken, RULES } from "../../autograder/src/rules.js";
import { fmtValue, LOG_ZERO, unravel } from "../../autograder/src/values.js";
import type { Size } from "../../autograder/src/suite.js";
import { toWire, type WireValue } from "../../autograder/src/wire.js";

const TOL = { atol: 1e-5, rtol: 1e-4 };

/** numpy.isclose, one element at a time (equal_nan=True, as the grader treats NaN = NaN). */
function isClose(a: number, e: number, tol: { atol: number; rtol: number }): boolean {
  if (Number.isNaN(a) || Number.isNaN(e)) return Number.isNaN(a) && Number.isNaN(e);
  if (!Number.isFinite(a) || !Number.isFinite(e)) return a === e;
  return Math.abs(a - e) <= tol.atol + tol.rtol * Math.abs(e);
}

const value = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, 0) },
);

describe("worstError", () => {
  it("counts exactly the elements numpy's isclose rejects, and points at one of them", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(value, value), { maxLength: 30 }), fc.double({ min: 0, max: 1, noNaN: true }), (pairs, jitter) => {
        const e = pairs.map(([x]) => x);
        const a = pairs.map(([x, y], i) => (i % 3 === 0 ? x + jitter * 1e-6 : y));
        const bad = a.filter((x, i) => !isClose(x, e[i], TOL)).length;
        const w = worstError(e, a, TOL);
        if (bad === 0) expect(w).toBeUndefined();
        else {
          expect(w?.bad).toBe(bad);
          expect(isClose(a[w!.index], e[w!.index], TOL)).toBe(false);
        }
      }),
    );
  });

  it("prefers a NaN over any finite error", () => {
    expect(worstError([0, 0, 0], [5, NaN, 100], TOL)?.index).toBe(1);
  });
});

describe("unravel", () => {
  it("inverts row-major flattening", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { maxLength: 4 }), fc.nat(), (shape, k) => {
        const size = shape.reduce((a, b) => a * b, 1);
        const flat = k % size;
        const idx = unravel(flat, shape);
        expect(idx.reduce((acc, i, d) => acc * shape[d] + i, 0)).toBe(flat);
        idx.forEach((i, d) => expect(i).toBeLessThan(shape[d]));
      }),
    );
  });
});

describe("compareOutput", () => {
  const expected = array([
    [1, 2, 3],
    [4, 5, 6],
  ]);

  it("passes values within tolerance, whatever their float dtype", () => {
    const close = expected.add(1e-6).astype("float64");
    expect(compareOutput("Z", expected, toWire(close)).ok).toBe(true);
  });

  it("names the largest error's index with both values", () => {
    const wrong = array([
      [1, 2, 3],
      [4, 5, 9],
    ]);
    const r = compareOutput("Z", expected, toWire(wrong));
    expect(r.ok).toBe(false);
    expect(r.reason).toBe("values");
    expect(r.message).toBe("Z: 1 of 6 values differ; largest at [1,2]: expected 6, got 9 (error 3, atol 0.00001, rtol 0.0001)");
  });

  it("checks the shape before the values", () => {
    const r = compareOutput("dLdW", expected, toWire(expected.T));
    expect(r.message).toBe("dLdW: expected shape [2,3], got [3,2]");
    expect(r.gradient).toBe(true);
  });

  it.each([
    [undefined, "undefined"],
    [null, "null"],
    ["text", "a string"],
    [[1, 2], "an object (Array)"],
    [{ a: 1 }, "a plain object"],
  ])("says what came back instead of an array: %s", (v, description) => {
    expect(compareOutput("Z", expected, toWire(v)).message).toBe(`Z: expected an NDArray of shape [2,3], got ${description}`);
  });

  it("takes a plain number for a 0-d output only", () => {
    const loss = NDArray.fromTypedArray(new Float64Array([0.5]), []);
    expect(compareOutput("L", loss, toWire(0.5)).ok).toBe(true);
    expect(compareOutput("L", loss, toWire(0.7)).message).toContain("expected 0.5, got 0.7");
    expect(compareOutput("Z", expected, toWire(3)).message).toBe("Z: expected an NDArray of shape [2,3], got a number (3)");
  });

  it("reports NaN where a number was expected", () => {
    const r = compareOutput("A", expected, toWire(expected.mul(NaN)));
    expect(r.message).toContain("6 of 6 values differ; largest at [0,0]: expected 1, got NaN");
  });

  it("requires integer outputs to match exactly", () => {
    const labels = array([1, 2, 3], { dtype: "int32" });
    expect(compareOutput("y", labels, toWire(array([1, 2, 3.000001], { dtype: "float64" }))).ok).toBe(false);
  });

  it("rejects a malformed array message (length not matching the shape)", () => {
    const forged = { kind: "array" as const, dtype: "float32" as const, shape: [2, 3], data: new Float32Array(2) };
    expect(compareOutput("Z", expected, forged).message).toBe("Z: expected an NDArray of shape [2,3], got a malformed array");
  });
});

describe("compareOutputs", () => {
  it("checks every expected output, treats a missing one as undefined, ignores extras", () => {
    const exp = { Z: array([1, 2]), dLdA: array([3, 4]) };
    const checks = compareOutputs(exp, { Z: toWire(array([1, 2])), extra: toWire(1) });
    expect(checks.map((c) => [c.name, c.ok])).toEqual([
      ["Z", true],
      ["dLdA", false],
    ]);
    expect(checks[1].message).toBe("dLdA: expected an NDArray of shape [2], got undefined (no such output)");
    expect(forwardMatchesGradientDoesNot(checks)).toBe(true);
  });

  it("does not claim the forward matches when it does not, or when there is none", () => {
    const exp = { Z: array([1, 2]), dLdA: array([3, 4]) };
    expect(forwardMatchesGradientDoesNot(compareOutputs(exp, { Z: toWire(array([0, 2])) }))).toBe(false);
    expect(forwardMatchesGradientDoesNot(compareOutputs({ dLdA: exp.dLdA }, {}))).toBe(false);
  });

  it("uses a per-output tolerance when the case gives one", () => {
    const exp = { Z: array([1]) };
    const got = { Z: toWire(array([1.01])) };
    expect(compareOutputs(exp, got)[0].ok).toBe(false);
    expect(compareOutputs(exp, got, { Z: { atol: 0.1, rtol: 0 } })[0].ok).toBe(true);
  });
});

/** The one check of output `name` that compareOutputs makes with diagnoses on, as a public variant would. */
function diagnosed(name: string, expected: Record<string, NDArray>, actual: NDArray, ctx: { size?: Size; inputs?: Record<string, NDArray> } = {}) {
  const check = compareOutputs(expected, { [name]: toWire(actual) }, {}, { ...ctx, diagnose: true }).find((c) => c.name === name);
  if (check === undefined) throw new Error(`no check of ${name}`);
  return check;
}

describe("dtype", () => {
  const A = array([
    [0.25, 0.75],
    [0.5, 0.5],
  ]);

  it("compareOutputs requires the expected dtype, and says whether the values match", () => {
    const [check] = compareOutputs({ A }, { A: toWire(A.astype("float64")) });
    expect(check.reason).toBe("dtype");
    expect(check.message).toBe("A: expected dtype float32, got float64; the values match: keep the input's dtype");
    expect(check.summary).toBe("A: expected dtype float32, got float64");
    expect(compareOutputs({ A }, { A: toWire(A.mul(2).astype("float64")) })[0].message).toContain("; the values differ too");
    expect(compareOutputs({ Y: A }, { Y: toWire(A.gt(0.4)) })[0].message).toContain("expected dtype float32, got bool");
  });

  it("takes a number, or a 0-d float array of either precision, for a number output (a 0-d float64 fixture)", () => {
    const L = NDArray.fromTypedArray(new Float64Array([0.5]), []);
    expect(compareOutputs({ L }, { L: toWire(0.5) })[0].ok).toBe(true);
    expect(compareOutputs({ L }, { L: toWire(array(0.5)) })[0].ok).toBe(true);
    expect(compareOutputs({ L }, { L: toWire(array(0, { dtype: "int32" })) })[0].reason).toBe("dtype");
  });

  it("is not checked by compareOutput on its own (the torch oracle compares float64 with float32)", () => {
    expect(compareOutput("A", A, toWire(A.astype("float64"))).ok).toBe(true);
  });
});

describe("fmtValue", () => {
  it("shows infinities and NaN as such, and the fixtures' stand-in for −∞ as −∞", () => {
    expect([Infinity, -Infinity, NaN, LOG_ZERO, -2e30, -1.2345678].map(fmtValue)).toEqual(["∞", "−∞", "NaN", "−∞", "−∞", "-1.23457"]);
  });
});

describe("diagnoses of wrong values", () => {
  const e = array([
    [1, -2, 3],
    [-4, 5, 0.5],
  ]);

  it("name the size parameter a constant ratio equals, either way round", () => {
    const size = { N: 4, C: 3 };
    expect(diagnosed("dLdA", { dLdA: e }, e.mul(4), { size }).message).toContain("every value is 4× the expected one: is a factor N = 4 missing or extra?");
    expect(diagnosed("dLdA", { dLdA: e }, e.div(3), { size }).message).toContain("every value is 1/3 of the expected one: is a factor C = 3 missing or extra?");
    expect(diagnosed("dLdA", { dLdA: e }, e.mul(9), { size }).message).toContain("is a factor C² = 9 missing or extra?");
    expect(diagnosed("dLdA", { dLdA: e }, e.mul(12), { size }).message).toContain("is a factor N·C = 12 missing or extra?");
    expect(diagnosed("dLdA", { dLdA: e }, e.mul(4 / 3), { size }).message).toContain("that is N/(N − 1), the unbiased variance");
    expect(diagnosed("dLdA", { dLdA: e }, e.mul(2), { size }).message).toContain("is a factor 2 missing or extra?");
    expect(diagnosed("dLdA", { dLdA: e }, e.mul(1.7), { size }).message).toMatch(/every value is 1\.7× the expected one\n|every value is 1\.7× the expected one$/);
  });

  it("name a ratio equal to a size parameter on random data, whatever the values", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.5, max: 10, noNaN: true }), { minLength: 2, maxLength: 12 }), fc.integer({ min: 5, max: 40 }), (xs, N) => {
        const exp = NDArray.fromTypedArray(Float64Array.from(xs, (x, i) => (i % 2 ? -x : x)), [xs.length]);
        const check = diagnosed("Z", { Z: exp }, exp.mul(N), { size: { N } });
        expect(check.message).toContain(`is a factor N = ${N} missing or extra?`);
      }),
    );
  });

  it("see a sign flip, a transpose, and values reversed along an axis", () => {
    expect(diagnosed("Z", { Z: e }, e.neg()).message).toContain("every value has the wrong sign (−1× the expected one)");
    const square = array([
      [1, 2],
      [3, 4],
    ]);
    expect(diagnosed("dLdW", { dLdW: square }, square.T).message).toContain("it is the transpose of the expected matrix");
    expect(diagnosed("Z", { Z: e }, e.flip(1)).message).toContain("these are the expected values in reverse order along axis 1");
    const kernel = NDArray.fromTypedArray(Float32Array.from({ length: 18 }, (_, i) => i * i - 7), [1, 2, 3, 3]);
    expect(diagnosed("dLdW", { dLdW: kernel }, kernel.flip([2, 3])).message).toContain("in reverse order along axes 2 and 3");
  });

  it("recognise another output's values, and an input returned unchanged", () => {
    const dLdb = array([3, -1, 2]);
    expect(diagnosed("dLdW", { dLdW: array([1, 1, 1]), dLdb }, dLdb).message).toContain("these are the values expected for `dLdb`: two outputs swapped?");
    const dLdA = array([0.5, -0.25, 2]);
    expect(diagnosed("dLdZ", { dLdZ: array([0, -0.25, 2]) }, dLdA, { inputs: { dLdA } }).message).toContain("these are the values of the input `dLdA`, unchanged");
  });

  it("count NaN, ∞ and −∞ (the fixtures' stand-in included) where finite values are expected", () => {
    const exp = array([1, 2, 3, 4]);
    expect(diagnosed("A", { A: exp }, array([1, NaN, NaN, 4])).message).toContain("NaN in 2 places where a number is expected");
    expect(diagnosed("A", { A: exp }, array([1, 2, Infinity, 4])).message).toContain("∞ in 1 place where a finite number is expected (exp() of a large number overflows");
    const alpha = NDArray.fromTypedArray(Float64Array.of(-1, -2, -3), [3]);
    const got = NDArray.fromTypedArray(Float64Array.of(-1, LOG_ZERO, -3), [3]);
    const check = diagnosed("alpha", { alpha }, got);
    expect(check.message).toContain("largest at [1]: expected -2, got −∞ (atol");
    expect(check.message).toContain("−∞ in 1 place where a finite number is expected");
  });

  it("see an integer output off by a constant, and a boolean one negated", () => {
    const labels = array([1, 2, 0], { dtype: "int32" });
    expect(diagnosed("y", { y: labels }, labels.add(1)).message).toContain("every value is off by +1");
    const mask = array([1, 0, 0, 1]).gt(0);
    expect(diagnosed("mask", { mask }, mask.eq(0)).message).toContain("every value is negated");
  });

  it("say where the first wrong value is when the largest error is elsewhere", () => {
    const steps = array([1, 2, 3, 4]);
    expect(diagnosed("W", { W: steps }, array([1, 2.5, 3, 9])).message).toContain("largest at [3]: expected 4, got 9 (error 5, atol 0.00001, rtol 0.0001); the first wrong value is at [1]");
  });

  it("say nothing when the values show no pattern", () => {
    const check = diagnosed("Z", { Z: e }, array([
      [1, -2, 3],
      [-4, 7, 0.5],
    ]));
    expect(check.message).toBe("Z: 1 of 6 values differ; largest at [1,1]: expected 5, got 7 (error 2, atol 0.00001, rtol 0.0001)");
  });

  it("are never part of the summary a hidden variant shows", () => {
    const check = diagnosed("dLdA", { dLdA: e }, e.mul(4), { size: { N: 4 } });
    expect(check.summary).toBe("dLdA: wrong values (details of hidden cases are not shown)");
    expect(compareOutputs({ dLdA: e }, { dLdA: toWire(e.mul(4)) }, {}, { size: { N: 4 } })[0].message).not.toContain("factor");
  });
});

describe("diagnoses of wrong shapes", () => {
  it("name swapped axes, an extra leading axis of a named size, an extra size-1 axis, and a rearrangement", () => {
    const exp = zeros([2, 3]);
    const size = { N: 4, Cin: 3, Cout: 2 };
    expect(diagnosed("dLdW", { dLdW: exp }, zeros([3, 2]), { size }).message).toContain("the expected shape with its last two axes swapped");
    expect(diagnosed("dLdW", { dLdW: exp }, zeros([4, 2, 3]), { size }).message).toContain("an extra leading axis of size 4 (N = 4): a sum over that axis missing?");
    expect(diagnosed("dLdW", { dLdW: exp }, zeros([2, 1, 3]), { size }).message).toContain("an extra axis of size 1: keepdims where it should not be?");
    expect(diagnosed("dLdW", { dLdW: exp }, zeros([6]), { size }).message).toContain("the right number of elements in another arrangement");
    expect(diagnosed("dLdW", { dLdW: exp }, zeros([3, 2]), { size }).summary).toBe("dLdW: wrong shape (details of hidden cases are not shown)");
  });
});

describe("rules", () => {
  const expected = { Y: array([1, 2]) };
  const other = (description: string): WireValue => ({ kind: "other", description });

  it("report the inputs the code modified, naming only inputs the variant has", () => {
    const checks = compareOutputs(expected, { Y: toWire(array([1, 2])), [MODIFIED_INPUTS]: other("Z,W,<script>") }, {}, { inputs: { Z: array([1]), W: array([2]) } });
    expect(checks[0]).toMatchObject({ name: "inputs", ok: false, reason: "rule" });
    expect(checks[0].message).toMatch(/^your code modified its inputs `Z`, `W`: an input is only read/);
    expect(checks[0].summary).toBe(checks[0].message);
    expect(checks[1].ok).toBe(true);
    expect(compareOutputs(expected, { Y: toWire(array([1, 2])), [MODIFIED_INPUTS]: other("nope") }, {}, { inputs: { Z: array([1]) } }).every((c) => c.ok)).toBe(true);
  });

  it("report a broken rule by its id alone (its output is not compared), and ignore an unknown id", () => {
    const checks = compareOutputs(expected, { [BROKEN_RULE]: other("layers-reversed") });
    expect(checks).toEqual([{ name: "rules", ok: false, gradient: false, reason: "rule", message: RULES["layers-reversed"], summary: RULES["layers-reversed"] }]);
    expect(compareOutputs(expected, { Y: toWire(array([1, 2])), [BROKEN_RULE]: other("made up by the student") })).toEqual([]);
  });

  it("checkLayersUnchanged passes the same list, and names a reversal and any other change", () => {
    const [a, b, c] = [{}, {}, {}];
    expect(() => checkLayersUnchanged([a, b, c], [a, b, c])).not.toThrow();
    const rule = (after: object[]) => {
      try {
        checkLayersUnchanged([a, b, c], after);
      } catch (err) {
        return err instanceof RuleBroken ? err.rule : "other error";
      }
      return "none";
    };
    expect(rule([c, b, a])).toBe("layers-reversed");
    expect(rule([a, c, b])).toBe("layers-changed");
    expect(rule([a, b])).toBe("layers-changed");
  });
});
