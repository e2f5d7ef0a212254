/**
 * The line of the homework a training error came from (`npm run train` prints it after the
 * message): firstFrameIn (stack-frames.ts) on written-out stacks in both forms V8 prints, and
 * on a real library error raised from a homework file.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { KIT_ROOT } from "../../autograder/src/paths.js";
import { firstFrameIn, parseFrame } from "../../autograder/src/stack-frames.js";

const KIT = "/kit";
const HOMEWORK = [join(KIT, "hw1"), join(KIT, "reference/hw1")];

describe("firstFrameIn", () => {
  it("picks the innermost frame in the homework, below the library's frames", () => {
    const stack = [
      "ShapeError: add: shapes [96] and [200] cannot be broadcast",
      "    at broadcastShapes (/kit/ndarray/broadcast.ts:30:11)",
      "    at NDArray.add (/kit/ndarray/ndarray.ts:512:5)",
      "    at MLP.forward (/kit/hw1/models.ts:42:17)",
      "    at Sequential.forward (/kit/hw1/module.ts:80:3)",
      "    at train (/kit/autograder/src/train/hw1.ts:60:20)",
    ].join("\n");
    expect(firstFrameIn(stack, HOMEWORK, KIT)).toBe("hw1/models.ts:42:17");
  });

  it("reads file:// URLs (tsx) and async frames, and names the reference by its path", () => {
    const stack = ["Error: x", "    at NDArray.add (file:///kit/ndarray/ndarray.ts:512:5)", "    at async file:///kit/reference/hw1/optim.ts:7:9"].join("\n");
    expect(firstFrameIn(stack, HOMEWORK, KIT)).toBe("reference/hw1/optim.ts:7:9");
  });

  it("finds nothing when no frame is in the homework (hw10 is not hw1; Node's own frames are no file)", () => {
    const stack = ["Error: x", "    at f (/kit/hw10/models.ts:1:1)", "    at node:internal/main/run_main_module:28:49", "    at <anonymous>"].join("\n");
    expect(firstFrameIn(stack, HOMEWORK, KIT)).toBeUndefined();
    expect(parseFrame("    at node:internal/main/run_main_module:28:49")).toBeUndefined();
  });
});

describe("a real library error raised from a homework file", () => {
  mkdirSync(join(KIT_ROOT, "build"), { recursive: true });
  const dir = mkdtempSync(join(KIT_ROOT, "build", "train-errors-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is traced to the homework's line through the library's frames", async () => {
    mkdirSync(join(dir, "hw1"));
    const file = join(dir, "hw1", "models.ts");
    const lines = ['import { zeros } from "#ndarray";', "", "export function forward(): unknown {", "  return zeros([96]).add(zeros([200]));", "}", ""];
    writeFileSync(file, lines.join("\n"));
    const { forward } = (await import(pathToFileURL(file).href)) as { forward: () => unknown };
    let stack = "";
    try {
      forward();
    } catch (err) {
      stack = err instanceof Error ? (err.stack ?? "") : "";
    }
    expect(stack).toMatch(/cannot be broadcast/);
    expect(firstFrameIn(stack, [join(dir, "hw1")], dir)).toMatch(/^hw1\/models\.ts:4:\d+$/);
  });
});
