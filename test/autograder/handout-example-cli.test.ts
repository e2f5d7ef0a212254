/**
 * `npm run example`'s runner (example-run.ts), in-process on a handout written by
 * example-generate.ts: the reference matches its own block, a wrong value shows beside the
 * expected one with compare.ts's reason, a stub is "not attempted", an error names the
 * homework's line, a block whose inputs the suite no longer draws is refused, and the
 * command's code, which a student's handout ships, reaches no reference/ and no figure code.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NotImplementedError } from "#ndarray";
import { withExamples } from "../../autograder/src/example-generate.js";
import { findExamples, type ExampleMarker } from "../../autograder/src/example-markers.js";
import { exampleReport, exampleSummary, runExample } from "../../autograder/src/example-run.js";
import { EXAMPLE_ENTRIES, sourceFiles } from "../../autograder/src/package/source-files.js";
import type { Suite } from "../../autograder/src/suite.js";
import { loadSuite } from "../../autograder/suites/index.js";
import * as reference from "../../reference/hw1/index.js";

const FILE = "handouts/hw1.md";
const root = mkdtempSync(join(tmpdir(), "kit-example-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let suite: Suite;
let lines: string[];
let marker: ExampleMarker;
beforeAll(async () => {
  suite = await loadSuite("hw1");
  const md = ["# hw1", '<!-- BEGIN EXAMPLE linear.forward {"N":2,"Cin":3,"Cout":2} -->', "<!-- END EXAMPLE -->", ""].join("\n");
  const text = withExamples(md, FILE, "hw1", suite, reference).text;
  lines = text.split("\n");
  [marker] = findExamples(text, FILE, suite);
});

const run = (module: unknown, kitRoot = root) => runExample("hw1", marker, lines, FILE, module, kitRoot);

describe("npm run example", () => {
  it("the reference matches its own block: every output ✓, side by side", () => {
    const result = run(reference);
    expect(result.outcome.kind).toBe("ran");
    const report = exampleReport(result).join("\n");
    expect(report).toMatch(/^linear\.forward \(N=2, Cin=3, Cout=2\) {3}handouts\/hw1\.md:2\n {2}inputs\n {4}A: float32 \[2, 3\]\n/);
    expect(report).toContain("  ✓ Z: float32 [2, 2]");
    expect(report).not.toContain("✗");
    expect(exampleSummary([result])).toBe("1 of 1 example match");
  });

  it("a wrong value is ✗, shown beside the expected one, with compare.ts's reason", () => {
    class Shifted extends reference.Linear {
      override forward(A: Parameters<reference.Linear["forward"]>[0]) {
        return super.forward(A).add(0.01);
      }
    }
    const result = run({ ...reference, Linear: Shifted });
    const report = exampleReport(result);
    expect(report).toContain("  ✗ Z: float32 [2, 2]");
    const row = report.find((l) => l.startsWith("      ") && l.includes("│"));
    expect(row).toMatch(/^ {6}\S+ +\S+ +│ +\S+ +\S+$/);
    expect(report.join("\n")).toMatch(/4 of 4 values differ; largest at \[\d,\d\]: expected/);
    expect(exampleSummary([result])).toBe("0 of 1 example match; 1 does not");
  });

  it("a stub is not attempted", () => {
    class Stub {
      forward(): never {
        throw new NotImplementedError("Linear.forward");
      }
    }
    const result = run({ ...reference, Linear: Stub });
    expect(exampleReport(result).at(-1)).toBe("  not attempted: Linear.forward is not implemented yet");
    expect(exampleSummary([result])).toBe("0 of 1 example match; 1 not attempted");
  });

  it("an error names the homework's line it came from", async () => {
    mkdirSync(join(root, "hw1"), { recursive: true });
    const file = join(root, "hw1/linear.ts");
    writeFileSync(file, "export class Linear {\n  forward(): never {\n    throw new Error(\"shapes do not fit\");\n  }\n}\n");
    const mod = (await import(pathToFileURL(file).href)) as { Linear: new () => { forward(): never } };
    const result = run({ ...reference, Linear: mod.Linear });
    expect(exampleReport(result).at(-1)).toBe("  ✗ your code threw: shapes do not fit (at hw1/linear.ts:3:11)");
  });

  it("refuses a block whose inputs the suite does not draw, naming the line", () => {
    const edited = [...lines];
    const row = edited.findIndex((l) => l.startsWith("A: ")) + 1;
    edited[row] = edited[row].replace(/\d(?=\d\b)/, (d) => String((Number(d) + 1) % 10));
    expect(() => runExample("hw1", marker, edited, FILE, reference, root)).toThrow(
      "handouts/hw1.md:2: example linear.forward: its inputs are not what the suite draws; the handout is out of date (npm run handouts rewrites it)",
    );
  });

  it("ships in a student's handout without reference/ or the figure code", () => {
    const files = sourceFiles(EXAMPLE_ENTRIES);
    expect(files).toEqual(expect.arrayContaining(["example-cli.ts", "example-run.ts", "example-block.ts", "example-markers.ts", "compare.ts"]));
    expect(files.filter((p) => p.startsWith("..") || p.includes("handout-figures/") || p.startsWith("handout-"))).toEqual([]);
  });
});
