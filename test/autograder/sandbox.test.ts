/**
 * The sandbox against a dishonest submission: each attack of the suite below runs in a real
 * child (bundled as a student's folder is) and must be impossible or harmless. Where an
 * attack is blocked by isolation, a bare sandbox (no namespaces, no fd wrapper) shows that
 * the test would see the attack succeed.
 */
import { spawn, type StdioOptions } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { array } from "#ndarray";
import { bundleSubmission } from "../../autograder/src/bundle.js";
import { detectIsolation, isolation, treeResidentBytes, type Isolation } from "../../autograder/src/isolation.js";
import { KIT_ROOT } from "../../autograder/src/paths.js";
import { Sandbox, type RunOutcome, type SandboxOptions } from "../../autograder/src/sandbox.js";
import { toWire, type WireArray } from "../../autograder/src/wire.js";

/** The cases a submission's `run` may reach: here the suite itself does the attacking. */
const SUITE = `
import { fstatSync, readSync, writeSync } from "node:fs";
import { connect } from "node:net";
import { createTracing } from "node:trace_events";

/** What a case's run gets; the suite's own types are not needed to attack. */
interface Ctx {
  hw: { factor: number; Linear: new () => unknown };
  inputs: { x: { mul(k: number): unknown } };
  size: { port: number; path: string };
}

let count = 0;
const ignore = (f: () => void) => { try { f(); } catch {} };
const one = { n: 1 };

/** A frame with a valid length whose result claims 400 million elements. */
function forged(): Buffer {
  const json = Buffer.from(JSON.stringify({ type: "result", output: "", outputs: { y: { kind: "array", dtype: "float32", shape: [4e8], data: { kind: "float32", byteOffset: 0, byteLength: 0 } } } }));
  const f = Buffer.alloc(8 + json.length);
  f.writeUInt32LE(4 + json.length, 0);
  f.writeUInt32LE(json.length, 4);
  json.copy(f, 8);
  return f;
}

export default {
  hw: "hwx",
  cases: [
    { id: "ok", run: ({ hw, inputs }: Ctx) => ({ y: inputs.x.mul(hw.factor) }) },
    { id: "count", run: () => ({ n: ++count }) },
    { id: "env", run: () => { throw new Error(JSON.stringify({ keys: Object.keys(process.env), cwd: process.cwd() })); } },
    { id: "missing", run: ({ hw }: Ctx) => ({ y: new hw.Linear() }) },
    { id: "fds", run: () => {
      const found: string[] = [];
      for (let fd = 4; fd < 256; fd++) ignore(() => {
        if (!fstatSync(fd).isFile()) return;
        const b = Buffer.alloc(64);
        found.push(b.subarray(0, readSync(fd, b, 0, 64, 0)).toString());
      });
      throw new Error(JSON.stringify(found));
    } },
    { id: "tcp", run: ({ size }: Ctx) => { connect({ host: "127.0.0.1", port: size.port }).on("error", () => {}); return one; } },
    { id: "unix", run: ({ size }: Ctx) => { connect(size.path).on("error", () => {}); return one; } },
    { id: "kill", run: () => {
      ignore(() => process.kill(process.ppid, "SIGSTOP"));
      ignore(() => process.kill(process.ppid, "SIGKILL"));
      ignore(() => process.kill(-1, "SIGKILL"));
      return one;
    } },
    { id: "late-timer", run: () => { setTimeout(() => { throw new Error("late boom"); }, 0); return one; } },
    { id: "late-reject", run: () => { Promise.reject(new Error("late reject")); return one; } },
    { id: "garbage", run: () => { writeSync(3, "garbage, not a frame"); return one; } },
    { id: "forged", run: () => { writeSync(3, forged()); return one; } },
    { id: "huge", run: () => {
      const prefix = Buffer.alloc(4);
      prefix.writeUInt32LE(400e6, 0);
      writeSync(3, prefix);
      const chunk = Buffer.alloc(2 ** 20);
      for (let sent = 0; sent < 400e6; ) ignore(() => { sent += writeSync(3, chunk); });
      return one;
    } },
    { id: "trace", run: () => {
      createTracing({ categories: ["v8", "node", "node.perf"] }).enable();
      for (let i = 0; i < 1e5; i++) new Array(100).fill(i);
      setTimeout(() => process.exit(0), 100);
      return one;
    } },
  ],
};
`;

const iso = isolation();
/** The fd the grader script inherits its "secret" on. */
const INHERITED_FD = 100;
/** No namespaces and no fd wrapper: the control that shows an attack would work without them. */
const BARE: Isolation = { name: "none", prefix: [], pid: false, net: false, uid: false, description: "isolation: none (bare, for the test)" };

let root: string;
/** The suite above with a working index.ts, and with one that throws, rejects, exits or loops forever while loading. */
let bundles: { main: string; throws: string; rejects: string; exits: string; loops: string };
const open: Sandbox[] = [];

/** Bundles the suite above with an index.ts of `source`, as a student's folder. */
async function bundle(name: string, source: string): Promise<string> {
  const hwDir = join(root, `src-${name}`);
  mkdirSync(hwDir);
  writeFileSync(join(hwDir, "index.ts"), source);
  writeFileSync(join(hwDir, "suite.ts"), SUITE);
  const out = mkdtempSync(join(root, `grade-${name}-`));
  const file = join(out, "hwx.mjs");
  await bundleSubmission({ hwDir, suiteFile: join(hwDir, "suite.ts"), outFile: file });
  return file;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "kit-sandbox-test-"));
  bundles = {
    main: await bundle("main", "export const factor = 3;\n"),
    throws: await bundle("throws", 'throw new Error("boom at load");\n'),
    rejects: await bundle("rejects", 'Promise.reject(new Error("rejected at load"));\nexport const factor = 3;\n'),
    exits: await bundle("exits", "process.exit(4);\n"),
    loops: await bundle("loops", "for (;;);\n"),
  };
});

afterAll(() => {
  open.forEach((s) => s.close());
  rmSync(root, { recursive: true, force: true });
});

function sandbox(opts: Partial<SandboxOptions> = {}): Sandbox {
  const s = new Sandbox({ bundle: bundles.main, workDir: root, startupTimeoutMs: 10_000, memoryLimitBytes: 512 * 2 ** 20, ...opts });
  open.push(s);
  return s;
}

const X = toWire(array([1, 2])) as WireArray;

function run(s: Sandbox, caseId: string, size: Record<string, number | string> = {}, timeoutMs = 5000): Promise<RunOutcome> {
  return s.run({ caseId, size, inputs: { x: X }, device: "cpu" }, timeoutMs);
}

function thrownMessage(o: RunOutcome): string {
  if (o.kind !== "threw") throw new Error(`expected a throw, got ${JSON.stringify(o)}`);
  return o.error.message;
}

/** The first value `f` gives within `ms`, or undefined. */
async function until<T>(f: () => T | undefined, ms = 3000): Promise<T | undefined> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v !== undefined || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("isolation", () => {
  it("describes itself in one line, and KIT_ISOLATION=none forces none", () => {
    expect(iso.description).toMatch(/^isolation: (pid\+net\+uid|pid\+net \(.+\)|none \(.+\))$/);
    expect(iso.pid).toBe(iso.name !== "none");
    process.env.KIT_ISOLATION = "none";
    try {
      const forced = detectIsolation();
      expect([forced.name, forced.pid, forced.net, forced.uid]).toEqual(["none", false, false, false]);
      expect(forced.description).toMatch(/^isolation: none \(KIT_ISOLATION=none/);
    } finally {
      delete process.env.KIT_ISOLATION;
    }
  });

  it.skipIf(process.platform !== "linux")("counts the memory of a process's descendants", async () => {
    const child = spawn("bash", ["-c", `${JSON.stringify(process.execPath)} -e 'globalThis.b = Buffer.alloc(96 * 2 ** 20, 1); setTimeout(() => {}, 5000)'`], { stdio: "ignore" });
    try {
      const pid = child.pid ?? 0;
      const bytes = await until(() => {
        const b = treeResidentBytes(pid);
        return b !== undefined && b > 96 * 2 ** 20 ? b : undefined;
      });
      expect(bytes).toBeGreaterThan(96 * 2 ** 20);
    } finally {
      child.kill("SIGKILL");
    }
  });
});

describe("the sandbox", () => {
  it("runs a case and returns its outputs", async () => {
    const o = await run(sandbox(), "ok");
    expect(o).toMatchObject({ kind: "outputs", outputs: { y: { kind: "array", dtype: "float32", shape: [2], data: new Float32Array([3, 6]) } } });
  });

  it("gives the child a bare environment and a fresh folder of its own", async () => {
    process.env.KIT_TEST_SECRET = "hunter2";
    try {
      const seen = JSON.parse(thrownMessage(await run(sandbox(), "env"))) as { keys: string[]; cwd: string };
      expect(seen.keys).not.toContain("KIT_TEST_SECRET");
      expect(seen.keys.filter((k) => !["PATH", "PWD", "SHLVL", "_"].includes(k))).toEqual([]);
      expect(seen.cwd.startsWith(`${root}/child-`)).toBe(true);
    } finally {
      delete process.env.KIT_TEST_SECRET;
    }
  });

  it("says which export is missing instead of 'not a constructor'", async () => {
    const o = await run(sandbox(), "missing");
    expect(thrownMessage(o)).toBe('your hwx/index.ts does not export "Linear"');
    expect(o.kind === "threw" && o.error.stack?.split("\n")[0]).toContain("suite.ts");
  });

  // Node marks the low fds it inherits close-on-exec (not those from about 20 up), so the leak is shown with a high one.
  it("closes the fds the grader inherited from its own parent", async () => {
    const secret = join(root, "secret.txt");
    writeFileSync(secret, "the instructor's secret");
    const grader = join(root, "grader.mts");
    writeFileSync(
      grader,
      [
        `import { Sandbox } from ${JSON.stringify(join(KIT_ROOT, "autograder/src/sandbox.ts"))};`,
        "const [bundle, workDir, bare] = process.argv.slice(2);",
        `const isolation = bare === "bare" ? ${JSON.stringify(BARE)} : undefined;`,
        "const s = new Sandbox({ bundle, workDir, startupTimeoutMs: 10000, memoryLimitBytes: 2 ** 30, isolation });",
        'const o = await s.run({ caseId: "fds", size: {}, inputs: {}, device: "cpu" }, 10000);',
        "s.close();",
        "process.stdout.write(JSON.stringify(o));",
      ].join("\n"),
    );
    const fd = openSync(secret, "r");
    const gradeWith = (mode: string) =>
      new Promise<RunOutcome>((resolve, reject) => {
        const stdio: StdioOptions = ["ignore", "pipe", "inherit", ...new Array<"ignore">(INHERITED_FD - 3).fill("ignore"), fd];
        const p = spawn(process.execPath, ["--import", "tsx", grader, bundles.main, root, mode], { cwd: KIT_ROOT, stdio });
        let out = "";
        p.stdout?.on("data", (d: Buffer) => (out += d.toString()));
        p.on("close", () => (out ? resolve(JSON.parse(out) as RunOutcome) : reject(new Error("the grader script printed nothing"))));
      });
    try {
      const [closed, bare] = await Promise.all([gradeWith("default"), gradeWith("bare")]);
      expect(JSON.parse(thrownMessage(closed))).toEqual([]);
      expect(JSON.parse(thrownMessage(bare))).toContain("the instructor's secret");
    } finally {
      closeSync(fd);
    }
  });

  it("records a throw from a timer as a late error of the case that set it; the next case still runs", async () => {
    const s = sandbox();
    expect((await run(s, "late-timer")).kind).toBe("outputs");
    expect(await run(s, "ok")).toMatchObject({ kind: "outputs" });
    const late = await until(() => {
      const l = s.takeLateErrors();
      return l.length > 0 ? l : undefined;
    });
    expect(late).toEqual([{ caseId: "late-timer", kind: "exception", error: expect.objectContaining({ name: "Error", message: "late boom" }) }]);
    expect(await run(s, "ok")).toMatchObject({ kind: "outputs" });
  });

  it("records an unhandled rejection as a late error of kind rejection", async () => {
    const s = sandbox();
    expect((await run(s, "late-reject")).kind).toBe("outputs");
    expect(await run(s, "ok")).toMatchObject({ kind: "outputs" });
    const late = await until(() => {
      const l = s.takeLateErrors();
      return l.length > 0 ? l : undefined;
    });
    expect(late).toEqual([{ caseId: "late-reject", kind: "rejection", error: expect.objectContaining({ message: "late reject" }) }]);
  });

  it("reports garbage and a forged result on the channel as malformed, then starts afresh", async () => {
    const s = sandbox();
    expect(await run(s, "garbage")).toMatchObject({ kind: "malformed", detail: expect.stringContaining("limit is") });
    expect(await run(s, "forged")).toMatchObject({ kind: "malformed", detail: expect.stringContaining("more elements than the message carries") });
    expect(await run(s, "ok")).toMatchObject({ kind: "outputs" });
  });

  it("refuses a 400 MB frame from its length, quickly and without buffering it", async () => {
    const s = sandbox({ memoryLimitBytes: 2 ** 31 });
    const before = process.memoryUsage().rss;
    const started = Date.now();
    expect(await run(s, "huge", {}, 20_000)).toMatchObject({ kind: "malformed", detail: expect.stringContaining("400000000-byte message") });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 2 ** 20);
  });

  it("lets no trace_events file into the grader's folders", async () => {
    const traces = (dir: string, recursive: boolean) => readdirSync(dir, { recursive }).filter((f) => String(f).includes("node_trace"));
    const s = sandbox();
    expect((await run(s, "trace")).kind).toBe("outputs");
    await new Promise((r) => setTimeout(r, 500));
    expect(traces(process.cwd(), false)).toEqual([]);
    expect(traces(root, true)).toEqual([]);
  });
});

describe("a submission that fails to load", () => {
  it("is remembered when the module threw: later cases fail at once", async () => {
    const s = sandbox({ bundle: bundles.throws });
    const first = await run(s, "ok");
    expect(first).toMatchObject({ kind: "load-failed", detail: "your code threw while it was being loaded", error: { message: "boom at load" } });
    expect(await run(s, "ok")).toBe(first);
  });

  it("is remembered when the module left an unhandled rejection", async () => {
    const s = sandbox({ bundle: bundles.rejects });
    const first = await run(s, "ok");
    expect(first).toMatchObject({ kind: "load-failed", detail: expect.stringContaining("promise rejection"), error: { message: "rejected at load" } });
    expect(await run(s, "count")).toBe(first);
  });

  it("is remembered when the module exited", async () => {
    const s = sandbox({ bundle: bundles.exits });
    const first = await run(s, "ok");
    expect(first).toMatchObject({ kind: "load-failed", detail: expect.stringContaining("exited with code 4 while loading it") });
    expect(await run(s, "ok")).toBe(first);
  });

  it("is not the submission's fault, nor remembered, when the process could not even start", async () => {
    const s = sandbox({ isolation: { ...BARE, prefix: ["bash", "-c", "exit 3"] } });
    const first = await run(s, "ok");
    expect(first).toMatchObject({ kind: "load-failed", detail: expect.stringContaining("could not start the process for your code (it exited with code 3") });
    expect(await run(s, "ok")).not.toBe(first);
  });

  it("is tried again after a timeout", async () => {
    const s = sandbox({ bundle: bundles.loops, startupTimeoutMs: 500 });
    const first = await run(s, "ok");
    expect(first).toMatchObject({ kind: "load-failed", detail: expect.stringContaining("took more than 0.5 s") });
    const started = Date.now();
    const second = await run(s, "ok");
    expect(second).not.toBe(first);
    expect(second.kind).toBe("load-failed");
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
  });
});

describe("the network", () => {
  let server: Server;
  let port = 0;
  let connections = 0;

  beforeAll(async () => {
    server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const address = server.address();
    port = typeof address === "object" && address !== null ? address.port : 0;
  });

  afterAll(() => server.close());

  async function connectionsFrom(s: Sandbox, caseId: string, size: Record<string, number | string>): Promise<number> {
    const before = connections;
    expect((await run(s, caseId, size)).kind).toBe("outputs");
    await new Promise((r) => setTimeout(r, 300));
    return connections - before;
  }

  it("is reached by a bare child (the control)", async () => {
    expect(await connectionsFrom(sandbox({ isolation: BARE }), "tcp", { port })).toBe(1);
  });

  it.skipIf(!iso.net)("is out of reach: no TCP connection to 127.0.0.1 (needs a network namespace)", async () => {
    expect(await connectionsFrom(sandbox(), "tcp", { port })).toBe(0);
  });

  it.skipIf(!iso.uid)("leaves a Unix socket of the grader's out of reach (needs the child to run as nobody)", async () => {
    const dir = mkdtempSync(join(root, "sock-"));
    const path = join(dir, "grader.sock");
    let accepted = 0;
    const unix = createServer((socket) => {
      accepted++;
      socket.destroy();
    });
    await new Promise<void>((r) => unix.listen(path, r));
    try {
      expect((await run(sandbox({ isolation: BARE }), "unix", { path })).kind).toBe("outputs");
      await until(() => (accepted > 0 ? accepted : undefined));
      expect(accepted).toBe(1);
      expect((await run(sandbox(), "unix", { path })).kind).toBe("outputs");
      await new Promise((r) => setTimeout(r, 300));
      expect(accepted).toBe(1);
    } finally {
      unix.close();
    }
  });
});

describe("signals", () => {
  // kill(-1) as root outside a PID namespace would kill every process of the machine.
  it.skipIf(!iso.pid)("from the child reach neither the grader nor another sandbox (needs a PID namespace)", async () => {
    const other = sandbox();
    expect(await run(other, "count")).toMatchObject({ outputs: { n: { value: 1 } } });
    const attacker = sandbox();
    await run(attacker, "kill", {}, 2000);
    expect(await run(other, "count")).toMatchObject({ outputs: { n: { value: 2 } } });
    expect(await run(attacker, "ok")).toMatchObject({ kind: "outputs" });
  });
});
