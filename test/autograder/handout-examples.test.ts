/**
 * Worked examples and figures of a handout (handout-refresh.ts), run on a copy of a handout
 * in a temporary folder: a generated block reads back to the reference's values, a number
 * edited inside it or a changed reference makes the check fail naming the line, a writer's
 * slip is one line naming file and line, and figure files follow the figures drawn.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleBlockLines, exampleValue, parseExampleBlock, PRINTED_RTOL } from "../../autograder/src/example-block.js";
import { exampleInputs } from "../../autograder/src/example-generate.js";
import { findExamples } from "../../autograder/src/example-markers.js";
import type { HandoutFigure } from "../../autograder/src/handout-figures/figure.js";
import { svgDocument, labelledBox } from "../../autograder/src/handout-figures/svg.js";
import { refreshHandout } from "../../autograder/src/handout-refresh.js";
import { RUBRIC_BEGIN, RUBRIC_END } from "../../autograder/src/rubric.js";
import type { Suite } from "../../autograder/src/suite.js";
import { loadSuite } from "../../autograder/suites/index.js";
import * as reference from "../../reference/hw1/index.js";

const root = mkdtempSync(join(tmpdir(), "kit-handout-examples-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const handout = join(root, "handouts/hw1.md");
const figureDir = join(root, "handouts/figures/hw1");

const FORWARD = '<!-- BEGIN EXAMPLE linear.forward {"N":2,"Cin":3,"Cout":2} -->';
const END = "<!-- END EXAMPLE -->";
const sample: HandoutFigure = { name: "sample-box", alt: "a box", svg: () => svgDocument(120, 40, "a box", [labelledBox(10, 5, 100, 30, "Linear")]) };

let suite: Suite;
beforeAll(async () => {
  suite = await loadSuite("hw1");
});

function write(lines: string[]): void {
  mkdirSync(join(root, "handouts"), { recursive: true });
  writeFileSync(handout, [...lines, RUBRIC_BEGIN, RUBRIC_END, ""].join("\n"));
}

const refresh = (check: boolean, more: { reference?: unknown; figures?: HandoutFigure[] } = {}) =>
  refreshHandout("hw1", { check, root, reference: more.reference ?? reference, figures: more.figures ?? [sample] });

describe("a worked example's block", () => {
  it("reads back what it prints: a 3-d array by matrices, integers, booleans, a number, no inputs", () => {
    const values = {
      inputs: [],
      outputs: [
        { name: "X", dtype: "float32" as const, shape: [2, 1, 2], values: [0.5, -1.25, 1234.5678, 1e-7] },
        { name: "idx", dtype: "int32" as const, shape: [3], values: [3, -1, 0] },
        { name: "mask", dtype: "bool" as const, shape: [2], values: [1, 0] },
        { name: "loss", dtype: "number" as const, shape: [], values: [0.6931471805599453] },
      ],
    };
    const lines = exampleBlockLines("hw9", "x.y", { N: 2 }, values);
    expect(lines.slice(lines.indexOf("```text"))).toEqual([
      "```text", "inputs", "  (none)", "outputs",
      "X: float32 [2, 1, 2]", "  [0]", "    0.5000    -1.250", "  [1]", "      1235  1.000e-7",
      "idx: int32 [3]", "   3  -1   0",
      "mask: bool [2]", "   true  false",
      "loss: number", "  0.6931",
      "```",
    ]);
    const back = parseExampleBlock(lines);
    expect(back.inputs).toEqual([]);
    expect(back.outputs.map((v) => [v.name, v.dtype, v.shape])).toEqual(values.outputs.map((v) => [v.name, v.dtype, v.shape]));
    expect(back.outputs[0].values).toEqual([0.5, -1.25, 1235, 1e-7]);
    expect(back.outputs.slice(1).map((v) => v.values)).toEqual([[3, -1, 0], [1, 0], [0.6931]]);
  });
});

describe("worked examples", () => {
  it("writes the reference's values, which read back within the printing's rounding; a second build changes nothing", async () => {
    write(["# hw1", "", FORWARD, END, ""]);
    await refresh(false);
    const text = readFileSync(handout, "utf8");
    expect(text).toContain('`new Generator("example/hw1/linear.forward")`');
    expect(text).toMatch(/```text\ninputs\nA: float32 \[2, 3\]\n/);
    const [marker] = findExamples(text, "handouts/hw1.md", suite);
    const shown = parseExampleBlock(text.split("\n").slice(marker.begin + 1, marker.end));
    expect(shown.inputs.map((v) => v.name)).toEqual(["A", "W", "b", "dLdZ"]);
    const layer = new reference.Linear(3, 2, { W: exampleInputs("hw1", marker).W, b: exampleInputs("hw1", marker).b });
    const Z = exampleValue("Z", layer.forward(exampleInputs("hw1", marker).A));
    expect(shown.outputs).toHaveLength(1);
    expect(shown.outputs[0].shape).toEqual([2, 2]);
    shown.outputs[0].values.forEach((v, i) => expect(Math.abs(v - Z.values[i])).toBeLessThanOrEqual(PRINTED_RTOL * Math.abs(v)));
    expect(await refresh(true)).toEqual({ stale: [], broken: [] });
  });

  it("handouts:check fails, naming the line, when a number in a generated block is edited", async () => {
    write(["# hw1", "", FORWARD, END, ""]);
    await refresh(false);
    const lines = readFileSync(handout, "utf8").split("\n");
    const row = lines.findIndex((l) => l.startsWith("Z: ")) + 1;
    lines[row] = lines[row].replace(/\d(?=\d\b)/, (d) => String((Number(d) + 1) % 10));
    writeFileSync(handout, lines.join("\n"));
    expect((await refresh(true)).stale).toEqual(["handouts/hw1.md:3: example linear.forward differs from what the reference gives"]);
  });

  it("handouts:check fails when the reference's results change", async () => {
    write(["# hw1", "", FORWARD, END, ""]);
    await refresh(false);
    class Shifted extends reference.Linear {
      override forward(A: Parameters<reference.Linear["forward"]>[0]) {
        return super.forward(A).add(1);
      }
    }
    expect((await refresh(true, { reference: { ...reference, Linear: Shifted } })).stale).toEqual([
      "handouts/hw1.md:3: example linear.forward differs from what the reference gives",
    ]);
  });

  it.each([
    ['<!-- BEGIN EXAMPLE linear.nothing {"N":2} -->', "handouts/hw1.md:2: example \"linear.nothing\": suite hw1 has no such case"],
    ['<!-- BEGIN EXAMPLE linear.forward {N:2} -->', "handouts/hw1.md:2: example linear.forward: its size is not JSON"],
    ['<!-- BEGIN EXAMPLE linear.forward {"N":5,"Cin":6,"Cout":2} -->', "handouts/hw1.md:2: example linear.forward: A holds 30 numbers, more than the 24"],
    ['<!-- BEGIN EXAMPLE linear.forward {"N":2} -->', "handouts/hw1.md:2: example linear.forward: the reference failed on size {\"N\":2}"],
  ])("a writer's slip is one line naming file and line: %s", async (begin, message) => {
    write(["# hw1", begin, END]);
    await expect(refresh(false)).rejects.toThrow(message);
  });

  it("a missing end marker names the begin line", async () => {
    write(["# hw1", "", FORWARD, "text", "## next"]);
    await expect(refresh(true)).rejects.toThrow(`handouts/hw1.md:3: example linear.forward has no ${END} line after it`);
  });
});

describe("the page", () => {
  it("a formula KaTeX cannot typeset is broken, named by file, line and formula; a good one is written to build/handouts/", async () => {
    write(["# hw1", "", "fine $x^2$", "", "broken $\\frac{1$ here"]);
    expect((await refresh(false)).broken).toEqual([expect.stringMatching(/^handouts\/hw1\.md:5: cannot typeset \$\\frac\{1\$: KaTeX parse error/)]);
    write(["# hw1", "", "fine $x^2$"]);
    expect((await refresh(false)).broken).toEqual([]);
    expect(readFileSync(join(root, "build/handouts/hw1.html"), "utf8")).toContain('<annotation encoding="application/x-tex">x^2</annotation>');
  });

  it("a handout without the rubric's marker lines is one error naming it", async () => {
    mkdirSync(join(root, "handouts"), { recursive: true });
    writeFileSync(handout, "# hw1\n");
    await expect(refresh(true)).rejects.toThrow(/^handouts\/hw1\.md: needs the lines <!-- BEGIN RUBRIC/);
  });
});

describe("figures", () => {
  it("writes one SVG per figure, removes those no figure draws, and the check names each difference", async () => {
    write(["# hw1", "", "![a box](figures/hw1/sample-box.svg)"]);
    rmSync(figureDir, { recursive: true, force: true });
    mkdirSync(figureDir, { recursive: true });
    writeFileSync(join(figureDir, "old.svg"), "<svg/>");
    expect((await refresh(false)).stale.filter((s) => s.startsWith("handouts/figures/"))).toEqual(["handouts/figures/hw1/sample-box.svg is missing", "handouts/figures/hw1/old.svg is drawn by no figure"]);
    expect(readFileSync(join(figureDir, "sample-box.svg"), "utf8")).toContain(">Linear</text>");
    expect(existsSync(join(figureDir, "old.svg"))).toBe(false);
    expect(await refresh(true)).toEqual({ stale: [], broken: [] });
    writeFileSync(join(figureDir, "sample-box.svg"), "<svg/>");
    expect((await refresh(true)).stale).toEqual(["handouts/figures/hw1/sample-box.svg differs from its drawing"]);
  });

  it("a link to a figure that is not drawn is broken, named by line", async () => {
    write(["# hw1", "", "![gone](figures/hw1/gone.svg)"]);
    expect((await refresh(false)).broken).toEqual(["handouts/hw1.md:3: figures/hw1/gone.svg is no figure of hw1 (autograder/src/handout-figures/hw1.ts draws sample-box.svg)"]);
  });
});
