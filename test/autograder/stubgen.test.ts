import { describe, expect, it } from "vitest";
import { makeStub } from "../../autograder/src/stubgen.js";
import { StubMarkerError } from "../../autograder/src/errors.js";

const reference = `import { NDArray } from "#ndarray";

/** Linear layer. Z = A · Wᵀ + b */
export class Linear {
  W!: NDArray;
  // BEGIN SOLUTION NO PROMPT
  private cache?: NDArray;
  // END SOLUTION

  forward(A: NDArray): NDArray {
    // Hint: b broadcasts over the batch axis.
    // BEGIN SOLUTION
    this.cache = A;
    return A.matmul(this.W.T);
    // END SOLUTION
  }

  get size(): number {
    // BEGIN SOLUTION
    return this.W.size;
    // END SOLUTION
  }
}

export function helper(x: number): number[] {
  // BEGIN SOLUTION
  return [x];
  // STUB: return [];
  // END SOLUTION
}

export const arrow = (x: number): number => {
  // BEGIN SOLUTION
  return x * 2;
  // END SOLUTION
};
`;

describe("makeStub", () => {
  const stub = makeStub(reference, "reference/hw1/linear.ts");

  it("replaces each answer body with a throw naming Class.method, keeping markers, hints and doc comments", () => {
    expect(stub).toContain(`    // Hint: b broadcasts over the batch axis.
    // BEGIN SOLUTION
    throw new NotImplementedError("Linear.forward");
    // END SOLUTION`);
    expect(stub).toContain(`throw new NotImplementedError("Linear.size");`);
    expect(stub).toContain(`throw new NotImplementedError("arrow");`);
    expect(stub).toContain("/** Linear layer. Z = A · Wᵀ + b */");
    expect(stub).not.toContain("this.cache = A");
    expect(stub).not.toContain("return x * 2");
  });

  it("removes NO PROMPT blocks entirely", () => {
    expect(stub).not.toContain("private cache");
    expect(stub).not.toContain("NO PROMPT");
  });

  it("uses a stated stub body from // STUB: lines", () => {
    expect(stub).toContain(`  // BEGIN SOLUTION
  return [];
  // END SOLUTION`);
    expect(stub).not.toContain(`NotImplementedError("helper")`);
  });

  it("adds NotImplementedError to the #ndarray import", () => {
    expect(stub.split("\n")[0]).toBe(`import { NotImplementedError, NDArray } from "#ndarray";`);
    expect(stub.match(/NotImplementedError, /g)).toHaveLength(1);
  });

  it("imports NotImplementedError on its own line when #ndarray is not imported", () => {
    const text = `import { x } from "./x.js";\nexport function f(): number {\n  // BEGIN SOLUTION\n  return x;\n  // END SOLUTION\n}\n`;
    expect(makeStub(text, "f.ts").split("\n").slice(0, 2)).toEqual([`import { x } from "./x.js";`, `import { NotImplementedError } from "#ndarray";`]);
  });

  it("leaves marker-free files (worked examples) untouched", () => {
    const plain = "export const x = 1;\n";
    expect(makeStub(plain, "x.ts")).toBe(plain);
  });

  it.each([
    ["nested", "function f() {\n// BEGIN SOLUTION\n// BEGIN SOLUTION\n// END SOLUTION\n}", "f.ts:3: BEGIN SOLUTION inside the block opened at line 2"],
    ["unmatched end", "function f() {\n// END SOLUTION\n}", "f.ts:2: END SOLUTION without a matching BEGIN SOLUTION"],
    ["unclosed", "function f() {\n  // BEGIN SOLUTION\n  return 1;\n}", "f.ts:2: BEGIN SOLUTION is never closed by END SOLUTION"],
    ["not alone", "function f() {\n  return 1; // BEGIN SOLUTION\n}", 'f.ts:2: a solution marker must be alone on its line: "return 1; // BEGIN SOLUTION"'],
    ["outside a function", "// BEGIN SOLUTION\nconst x = 1;\n// END SOLUTION\n", "f.ts:1: a BEGIN SOLUTION block must sit inside a function or method body"],
  ])("reports %s markers with file:line", (_, text, message) => {
    expect(() => makeStub(text, "f.ts")).toThrow(StubMarkerError);
    expect(() => makeStub(text, "f.ts")).toThrow(message);
  });
});
