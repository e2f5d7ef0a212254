/**
 * `--debug` (debug.ts): the code under test runs in the grader's own process, so a debugger
 * attached with `node --inspect-brk` stops at a breakpoint in the homework's .ts file while
 * a case is being graded, and a failure names the student's line as in the sandbox.
 */
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import { afterAll, describe, expect, it, vi } from "vitest";
import { DEBUG_BANNER, DEBUG_ISOLATION, gradeInProcess } from "../../autograder/src/debug.js";
import { KIT_ROOT } from "../../autograder/src/paths.js";
import { prepareTarget } from "../../autograder/src/target.js";

const LINEAR = join(KIT_ROOT, "reference/hw1/linear.ts");
const SCRIPT = join(KIT_ROOT, "test/autograder/debug-script.ts");
const CLIENT = join(KIT_ROOT, "test/autograder/inspector-client.ts");

/** Runs `node args`, resolving with what it printed once it exits; `onStderr` sees its stderr as it comes. */
async function node(args: readonly string[], onStderr: (text: string) => void = () => undefined): Promise<{ code: number | null; stdout: string }> {
  const child = spawn(process.execPath, args, { cwd: KIT_ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
  child.stderr.on("data", (d: Buffer) => onStderr(d.toString("utf8")));
  const [code] = (await once(child, "close")) as [number | null];
  return { code, stdout };
}

describe("gradeInProcess", () => {
  it("stops at a breakpoint in the homework's .ts file while a case is graded (node --inspect-brk)", async () => {
    const line = readFileSync(LINEAR, "utf8").split("\n").findIndex((l) => l.trim() === "this.A = A;") + 1;
    expect(line).toBeGreaterThan(0);
    let stderr = "";
    let client: Promise<{ code: number | null; stdout: string }> | undefined;
    const debuggee = node(["--inspect-brk=127.0.0.1:0", "--import", "tsx", SCRIPT, "linear.forward"], (text) => {
      stderr += text;
      const url = /ws:\/\/\S+/.exec(stderr)?.[0];
      if (url !== undefined && client === undefined) {
        client = node(["--experimental-websocket", "--no-warnings", "--import", "tsx", CLIENT, url, LINEAR, String(line)]);
      }
    });
    const graded = await debuggee;
    expect(client).toBeDefined();
    const stopped = JSON.parse((await client!).stdout) as { file: string; line: number; below: string[] };
    expect(stopped.file).toBe(LINEAR);
    expect(stopped.line).toBe(line);
    expect(stopped.below).toContain(join(KIT_ROOT, "autograder/src/debug.ts"));
    expect(graded.code).toBe(0);
    expect(JSON.parse(graded.stdout)).toEqual({ score: 3, max: 3, isolation: DEBUG_ISOLATION, status: ["passed"] });
    expect(stderr).toContain(DEBUG_BANNER);
  }, 20_000);

  describe("on a planted mistake", () => {
    // Inside the kit (its git-ignored build/), where the copy's #ndarray imports resolve.
    mkdirSync(join(KIT_ROOT, "build"), { recursive: true });
    const dir = mkdtempSync(join(KIT_ROOT, "build", "debug-test-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("names the student's line, says the grading was not sandboxed, and prints the banner", async () => {
      const hwDir = join(dir, "hw0");
      cpSync(join(KIT_ROOT, "reference/hw0"), hwDir, { recursive: true });
      const file = join(hwDir, "twolayer.ts");
      const source = readFileSync(file, "utf8").replace("return X.matmul(W1).maximum(0).matmul(W2);", "return X.matmul(W2);");
      writeFileSync(file, source);
      const planted = source.split("\n").findIndex((l) => l.includes("return X.matmul(W2);")) + 1;
      const target = await prepareTarget({ hw: "hw0", only: ["twolayer.forward", "twolayer.gradients"] });
      const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
      try {
        const report = await gradeInProcess({ ...target, hwDir, device: "cpu", timeoutMs: 10_000, memoryLimitBytes: 2 ** 31 });
        expect(stderr).toHaveBeenCalledWith(`${DEBUG_BANNER}\n`);
        expect(report.isolation).toBe(DEBUG_ISOLATION);
        expect(report.tests.map((t) => t.status)).toEqual(["error", "passed"]);
        expect(report.tests[0].message).toMatch(new RegExp(`your code threw ShapeError \\[E_SHAPE\\]: matmul: [^]*\n    at twoLayerForward \\(hw0/twolayer\\.ts:${planted}:\\d+\\)`));
      } finally {
        stderr.mockRestore();
      }
    });

    it("refuses a folder outside the kit in one line", async () => {
      const target = await prepareTarget({ hw: "hw0", only: ["twolayer.forward"] });
      const outside = gradeInProcess({ ...target, hwDir: tmpdir(), device: "cpu", timeoutMs: 10_000, memoryLimitBytes: 2 ** 31 });
      await expect(outside).rejects.toThrow(/--debug: .* is outside the kit/);
    });
  });
});
