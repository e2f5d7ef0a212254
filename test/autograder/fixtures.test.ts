/**
 * Building fixtures keeps the place of a failure: a reference that throws on one variant
 * gives an error naming the homework, the case and the variant, with the original message
 * and the original error (its stack) as `cause`, which the command line prints under the line.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { ShapeError, zeros } from "#ndarray";
import { runCli } from "../../autograder/src/cli.js";
import { buildFixtures, FixtureBuildError } from "../../autograder/src/fixtures.js";
import { defineCase, defineSuite, type Outputs, type Size } from "../../autograder/src/suite.js";

/** The planted reference module: `assign` fails as the real one does, on the variant with N = 3 only. */
const reference = {
  assign(size: Size): Outputs {
    if (size.N === 3) throw new ShapeError("assign", "value of shape [2,3,4,3] cannot be broadcast to [2,3]");
    return { y: zeros([Number(size.N)]) };
  },
};

function suiteWith(run: (hw: typeof reference, size: Size) => Outputs) {
  return defineSuite<typeof reference>({
    hw: "hwx",
    title: "x",
    sections: [{ id: "a", number: "1", title: "A" }],
    cases: [
      defineCase<typeof reference>({
        id: "a.first",
        number: "1.1",
        section: "a",
        title: "first",
        points: 1,
        sizes: { public: [{ N: 2 }], hidden: [] },
        inputs: () => ({}),
        run: ({ size }) => ({ y: zeros([Number(size.N)]) }),
      }),
      defineCase<typeof reference>({
        id: "a.assign",
        number: "1.2",
        section: "a",
        title: "assign",
        points: 1,
        sizes: { public: [{ N: 2, C: 4 }, { N: 3, C: 4 }], hidden: [{ N: 3, C: 5 }] },
        inputs: () => ({}),
        run: ({ hw, size }) => run(hw, size),
      }),
    ],
  });
}

function buildError(run: (hw: typeof reference, size: Size) => Outputs, hidden = false): FixtureBuildError {
  try {
    buildFixtures(suiteWith(run), reference, { hidden, salt: "salt" });
  } catch (e) {
    if (e instanceof FixtureBuildError) return e;
    throw e;
  }
  throw new Error("buildFixtures did not fail");
}

describe("a reference that fails while fixtures are built", () => {
  it("is named by homework, case and variant, with the original message", () => {
    const e = buildError((hw, size) => hw.assign(size));
    expect(e.code).toBe("E_FIXTURE_BUILD");
    expect(e.message).toBe("hwx case a.assign, public variant 2 of 2 (N=3, C=4): assign: value of shape [2,3,4,3] cannot be broadcast to [2,3]");
    expect([e.hw, e.caseId, e.variant.kind, e.variant.index]).toEqual(["hwx", "a.assign", "public", 1]);
  });

  it("keeps the original error, and with it the stack into the reference, as its cause", () => {
    const e = buildError((hw, size) => hw.assign(size));
    expect(e.cause).toBeInstanceOf(ShapeError);
    expect(e.cause instanceof Error && e.cause.stack).toMatch(/at Object\.assign .*fixtures\.test\.ts/);
  });

  it("names a hidden variant with its sizes (only the instructor builds those)", () => {
    const e = buildError((hw, size) => (size.C === 5 ? hw.assign(size) : { y: zeros([1]) }), true);
    expect(e.message).toMatch(/^hwx case a\.assign, hidden variant 1 of 1 \(N=3, C=5\): assign: /);
  });

  it("names the output when run returns something that is not an array or a number", () => {
    // A string where Outputs allows none, as an untyped run could return it.
    const e = buildError(() => ({ y: zeros([1]), z: JSON.parse('"text"') }));
    expect(e.message).toMatch(/^hwx case a\.assign, public variant 1 of 2 \(N=2, C=4\): run returned .* for output "z"; outputs must be NDArrays or numbers$/);
  });
});

describe("runCli", () => {
  const exitCode = process.exitCode;
  afterEach(() => {
    process.exitCode = exitCode;
    vi.restoreAllMocks();
  });

  it("prints the one line, then the stack of its cause", async () => {
    const printed: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: string) => printed.push(line));
    const e = buildError((hw, size) => hw.assign(size));
    runCli("fixtures", () => {
      throw e;
    });
    await vi.waitFor(() => expect(printed).toHaveLength(2));
    expect(printed[0]).toBe(`fixtures: ${e.message}`);
    expect(printed[1]).toMatch(/^ShapeError: assign: value of shape \[2,3,4,3\] cannot be broadcast to \[2,3\]\n {4}at /);
    expect(process.exitCode).toBe(1);
  });
});
