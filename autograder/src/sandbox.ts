/**
 * Runs the bundled submission in a separate Node process under Node's permission model:
 * it may read its own bundle and nothing else, and may not write files, spawn processes,
 * start workers or load addons. The grader sends one case at a time over the IPC channel
 * and waits for the reply, a time limit and a memory limit:
 *
 * - the time limit kills the child's whole process group (it runs detached, as a group leader);
 * - V8's heap flag does not count typed arrays, so the grader also reads the child's
 *   resident memory (/proc/<pid>/status, every 50 ms) and kills it above the limit;
 * - a child that dies (process.exit, a crash, a kill) fails the case in flight only: the
 *   next case starts a fresh child.
 *
 * What the child prints is captured (by the child, per case, and from its pipes for
 * anything that slips past) and returned as text; it is never parsed.
 */
import { fork, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import type { ChildMessage, PingRequest, RunRequest, ThrownError } from "./child.js";
import type { WireValue } from "./wire.js";

export interface SandboxOptions {
  /** The bundled script (bundle.ts). */
  bundle: string;
  /**
   * For `--device cuda`: the folder of the CUDA addon. The child may then load addons and
   * read that folder (and only it, besides its bundle); the loader finds it through
   * KIT_CUDA_ADDON_DIR, since bundling moves the path it would look in.
   */
  addonDir?: string;
  /** Time limit for loading the submission, in milliseconds. */
  startupTimeoutMs: number;
  /** Memory limit of the child's resident set, in bytes. */
  memoryLimitBytes: number;
}

export type RunOutcome =
  | { kind: "outputs"; outputs: Record<string, WireValue>; output: string }
  | { kind: "threw"; error: ThrownError; output: string }
  | { kind: "timeout"; ms: number; output: string }
  | { kind: "memory"; limitBytes: number; output: string }
  | { kind: "exited"; code: number | null; signal: string | null; output: string }
  | { kind: "load-failed"; detail: string; error?: ThrownError; output: string };

/** `--permission` from Node 22 on (where it is no longer experimental); before it, `--experimental-permission`. */
export function permissionFlag(): string {
  return process.allowedNodeEnvironmentFlags.has("--permission") ? "--permission" : "--experimental-permission";
}

/** Resident memory of a process in bytes, or undefined where /proc cannot tell. */
function residentBytes(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

const PIPE_CAP = 4000;
/** How long a freshly loaded child may take to answer a ping. */
const PING_TIMEOUT_MS = 3000;
const live = new Set<ChildProcess>();

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    child.kill("SIGKILL");
  }
}

process.once("exit", () => {
  for (const child of live) killGroup(child);
});

export class Sandbox {
  private child?: ChildProcess;
  private pipeText = "";
  /** Set when the submission cannot even load: every later case fails the same way, at once. */
  private loadFailure?: RunOutcome;

  constructor(private readonly opts: SandboxOptions) {}

  /** Runs one case in the child; never throws for anything the submission does. */
  async run(req: Omit<RunRequest, "type">, timeoutMs: number): Promise<RunOutcome> {
    if (this.loadFailure) return this.loadFailure;
    if (this.child === undefined) {
      const started = await this.start();
      if (started !== undefined) {
        this.loadFailure = started;
        return started;
      }
    }
    return this.exchange({ type: "run", ...req }, timeoutMs);
  }

  close(): void {
    if (this.child) killGroup(this.child);
    this.child = undefined;
  }

  /** Starts the child and waits for "ready"; returns the failure when it does not load. */
  private async start(): Promise<RunOutcome | undefined> {
    const addon = this.opts.addonDir;
    const child = fork(this.opts.bundle, [], {
      env: addon ? { ...process.env, KIT_CUDA_ADDON_DIR: addon } : process.env,
      execArgv: [
        permissionFlag(),
        `--allow-fs-read=${this.opts.bundle}`,
        ...(addon ? ["--allow-addons", `--allow-fs-read=${addon}`] : []),
        "--enable-source-maps",
        "--no-warnings",
        `--max-old-space-size=${Math.max(64, Math.floor(this.opts.memoryLimitBytes / 2 ** 20))}`,
      ],
      serialization: "advanced",
      stdio: ["ignore", "pipe", "pipe", "ipc"],
      detached: true,
    });
    live.add(child);
    child.once("close", () => live.delete(child));
    child.once("exit", () => {
      if (this.child === child) this.child = undefined;
    });
    // Sending to a child that has just died emits "error"; its "close" reports the death.
    child.on("error", () => killGroup(child));
    this.pipeText = "";
    const onData = (d: Buffer) => {
      if (this.pipeText.length < PIPE_CAP) this.pipeText += d.toString("utf8").slice(0, PIPE_CAP - this.pipeText.length);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    this.child = child;
    const outcome = await this.exchange(undefined, this.opts.startupTimeoutMs);
    if (outcome.kind === "outputs") {
      // "ready" came; a child that then cannot answer a ping is kept busy by something its code started.
      const pong = await this.exchange({ type: "ping" }, PING_TIMEOUT_MS);
      if (pong.kind === "outputs") return undefined;
      return {
        kind: "load-failed",
        detail: `after loading, your code keeps the process busy (a setInterval or timer running a long loop?): it did not answer within ${PING_TIMEOUT_MS / 1000} s`,
        output: pong.output,
      };
    }
    const why: Record<RunOutcome["kind"], string> = {
      outputs: "",
      threw: "your code threw while it was being loaded",
      "load-failed": "your code threw while it was being loaded",
      timeout: `loading your code took more than ${this.opts.startupTimeoutMs / 1000} s (an infinite loop at module level?)`,
      memory: "loading your code used more memory than the limit",
      exited: "the process running your code exited while loading it",
    };
    return {
      kind: "load-failed",
      detail: why[outcome.kind],
      error: outcome.kind === "threw" || outcome.kind === "load-failed" ? (outcome as { error?: ThrownError }).error : undefined,
      output: outcome.output,
    };
  }

  /** Sends `request` (or nothing: waits for "ready") and resolves with the first reply or failure. */
  private exchange(request: RunRequest | PingRequest | undefined, timeoutMs: number): Promise<RunOutcome> {
    const child = this.child!;
    return new Promise<RunOutcome>((resolvePromise) => {
      let done = false;
      const finish = (outcome: RunOutcome, kill: boolean) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        clearInterval(watch);
        child.off("message", onMessage);
        child.off("close", onClose);
        if (kill) {
          killGroup(child);
          this.child = undefined;
        }
        const stray = this.pipeText;
        this.pipeText = "";
        resolvePromise({ ...outcome, output: joinOutput(outcome.output, stray) });
      };
      const onMessage = (raw: unknown) => {
        const msg = raw as ChildMessage;
        switch (msg?.type) {
          case "ready":
          case "pong":
            return finish({ kind: "outputs", outputs: {}, output: "" }, false);
          case "result":
            return finish({ kind: "outputs", outputs: msg.outputs ?? {}, output: String(msg.output ?? "") }, false);
          case "error":
            return finish({ kind: "threw", error: msg.error, output: String(msg.output ?? "") }, false);
          case "load-error":
            return finish({ kind: "load-failed", detail: "", error: msg.error, output: String(msg.output ?? "") }, true);
          default:
            return finish({ kind: "exited", code: null, signal: "a malformed message to the grader", output: "" }, true);
        }
      };
      const onClose = (code: number | null, signal: string | null) => {
        this.child = undefined;
        finish({ kind: "exited", code, signal, output: "" }, false);
      };
      const timer = setTimeout(() => finish({ kind: "timeout", ms: timeoutMs, output: "" }, true), timeoutMs);
      const watch = setInterval(() => {
        const rss = child.pid === undefined ? undefined : residentBytes(child.pid);
        if (rss !== undefined && rss > this.opts.memoryLimitBytes) {
          finish({ kind: "memory", limitBytes: this.opts.memoryLimitBytes, output: "" }, true);
        }
      }, 50);
      child.on("message", onMessage);
      child.once("close", onClose);
      if (request) child.send(request);
    });
  }
}

function joinOutput(a: string, b: string): string {
  return a && b ? `${a}\n${b}` : a || b;
}
