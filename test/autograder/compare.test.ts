/**
 * The comparison the grader bases every score on: checked against numpy's allclose rule
 * written out element by element, and for the messages a student reads.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { array, NDArray } from "#ndarray";
import { compareOutput, compareOutputs, forwardMatchesGradientDoesNot, unravel, worstError } from "../../autograder/src/compare.js";
import { toWire } from "../../autograder/src/wire.js";

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
